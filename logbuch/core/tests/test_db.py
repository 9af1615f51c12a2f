"""fetch_all: plain SQL through Django's connection, prepared once on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from logbuch.core.db import fetch_all

pytestmark = pytest.mark.django_db


def test_rows_come_back_and_the_statement_is_logged():
    with CaptureQueriesContext(connection) as queries:
        rows = fetch_all("SELECT %s + 1", [41], using="default")
    assert rows == [(42,)]
    assert len(queries) == 1


@pytest.mark.postgres
def test_statement_is_prepared_once_per_connection():
    sql = "SELECT %s::int * 2"
    assert fetch_all(sql, [21], using="default") == [(42,)]
    assert fetch_all(sql, [4], using="default") == [(8,)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [sql.replace("%s", "$1")],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.postgres
def test_without_prepared_statements_django_s_cursor_runs_it(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {})
    sql = "SELECT %s::int * 3"
    assert fetch_all(sql, [2], using="default") == [(6,)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [sql.replace("%s", "$1")],
        )
        assert cursor.fetchone()[0] == 0
