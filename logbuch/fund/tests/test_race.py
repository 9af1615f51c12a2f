"""Concurrent approvals never overspend (PostgreSQL, real threads, one connection each).

A control case without the fund lock shows the race is real: the same workload then commits
more than the budget.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import close_old_connections, connection

from logbuch.core.tests.races import no_lock, race
from logbuch.fund import ledger
from logbuch.fund.errors import BudgetExceeded
from logbuch.fund.models import (
    Application,
    ApplicationStatus,
    Decision,
    DecisionMode,
    LedgerEntry,
    LedgerKind,
)
from logbuch.fund.services import decisions
from logbuch.fund.services.decisions import application_decide
from logbuch.fund.services.payouts import payout_make
from logbuch.fund.tests.factories import funded_category, submitted_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 24
AMOUNT = 100_000  # 1,000 € each
BUDGET = 1_000_000  # 10,000 € -> exactly 10 fit


def _run_approvals(app_ids: list[int]) -> tuple[list[int], list[str], list[BaseException]]:
    def approve(i: int) -> int:
        app = Application.objects.get(pk=app_ids[i])
        application_decide(
            application=app,
            actor=None,
            mode=DecisionMode.JURY,
            outcome=Decision.Outcome.APPROVED_FULL,
            amount_cents=AMOUNT,
            reason="Jury: passt.",
        )
        return app.pk

    result = race(approve, len(app_ids), refusals=(BudgetExceeded,), timeout=120)
    close_old_connections()
    return result.succeeded, [str(e) for e in result.refused], result.crashed


def _slow_balance(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the window between reading the balance and booking, to make a race certain."""
    original = ledger.bucket_balance

    def slow(**kwargs):  # type: ignore[no-untyped-def]
        result = original(**kwargs)
        time.sleep(0.05)
        return result

    monkeypatch.setattr(ledger, "bucket_balance", slow)


def _setup(town):  # type: ignore[no-untyped-def]
    category = funded_category(town, budget_cents=BUDGET, max_amount_cents=AMOUNT)
    apps = [submitted_application(category, requested_cents=AMOUNT) for _ in range(N)]
    return category, [a.pk for a in apps]


def test_concurrent_approvals_book_exactly_what_fits(town, monkeypatch):
    category, app_ids = _setup(town)
    _slow_balance(monkeypatch)
    approved, refused, crashed = _run_approvals(app_ids)

    assert crashed == []
    assert len(approved) == BUDGET // AMOUNT == 10
    assert len(refused) == N - 10
    assert all("nur noch" in message for message in refused)
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert balance.committed == 10 * AMOUNT <= balance.allocated
    assert balance.available == 0
    # Every approval is either fully booked (decision + commitment) or not at all.
    commitments = set(
        LedgerEntry.objects.filter(kind=LedgerKind.COMMITMENT).values_list(
            "application_id", flat=True
        )
    )
    decisions = set(Decision.objects.values_list("application_id", flat=True))
    assert commitments == decisions == set(approved)
    assert set(
        Application.objects.filter(pk__in=app_ids, status=ApplicationStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    ) == set(app_ids) - set(approved)


def test_control_without_the_lock_the_race_overspends(town, monkeypatch):
    """Same workload with the fund lock removed: every thread reads the full budget before
    anyone books, so far more than the budget gets committed. Proves the lock matters."""
    category, app_ids = _setup(town)
    _slow_balance(monkeypatch)
    # The real services with the real lock taken out (fund row and application row).
    monkeypatch.setattr(ledger, "lock", no_lock)
    monkeypatch.setattr(decisions, "lock", no_lock)
    approved, _refused, crashed = _run_approvals(app_ids)

    assert crashed == []
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert len(approved) > 10
    assert balance.committed > balance.allocated
    assert balance.available < 0


def test_a_payout_retried_concurrently_is_paid_once(town):
    """Ten simultaneous requests with the same idempotency key (a double click, a retry after a
    timeout): one payout, one ledger entry, every request gets that same payout back."""
    category = funded_category(town, budget_cents=BUDGET)
    app = submitted_application(category, requested_cents=AMOUNT)
    application_decide(
        application=app,
        actor=None,
        mode=DecisionMode.JURY,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=AMOUNT,
        reason="ok",
    )
    barrier = threading.Barrier(10)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            mine = Application.objects.get(pk=app.pk)
            barrier.wait(timeout=30)
            payout = payout_make(application=mine, actor=app.applicant, idempotency_key="klick-1")
            results.append(payout.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    assert errors == []
    assert len(results) == 10 and len(set(results)) == 1
    assert LedgerEntry.objects.filter(kind=LedgerKind.PAYOUT).count() == 1
    assert ledger.bucket_balance(fund=category.fund, category=category).paid == AMOUNT * 80 // 100
