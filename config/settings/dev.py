"""Local development: DEBUG on, SQLite by default, mails printed to the console."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
# `make run` has no worker process: tasks (emails) run right away in the request.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
