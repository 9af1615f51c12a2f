"""Races on the fund's money, jury and submissions (PostgreSQL, real threads, one connection
each, through `core.tests.races.race`).

Each race has a control case that patches the real lock out of the real service
(`no_lock`) and widens the window between check and write: the same workload then breaks the
invariant, so the test proves the lock is what holds it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from logbuch.core.tests.races import RaceResult, no_lock
from logbuch.fund import ledger
from logbuch.fund.errors import BudgetExceeded, JuryError, PayoutError, RuleViolation
from logbuch.fund.models import (
    Application,
    ApplicationStatus,
    Category,
    CostType,
    Decision,
    DecisionMode,
    JuryVote,
    LedgerEntry,
    LedgerKind,
    Payout,
    PayoutSchedule,
)
from logbuch.fund.services import applications, decisions, payouts
from logbuch.fund.services.decisions import application_decide, jury_decide, jury_vote_cast
from logbuch.fund.services.payouts import payout_make
from logbuch.fund.tests.factories import (
    CallFactory,
    JuryMemberFactory,
    draft_application,
    funded_category,
    submitted_application,
)
from logbuch.fund.tests.helpers import race_cleanly
from logbuch.towns.models import Town, User
from logbuch.towns.tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 24
AMOUNT = 100_000  # 1,000 € each
BUDGET = 1_000_000  # 10,000 € -> exactly 10 fit


def _slowed(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, seconds: float) -> None:
    """Widen the window after `module.name` returns (between a service's check and its write)."""
    original: Callable[..., Any] = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(module, name, slow)


# --- approvals never overspend ---------------------------------------------------------------


def _approve_all(app_ids: list[int]) -> RaceResult:
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

    return race_cleanly(approve, len(app_ids), (BudgetExceeded,))


def _applications(town: Town) -> tuple[Category, list[int]]:
    category = funded_category(town, budget_cents=BUDGET, max_amount_cents=AMOUNT)
    apps = [submitted_application(category, requested_cents=AMOUNT) for _ in range(N)]
    return category, [a.pk for a in apps]


def test_concurrent_approvals_book_exactly_what_fits(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    category, app_ids = _applications(town)
    _slowed(monkeypatch, ledger, "bucket_balance", 0.05)
    result = _approve_all(app_ids)

    assert len(result.succeeded) == BUDGET // AMOUNT == 10
    assert len(result.refused) == N - 10
    assert all("nur noch" in str(e) for e in result.refused)
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert balance.committed == 10 * AMOUNT <= balance.allocated
    assert balance.available == 0
    # Every approval is either fully booked (decision + commitment) or not at all.
    commitments = set(
        LedgerEntry.objects.filter(kind=LedgerKind.COMMITMENT).values_list(
            "application_id", flat=True
        )
    )
    decided = set(Decision.objects.values_list("application_id", flat=True))
    assert commitments == decided == set(result.succeeded)
    still_submitted = Application.objects.filter(
        pk__in=app_ids, status=ApplicationStatus.SUBMITTED
    ).values_list("pk", flat=True)
    assert set(still_submitted) == set(app_ids) - set(result.succeeded)


def test_control_without_the_lock_the_race_overspends(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every thread reads the full budget before anyone books: far more than the budget."""
    category, app_ids = _applications(town)
    _slowed(monkeypatch, ledger, "bucket_balance", 0.05)
    monkeypatch.setattr(ledger, "lock", no_lock)
    monkeypatch.setattr(decisions, "lock", no_lock)
    result = _approve_all(app_ids)

    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert len(result.succeeded) > 10
    assert balance.committed > balance.allocated
    assert balance.available < 0


# --- payouts -----------------------------------------------------------------------------------


def _payer(app: Application) -> User:
    """Who pays in these tests (anyone may; the services do not check roles)."""
    assert app.applicant is not None
    return app.applicant


def _approved(town: Town, **rules: Any) -> Application:
    category = funded_category(town, budget_cents=BUDGET, **rules)
    app: Application = submitted_application(category, requested_cents=AMOUNT)
    application_decide(
        application=app,
        actor=None,
        mode=DecisionMode.JURY,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=AMOUNT,
        reason="ok",
    )
    return app


def test_a_payout_retried_concurrently_is_paid_once(town: Town) -> None:
    """Ten simultaneous requests with the same idempotency key (a double click, a retry after
    a timeout): one payout, one ledger entry, every request gets that same payout back.

    The key's uniqueness is what holds this (the loser's insert fails and it returns the
    winner's payout); the lock holds the amount, see the receipts race below."""
    app = _approved(town)

    def pay(i: int) -> int:
        mine = Application.objects.get(pk=app.pk)
        return payout_make(application=mine, actor=_payer(app), idempotency_key="klick-1").pk

    result = race_cleanly(pay, 10, ())
    assert len(result.succeeded) == 10 and len(set(result.succeeded)) == 1
    assert LedgerEntry.objects.filter(kind=LedgerKind.PAYOUT).count() == 1
    assert ledger.bucket_balance(fund=app.fund, category=app.category).paid == AMOUNT * 80 // 100


def _pay_receipts_at_once(app: Application, *, each: int, n: int) -> RaceResult:
    """n coordinators each pay a receipt at once, each with their own form (own key)."""

    def pay(i: int) -> int:
        mine = Application.objects.get(pk=app.pk)
        payout = payout_make(
            application=mine, actor=_payer(app), idempotency_key=f"beleg-{i}", amount_cents=each
        )
        return payout.amount_cents

    return race_cleanly(pay, n, (PayoutError,))


def _paid_once_already(town: Town) -> Application:
    """Approved 1,000 € against receipts, 100 € paid: the application is "Ausgezahlt", so a
    further receipt changes no status (whose conditional UPDATE would serialise the payouts)."""
    app = _approved(town, payout_schedule=PayoutSchedule.RECEIPTS)
    payout_make(application=app, actor=_payer(app), idempotency_key="erster", amount_cents=10_000)
    return app


def test_receipts_paid_at_once_never_pay_more_than_approved(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _paid_once_already(town)
    _slowed(monkeypatch, ledger, "application_paid", 0.1)
    result = _pay_receipts_at_once(app, each=AMOUNT * 4 // 10, n=4)

    assert len(result.succeeded) == 2 and len(result.refused) == 2
    assert sum(Payout.objects.filter(application=app).values_list("amount_cents", flat=True)) <= (
        AMOUNT
    )


def test_control_without_the_lock_receipts_paid_at_once_overpay(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _paid_once_already(town)
    _slowed(monkeypatch, ledger, "application_paid", 0.1)
    monkeypatch.setattr(ledger, "lock", no_lock)
    monkeypatch.setattr(payouts, "lock", no_lock)
    _pay_receipts_at_once(app, each=AMOUNT * 4 // 10, n=4)

    paid = sum(Payout.objects.filter(application=app).values_list("amount_cents", flat=True))
    assert paid > AMOUNT


# --- the applicant's per-call cap at submit ------------------------------------------------------


def _submit_three_at_once(town: Town) -> tuple[User, RaceResult]:
    category = funded_category(town, max_applications_per_call=1)
    call = CallFactory(town=town, fund=category.fund)
    applicant = UserFactory()
    drafts = [
        draft_application(
            category,
            call=call,
            applicant=applicant,
            requested_cents=30_000,
            costs=[(CostType.MATERIAL, 30_000)],
        )
        for _ in range(3)
    ]

    def submit(i: int) -> int:
        mine = Application.objects.get(pk=drafts[i].pk)
        applications.application_submit(application=mine, actor=applicant)
        return mine.pk

    return applicant, race_cleanly(submit, 3, (RuleViolation,))


def _submitted_by(applicant: User) -> int:
    return Application.objects.filter(
        applicant=applicant, status=ApplicationStatus.SUBMITTED
    ).count()


def test_three_submits_at_once_respect_the_cap_of_one_per_call(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, applications, "application_check", 0.2)
    applicant, result = _submit_three_at_once(town)

    assert len(result.succeeded) == 1 and len(result.refused) == 2
    assert all("Anträge je Aufruf" in str(e) for e in result.refused)
    assert _submitted_by(applicant) == 1


def test_control_without_the_lock_three_submits_pass_the_cap(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, applications, "application_check", 0.2)
    monkeypatch.setattr(applications, "lock", no_lock)
    applicant, _result = _submit_three_at_once(town)

    assert _submitted_by(applicant) == 3


# --- jury votes against the jury's decision ------------------------------------------------------


def _vote_while_deciding(town: Town) -> Application:
    """Three of five jurors voted yes (quorum met); the chair closes the vote while the last
    two cast theirs."""
    category = funded_category(town, budget_cents=BUDGET, jury_quorum_percent=50)
    app: Application = submitted_application(category, requested_cents=AMOUNT)
    jurors = [JuryMemberFactory(town=town, fund=category.fund) for _ in range(5)]
    for juror in jurors[:3]:
        jury_vote_cast(application=app, user=juror.user, choice=JuryVote.Choice.YES)
    late = [juror.user for juror in jurors[3:]]

    def act(i: int) -> str:
        mine = Application.objects.get(pk=app.pk)
        if i == 0:
            jury_decide(
                application=mine,
                actor=jurors[0].user,
                amount_cents=AMOUNT,
                reason="Mehrheit",
                minutes="Sitzung",
            )
            return "decided"
        time.sleep(0.05)  # the decision has counted; the votes arrive while it is written
        jury_vote_cast(application=mine, user=late[i - 1], choice=JuryVote.Choice.NO)
        return "voted"

    race_cleanly(act, 3, (JuryError,))
    return app


def _counted_and_stored(app: Application) -> tuple[int, int]:
    decision = Decision.objects.get(application=app)
    counted = decision.votes_yes + decision.votes_no + decision.votes_abstain
    return counted, JuryVote.objects.filter(application=app).count()


def test_a_vote_cast_while_the_jury_decides_is_counted_or_refused(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, decisions, "jury_tally", 0.3)
    app = _vote_while_deciding(town)

    counted, stored = _counted_and_stored(app)
    assert counted == stored


def test_control_without_the_lock_votes_are_stored_but_not_counted(
    town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, decisions, "jury_tally", 0.3)
    monkeypatch.setattr(ledger, "lock", no_lock)
    monkeypatch.setattr(decisions, "lock", no_lock)
    app = _vote_while_deciding(town)

    counted, stored = _counted_and_stored(app)
    assert counted == 3 and stored == 5
