"""Balances from the ledger, reallocation, lowering budgets, and the balance identities."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logbuch.fund import ledger
from logbuch.fund.errors import BudgetBelowCommitted, BudgetExceeded, FundError
from logbuch.fund.models import (
    Application,
    ApplicationStatus,
    Category,
    Decision,
    DecisionMode,
    FundSource,
    LedgerEntry,
    LedgerKind,
    RepaymentClaim,
)
from logbuch.fund.services.decisions import application_decide
from logbuch.fund.services.payouts import payout_make, proof_check, proof_submit, repayment_record
from logbuch.fund.services.setup import (
    category_budget_set,
    fund_allocation_reduce,
    fund_reallocate,
    fund_source_add,
)
from logbuch.fund.tests.factories import CategoryFactory, funded_category, submitted_application
from logbuch.towns.models import Town, User
from logbuch.towns.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def approve(app, amount, actor=None):
    return application_decide(
        application=app,
        actor=actor,
        mode=DecisionMode.JURY,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=amount,
        reason="Passt.",
    )


def test_available_is_allocated_minus_committed_minus_paid_plus_returned(town, coordinator):
    category = funded_category(town, budget_cents=1_000_000, actor=coordinator)
    app = submitted_application(category, requested_cents=300_000)
    approve(app, 300_000, coordinator)
    payout_make(application=app, actor=coordinator, idempotency_key="k1")  # 80 %
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert balance.allocated == 1_000_000
    assert balance.paid == 240_000
    assert balance.open_commitments == 60_000
    assert balance.available == 1_000_000 - 60_000 - 240_000 + 0 == 700_000
    assert ledger.fund_balance(fund=category.fund) == balance


def test_balances_per_category_come_from_one_query(town, coordinator):
    category = funded_category(town, budget_cents=500_000, actor=coordinator)
    other = CategoryFactory(town=town, fund=category.fund)
    fund_reallocate(
        fund=category.fund,
        actor=coordinator,
        from_category=category,
        to_category=other,
        amount_cents=200_000,
        reason="Mehr Anträge für Jugend",
    )
    with CaptureQueriesContext(connection) as ctx:
        balances = ledger.category_balances(fund=category.fund)
    assert len(ctx.captured_queries) == 1
    assert balances[category.pk].available == 300_000
    assert balances[other.pk].available == 200_000


def test_reallocation_keeps_reason_and_author_and_the_total(town, coordinator):
    category = funded_category(town, budget_cents=500_000, actor=coordinator)
    other = CategoryFactory(town=town, fund=category.fund)
    fund_reallocate(
        fund=category.fund,
        actor=coordinator,
        from_category=category,
        to_category=other,
        amount_cents=100_000,
        reason="Umschichtung nach Beschluss",
    )
    rows = LedgerEntry.objects.filter(kind=LedgerKind.REALLOCATION)
    assert {r.amount_cents for r in rows} == {-100_000, 100_000}
    assert {r.author_id for r in rows} == {coordinator.pk}
    assert {r.reason for r in rows} == {"Umschichtung nach Beschluss"}
    assert len({r.transfer for r in rows}) == 1
    assert ledger.fund_balance(fund=category.fund).available == 500_000


def test_lowering_a_budget_below_what_is_committed_is_refused(town, coordinator):
    category = funded_category(town, budget_cents=500_000, actor=coordinator)
    approve(submitted_application(category, requested_cents=400_000), 400_000)
    with pytest.raises(BudgetBelowCommitted, match="bereits bewilligt"):
        category_budget_set(
            category=category, actor=coordinator, amount_cents=300_000, reason="Kürzung"
        )
    with pytest.raises(BudgetBelowCommitted):
        fund_allocation_reduce(
            fund=category.fund,
            actor=coordinator,
            category=category,
            amount_cents=200_000,
            reason="Land kürzt",
        )
    fund_allocation_reduce(
        fund=category.fund, actor=coordinator, category=category, amount_cents=100_000, reason="ok"
    )
    assert ledger.bucket_balance(fund=category.fund, category=category).available == 0


def test_an_approval_over_the_available_budget_fails_with_a_sentence(town):
    category = funded_category(town, budget_cents=100_000)
    app = submitted_application(category, requested_cents=150_000)
    with pytest.raises(BudgetExceeded) as exc:
        approve(app, 150_000)
    assert "nur noch 1.000,00 € frei" in str(exc.value)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    assert not LedgerEntry.objects.filter(kind=LedgerKind.COMMITMENT).exists()


Ops = list[tuple[str, int]]
OPS = st.lists(
    st.tuples(
        st.sampled_from(["allocate", "reduce", "approve", "pay", "check", "repay", "move"]),
        st.integers(min_value=1, max_value=5_000),
    ),
    max_size=25,
)


def _take(op: str, amount: int, category: Category, second: Category, actor: User) -> None:
    """The operations that take money out of `category` (refused when it does not fit)."""
    if op == "reduce":
        fund_allocation_reduce(
            fund=category.fund, actor=actor, category=category, amount_cents=amount, reason="-"
        )
    elif op == "move":
        fund_reallocate(
            fund=category.fund,
            actor=actor,
            from_category=category,
            to_category=second,
            amount_cents=amount,
            reason="Umschichtung",
        )
    else:
        app = submitted_application(category, requested_cents=amount)
        approve(app, amount, actor)


def _settle(op: str, app: Application, amount: int, actor: User) -> None:
    """The operations on an approved application: pay, check the proof, record a repayment."""
    if op == "pay":
        payout_make(application=app, actor=actor, idempotency_key=f"{app.pk}-{amount}")
    elif op == "check":
        app.refresh_from_db()
        if app.status in (ApplicationStatus.APPROVED, ApplicationStatus.PAID):
            proof_submit(application=app, actor=actor, report="Bericht", spent_cents=amount)
            proof_check(application=app, actor=actor, accepted_cents=amount)
    else:
        for claim in app.repayment_claims.filter(status=RepaymentClaim.Status.OPEN):
            repayment_record(claim=claim, actor=actor)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_for_any_sequence_of_operations_the_identities_hold(town: Town, ops: Ops) -> None:
    """Whatever happens, and whether each step succeeds or is refused, every bucket's balance
    is consistent and never negative; money is taken exactly when it fits."""
    actor = UserFactory()
    category = funded_category(town, budget_cents=10_000, actor=actor)
    second = CategoryFactory(town=town, fund=category.fund)
    for op, amount in ops:
        free = ledger.bucket_balance(fund=category.fund, category=category).available
        approved = list(
            Application.objects.filter(category=category, decision__isnull=False).order_by("pk")
        )
        try:
            if op == "allocate":
                fund_source_add(
                    fund=category.fund,
                    actor=actor,
                    kind=FundSource.Kind.SPONSOR,
                    name="Pate",
                    amount_cents=amount,
                    category=category,
                )
            elif op in ("approve", "reduce", "move"):
                _take(op, amount, category, second, actor)
            elif approved:
                _settle(op, approved[amount % len(approved)], amount, actor)
            succeeded = True
        except FundError:
            succeeded = False
        _check_identities(category)
        # Taking money from the category succeeds exactly when it fits: a run that refused
        # everything (or allowed everything) fails here instead of passing on empty balances.
        if op in ("approve", "reduce", "move"):
            assert succeeded == (amount <= free), (op, amount, free)
        if op == "allocate":
            assert succeeded  # a money source can always be booked


def _check_identities(category: Category) -> None:
    """Every bucket's balance is consistent and never negative."""
    balances = ledger.category_balances(fund=category.fund)
    for balance in balances.values():
        assert balance.available >= 0
        assert balance.open_commitments >= 0
        assert balance.available == (
            balance.allocated - balance.open_commitments - balance.paid + balance.returned
        )
    # The running totals the pages read are exactly the sums over the bookings.
    assert balances == ledger.recount(fund=category.fund)
    total = ledger.fund_balance(fund=category.fund)
    assert total.available == sum(b.available for b in balances.values())
    assert total.committed - total.released >= total.paid - 0


# --- running totals (issue 10: reading a fund's balances must not grow with its ledger) ---------


def test_a_booking_rolled_back_leaves_the_totals_unchanged(town: Town, coordinator: User) -> None:
    category = funded_category(town, budget_cents=10_000, actor=coordinator)
    before = ledger.category_balances(fund=category.fund)
    with pytest.raises(RuntimeError), transaction.atomic():
        locked = ledger.lock_fund(category.fund_id)
        ledger.book(
            fund=locked,
            kind=LedgerKind.ALLOCATION,
            amount_cents=5_000,
            reason="wird zurückgerollt",
            author=coordinator,
            category=category,
        )
        assert ledger.category_balances(fund=locked)[category.pk].allocated == 15_000
        raise RuntimeError
    assert ledger.category_balances(fund=category.fund) == before
    assert ledger.recount(fund=category.fund) == before


def test_reading_balances_does_not_sum_the_ledger(town: Town, coordinator: User) -> None:
    """Pages read a row per bucket: no query of a balance read touches the bookings."""
    category = funded_category(town, budget_cents=10_000, actor=coordinator)
    fund_source_add(
        fund=category.fund,
        actor=coordinator,
        kind=FundSource.Kind.SPONSOR,
        name="Pate",
        amount_cents=1_000,
    )
    with CaptureQueriesContext(connection) as queries:
        by_bucket = ledger.category_balances(fund=category.fund)
        total = ledger.fund_balance(fund=category.fund)
        several = ledger.balances_for_funds(fund_ids=[category.fund_id])
    assert len(queries) == 3
    assert not [q for q in queries.captured_queries if "fund_ledgerentry" in q["sql"]]
    assert by_bucket[None].allocated == 1_000 and by_bucket[category.pk].allocated == 10_000
    assert total.allocated == several[category.fund_id].allocated == 11_000
