"""The ledger is append-only in the database itself, on PostgreSQL and on SQLite."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from logbuch.fund.models import LedgerEntry, LedgerKind
from logbuch.fund.tests.factories import FundFactory
from logbuch.towns.tests.factories import TownFactory

pytestmark = pytest.mark.django_db


def _entry(town) -> LedgerEntry:
    fund = FundFactory(town=town)
    return LedgerEntry.objects.create(
        town=town, fund=fund, kind=LedgerKind.ALLOCATION, amount_cents=100, reason="Haushalt"
    )


def test_update_of_a_ledger_row_is_refused_by_the_database(town):
    entry = _entry(town)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_cents=999)
    entry.refresh_from_db()
    assert entry.amount_cents == 100


def test_delete_of_a_ledger_row_is_refused_by_the_database(town):
    entry = _entry(town)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_update_is_refused_too(town):
    entry = _entry(town)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE fund_ledgerentry SET reason = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.reason == "Haushalt"


@pytest.mark.django_db(transaction=True)
def test_only_a_whole_database_flush_may_remove_ledger_rows(town):
    entry = _entry(town)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    call_command("flush", verbosity=0, interactive=False)
    assert not LedgerEntry.objects.exists()
    # The guard is back on afterwards.
    entry = _entry(TownFactory())
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
