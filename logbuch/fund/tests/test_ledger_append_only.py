"""The ledger is append-only in the database itself, on PostgreSQL and on SQLite."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from logbuch.fund.models import LedgerEntry, LedgerKind
from logbuch.fund.tests.factories import FundFactory
from logbuch.towns.tests.factories import TownFactory, UserFactory

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


def test_only_unlinking_the_author_of_a_ledger_row_is_let_through(town):
    """Erasure of a person (DSGVO) empties the author link; nothing else may change with it."""
    author = UserFactory()
    other = UserFactory()
    entry = _entry(town)
    LedgerEntry.objects.create(
        town=town, fund=entry.fund, kind=LedgerKind.ALLOCATION, amount_cents=5, reason="x"
    )
    booked = LedgerEntry.objects.create(
        town=town,
        fund=entry.fund,
        kind=LedgerKind.ALLOCATION,
        amount_cents=100,
        reason="Haushalt",
        author=author,
    )
    rows = LedgerEntry.objects.filter(pk=booked.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(author=other)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(author=None, amount_cents=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(author=None, reason="anders")
    rows.update(author=None)
    booked.refresh_from_db()
    assert (booked.author_id, booked.amount_cents, booked.reason) == (None, 100, "Haushalt")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(author=author)
