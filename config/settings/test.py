"""Test settings: fast hashing, in-memory mail, tasks run immediately."""

import os
import secrets

from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# With REDIS_URL (CI, `make test`) the shared cache and the sessions run on Redis as in
# production; every test process gets a key prefix of its own (pytest-xdist worker and a
# random id), so parallel workers and runs never see or clear each other's keys.
if REDIS_URL:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    CACHES["default"] |= {
        "BACKEND": "logbuch.core.tests.cache.PrefixScopedRedisCache",
        "KEY_PREFIX": f"test:{worker}:{secrets.token_hex(6)}",
    }
else:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
AXES_ENABLED = True
