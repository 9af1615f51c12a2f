"""Local development: DEBUG on, SQLite by default, mails printed to the console."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
