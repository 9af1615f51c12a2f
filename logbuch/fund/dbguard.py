"""The SQLite half of the append-only ledger guard.

PostgreSQL refuses UPDATE/DELETE of ledger rows with row triggers; wiping a whole database there
uses TRUNCATE, which row triggers do not see. SQLite has no TRUNCATE: `manage.py flush` deletes row
by row. So the SQLite DELETE trigger asks `fund_ledger_locked()`, a function registered on every
SQLite connection, and only the flush command (wiping every table of the database at once) turns
it off for its duration. Without the function (e.g. the sqlite3 shell) the trigger fails closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_wiping = False


def _locked() -> int:
    return 0 if _wiping else 1


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("fund_ledger_locked", 0, _locked)


@contextmanager
def ledger_wipe_allowed() -> Iterator[None]:
    """Only for wiping the entire database (manage.py flush); never for single rows."""
    global _wiping  # noqa: PLW0603 - one process-wide switch, on only while flush runs
    _wiping = True
    try:
        yield
    finally:
        _wiping = False
