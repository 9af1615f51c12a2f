# ruff: noqa: F403, F405 (settings extend production via a star import)
"""Benchmark settings: production settings served over plain HTTP on localhost.

Only what HTTPS-on-localhost forces is relaxed (SSL redirect, secure cookies, HSTS); everything
else (DEBUG off, manifest static files, CSP, middleware, sessions and cache on Redis) is
production's.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-fixed-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("EMAIL_URL", "consolemail://")  # the bench sends no mail
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_KEY_PREFIX", "logbuch-bench")

from config.settings.production import *

DEBUG = False
SECRET_KEY = "bench-only-fixed-secret-key-0123456789abcdefghijklmnop"
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ROOT_URLCONF = "bench.urls"
STATIC_ROOT = env.path("BENCH_STATIC_ROOT", default=BASE_DIR / "bench" / "results" / "static")
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}
