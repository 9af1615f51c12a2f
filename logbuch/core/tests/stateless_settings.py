"""Settings for the two-app-server test: the shipped base settings plus two probe URLs."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "logbuch.core.tests.stateless_urls"
DEBUG = False
