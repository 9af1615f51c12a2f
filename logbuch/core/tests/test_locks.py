"""`lock()` refuses to run outside a transaction and locks rows in one order."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
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
