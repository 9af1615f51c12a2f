"""Local development: DEBUG on, SQLite by default, mails printed to the console."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
# `make run` has no worker process: tasks (emails) run right away in the request.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Template edits and data changes show at once: no per-server page and fragment memory
# under `make run` (production keeps visitor pages 60 s and layout fragments 10 minutes).
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
