"""Local development: DEBUG on, SQLite by default, mails printed to the console."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
# `make run` has no worker process: tasks (emails) run right away in the request.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Template edits and data changes show at once for visitors too (production keeps them 60 s).
VISITOR_PAGE_SECONDS = env.int("VISITOR_PAGE_SECONDS", default=0)
