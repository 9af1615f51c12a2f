"""Every log line is printed once, also under `make run` (DEBUG)."""

from __future__ import annotations

import logging

from django.utils.log import configure_logging

from config.settings import base


def test_a_django_warning_is_printed_once_with_debug_on(settings, capsys):
    settings.DEBUG = True  # Django's own console handler prints only with DEBUG
    try:
        configure_logging(settings.LOGGING_CONFIG, base.LOGGING)
        logging.getLogger("django.request").warning("Not Found: /fehlt/")
        logging.getLogger("logbuch.test").warning("Eigene Meldung")
        printed = capsys.readouterr().err
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    assert printed.count("Not Found: /fehlt/") == 1
    assert printed.count("Eigene Meldung") == 1
