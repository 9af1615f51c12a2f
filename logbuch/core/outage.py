"""A database outage is logged once, as a warning without traceback.

Every request during an outage ends in the 503 page (`core.views.server_error`); Django's
`django.request` logger would record each with a full chained traceback at ERROR (the attack
run counted 3,639 for 1,855 answers). The filter below lets the first such record of an
outage through as one WARNING line with the driver's message and drops the rest; the next
successful connection (`connection_created`) ends the outage for this process, and the
recovery is logged at INFO.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.backends.signals import connection_created

logger = logging.getLogger("logbuch.database")
_lock = threading.Lock()
_outage = {"reported": False}


def is_database_outage(exc: BaseException | None) -> bool:
    """The error means the database cannot be reached (answered with 503, not 500)."""
    return isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DatabaseError) and "connect" in str(exc).lower()
    )


class DatabaseOutageFilter(logging.Filter):
    """On `django.request`: one WARNING per outage instead of a traceback per request."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not is_database_outage(exc):
            return True
        with _lock:
            if _outage["reported"]:
                return False
            _outage["reported"] = True
        record.msg = "Database unreachable, answering 503 until it is back (%s): %s"
        record.args = (type(exc).__name__, str(exc).strip())
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def _connected(**kwargs: Any) -> None:
    with _lock:
        was_reported, _outage["reported"] = _outage["reported"], False
    if was_reported:
        logger.info("Database reachable again.")


connection_created.connect(_connected, dispatch_uid="core-database-outage-ended")
