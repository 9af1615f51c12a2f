"""`lock()` refuses to run outside a transaction and locks rows in one order."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from logbuch.core.locks import LockOutsideTransaction, lock
from logbuch.towns.tests.factories import TownFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_lock_in_autocommit_mode_raises() -> None:
    town = TownFactory()
    with pytest.raises(LockOutsideTransaction):
        lock(town)


@pytest.mark.django_db
def test_lock_locks_each_model_once_in_label_and_pk_order() -> None:
    towns = [TownFactory() for _ in range(3)]
    user = UserFactory()
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        lock(towns[2], user, towns[0], towns[1])
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 2
    assert "towns_town" in selects[0]
    assert "towns_user" in selects[1]


@pytest.mark.django_db
def test_lock_refuses_unsaved_rows() -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="unsaved"):
        lock(TownFactory.build())


@pytest.mark.django_db(transaction=True)
def test_shared_lock_refuses_to_run_outside_a_transaction_too() -> None:
    with pytest.raises(LockOutsideTransaction):
        lock(TownFactory(), shared=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_shared_holders_do_not_wait_for_each_other_but_an_exclusive_lock_waits() -> None:
    town = TownFactory()
    holding = threading.Event()
    done = threading.Event()

    def hold_shared() -> None:
        with transaction.atomic():
            lock(town, shared=True)
            holding.set()
            done.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=hold_shared)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
            lock(town, shared=True)  # a second shared holder gets in at once
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            lock(town)
    finally:
        done.set()
        holder.join(timeout=30)
