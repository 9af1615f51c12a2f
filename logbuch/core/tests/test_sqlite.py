"""SQLite serialises writers: transactions start with BEGIN IMMEDIATE.

select_for_update() is a no-op on SQLite, so a read-then-write transaction must take the
write lock at BEGIN; otherwise two such transactions deadlock on the lock upgrade and one
fails at once with "database is locked".
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test.utils import CaptureQueriesContext

from logbuch.towns.models import Town

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite only",
)


def test_sqlite_connection_is_configured_for_immediate_transactions():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_database_file_runs_in_wal_mode_without_an_fsync_per_commit(tmp_path, django_db_blocker):
    """WAL with synchronous=NORMAL: a commit does not wait for its own fsync, so the writers'
    lock (see above) is held for the statements alone."""
    db = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "wal.sqlite3")})
    with django_db_blocker.unblock(), db.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL (FULL is 2)
    db.close()


@pytest.mark.django_db(transaction=True)
def test_atomic_block_issues_begin_immediate():
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        Town.objects.count()
    assert ctx.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"


def _read_then_write(path: str, options: dict[str, Any], errors: list[str]) -> None:
    """Read the counter, wait a little, write counter + 1 (a lost update without a lock)."""
    db = DatabaseWrapper({**settings.DATABASES["default"], "NAME": path, "OPTIONS": options})
    try:
        db.ensure_connection()
        db.set_autocommit(True)
        db._start_transaction_under_autocommit()  # type: ignore[attr-defined]  # SQLite's own
        with db.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (n,) = cursor.fetchone()
            threading.Event().wait(0.2)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
        db.commit()
    except Exception as exc:
        errors.append(str(exc))
    finally:
        db.close()


def _race(path: str, options: dict[str, Any]) -> tuple[int, list[str]]:
    setup = DatabaseWrapper({**settings.DATABASES["default"], "NAME": path, "OPTIONS": options})
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    errors: list[str] = []
    threads = [
        threading.Thread(target=_read_then_write, args=(path, options, errors)) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with setup.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
    setup.close()
    return n, errors


def test_two_concurrent_writers_are_serialised(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        n, errors = _race(
            str(tmp_path / "immediate.sqlite3"), settings.DATABASES["default"]["OPTIONS"]
        )
    assert errors == []
    assert n == 2


def test_control_without_immediate_one_writer_fails(tmp_path, django_db_blocker):
    options = {**settings.DATABASES["default"]["OPTIONS"], "transaction_mode": "DEFERRED"}
    with django_db_blocker.unblock():
        n, errors = _race(str(tmp_path / "deferred.sqlite3"), options)
    assert errors, "the race did not happen: the control case proves nothing"
    assert any("locked" in e for e in errors), errors
    assert n == 1
