"""The Kassenbuch: balances of append-only entries, and the one place that books.

Pages read balances from `BucketTotal`, running totals per bucket that `book()` keeps in the
same transaction as the entry, so reading a fund costs a row per bucket however long its
ledger grows; budget checks under the lock (`bucket_balance`) still sum the entries.

Every sum of money is computed here (balances, what an application was paid, the amounts
reports and public pages total up), so a question about money has one place to look.

Locking: every booking that can lower what is available runs inside `transaction.atomic` after
`lock_fund()` has taken the fund row with SELECT ... FOR UPDATE. Availability is re-read from the
ledger inside that lock, so two approvals of the same fund are serialised and the second one sees
the first one's commitment. (On SQLite the IMMEDIATE transaction mode serialises writers.)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from logbuch.core.locks import lock
from logbuch.towns.models import User

from .errors import BudgetBelowCommitted
from .models import (
    Application,
    BucketTotal,
    Category,
    CostItem,
    Fund,
    FundSource,
    LedgerEntry,
    LedgerKind,
    Payout,
)
from .money import euro

K = LedgerKind


@dataclass(frozen=True)
class Balance:
    """allocated includes reallocations; committed is the sum of all commitments (gross)."""

    allocated: int = 0
    committed: int = 0
    released: int = 0
    paid: int = 0
    returned: int = 0

    @property
    def open_commitments(self) -> int:
        """Promised but not yet paid out nor released."""
        return self.committed - self.released - self.paid

    @property
    def available(self) -> int:
        """allocated − open commitments − paid + returned."""
        return self.allocated - self.open_commitments - self.paid + self.returned

    def __add__(self, other: Balance) -> Balance:
        return Balance(
            allocated=self.allocated + other.allocated,
            committed=self.committed + other.committed,
            released=self.released + other.released,
            paid=self.paid + other.paid,
            returned=self.returned + other.returned,
        )


def _sum_of(*kinds: str) -> Coalesce:
    return Coalesce(
        Sum(
            Case(
                When(kind__in=kinds, then="amount_cents"),
                default=0,
                output_field=IntegerField(),
            )
        ),
        0,
    )


_AGGREGATES = {
    "allocated": _sum_of(K.ALLOCATION, K.REALLOCATION),
    "committed": _sum_of(K.COMMITMENT),
    "released": _sum_of(K.RELEASE),
    "paid": _sum_of(K.PAYOUT),
    "returned": _sum_of(K.REPAYMENT),
}


# The running-totals column each kind of booking adds to (see `BucketTotal`).
_COLUMN: dict[str, str] = {
    K.ALLOCATION: "allocated",
    K.REALLOCATION: "allocated",
    K.COMMITMENT: "committed",
    K.RELEASE: "released",
    K.PAYOUT: "paid",
    K.REPAYMENT: "returned",
}


def _balance(total: BucketTotal) -> Balance:
    return Balance(**{k: int(getattr(total, k)) for k in _AGGREGATES})


def category_balances(*, fund: Fund) -> dict[int | None, Balance]:
    """Balance per bucket (category id, None = unassigned pool): one query over the fund's
    running totals, a row per bucket however many bookings there are."""
    return {t.category_id: _balance(t) for t in BucketTotal.objects.filter(fund=fund)}


def fund_balance(*, fund: Fund) -> Balance:
    """The whole fund's balance: the sum of its buckets' running totals (one query)."""
    return sum(category_balances(fund=fund).values(), Balance())


def balances_for_funds(*, fund_ids: list[int]) -> dict[int, Balance]:
    """Totals for several funds in one query over their buckets' running totals (list pages)."""
    result: dict[int, Balance] = {}
    for total in BucketTotal.objects.filter(fund_id__in=fund_ids):
        result[total.fund_id] = result.get(total.fund_id, Balance()) + _balance(total)
    return result


def bucket_balance(*, fund: Fund, category: Category | None) -> Balance:
    """One bucket, summed fresh from the ledger itself (call it inside the fund lock before
    booking: the budget checks trust the bookings, not the projection)."""
    condition = Q(category__isnull=True) if category is None else Q(category=category)
    row = LedgerEntry.objects.filter(condition, fund=fund).aggregate(**_AGGREGATES)
    return Balance(**{k: int(row[k]) for k in _AGGREGATES})


def recount(*, fund: Fund) -> dict[int | None, Balance]:
    """Balance per bucket summed over every booking (one grouped query): what the running
    totals must equal; for tests and checks, never for a page."""
    rows = (
        LedgerEntry.objects.filter(fund=fund)
        .order_by()
        .values("category_id")
        .annotate(**_AGGREGATES)
    )
    return {row["category_id"]: Balance(**{k: int(row[k]) for k in _AGGREGATES}) for row in rows}


# --- one application's money ------------------------------------------------------------------


def _application_sum(application: Application, kind: str) -> int:
    total = LedgerEntry.objects.filter(application=application, kind=kind).aggregate(
        s=Coalesce(Sum("amount_cents"), 0)
    )["s"]
    return int(total)


def application_paid(application: Application) -> int:
    """What was paid out to the application so far (its payout bookings)."""
    return _application_sum(application, K.PAYOUT)


def application_released(application: Application) -> int:
    """What of its commitment was given back to the category as not needed."""
    return _application_sum(application, K.RELEASE)


# --- money totals for lists and reports (expressions for the selectors' queries) ---------------


def paid_subquery() -> Coalesce:
    """Paid out per application, for `.annotate()` on applications (0 when nothing)."""
    paid = (
        Payout.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=BigIntegerField()), Value(0))


def cost_plan_subquery() -> Subquery:
    """The cost plan's total per application, for `.annotate()` (None without a plan)."""
    return Subquery(
        CostItem.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )


def approved_sum(condition: Q) -> Coalesce:
    """The approved amounts of the applications matching `condition` (an aggregate)."""
    return Coalesce(Sum("approved_cents", filter=condition), Value(0))


def paid_by(payouts: QuerySet[Payout], key: str) -> dict[Any, int]:
    """Paid out, grouped by a field reached from the payout (e.g. the application's category)."""
    return {
        group: int(total)
        for group, total in payouts.order_by()
        .values(key)
        .annotate(total=Sum("amount_cents"))
        .values_list(key, "total")
    }


def project_money(funded: QuerySet[Application]) -> dict[str, int]:
    """The money in and around funded projects: own money, the volunteers' hours and their
    value, the approved amounts, the cost plans, and (for applications without a cost plan)
    fund money plus own money."""
    sums = funded.aggregate(
        own=Coalesce(Sum("own_money_cents"), Value(0)),
        hours=Coalesce(Sum("in_kind_hours"), Value(0)),
        in_kind_value=Coalesce(
            Sum(F("in_kind_hours") * F("category__in_kind_hourly_rate_cents")), Value(0)
        ),
        approved=Coalesce(Sum("approved_cents"), Value(0)),
        without_plan=Coalesce(
            Sum(
                F("requested_cents") + F("own_money_cents"),
                filter=~Q(Exists(CostItem.objects.filter(application=OuterRef("pk")))),
            ),
            Value(0),
        ),
    )
    sums["costs"] = CostItem.objects.filter(application__in=funded).aggregate(
        total=Coalesce(Sum("amount_cents"), Value(0))
    )["total"]
    return {key: int(value) for key, value in sums.items()}


# --- booking -------------------------------------------------------------------------------------


def lock_fund(fund_id: int) -> Fund:
    """Take the fund row lock for the rest of the transaction (`core.locks.lock`) and read the
    fund under it. Services lock the fund before any application (lock() would order
    fund.Application before fund.Fund), so they lock the two in separate calls."""
    lock(Fund(pk=fund_id))
    return Fund.objects.get(pk=fund_id)


def book(
    *,
    fund: Fund,
    kind: str,
    amount_cents: int,
    reason: str,
    author: User | None,
    category: Category | None = None,
    application: Application | None = None,
    source: FundSource | None = None,
    payout: Payout | None = None,
    transfer: uuid.UUID | None = None,
) -> LedgerEntry:
    """Append one entry and add it to its bucket's running totals, both in one transaction.
    Callers hold the fund lock (so no two bookings of a fund race on its totals) and have
    checked availability."""
    column = _COLUMN[kind]
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            town_id=fund.town_id,
            fund=fund,
            category=category,
            kind=kind,
            amount_cents=amount_cents,
            reason=reason[:300],
            author=author,
            application=application,
            source=source,
            payout=payout,
            transfer=transfer,
        )
        bucket = BucketTotal.objects.filter(fund=fund, category=category)
        if not bucket.update(**{column: F(column) + amount_cents}):
            BucketTotal.objects.create(fund=fund, category=category, **{column: amount_cents})
    return entry


def _bucket_name(category: Category | None) -> str:
    return category.name if category else str(_("nicht verteiltes Geld"))


def take_from_bucket(*, fund: Fund, category: Category | None, amount_cents: int) -> None:
    """Refuse when a bucket would end up with less than nothing (lock held by the caller)."""
    balance = bucket_balance(fund=fund, category=category)
    if amount_cents > balance.available:
        raise BudgetBelowCommitted(
            _(
                "„%(bucket)s“ kann nicht um %(amount)s verringert werden: frei sind nur "
                "%(available)s, %(committed)s sind bereits bewilligt und %(paid)s ausgezahlt."
            )
            % {
                "bucket": _bucket_name(category),
                "amount": euro(amount_cents),
                "available": euro(balance.available),
                "committed": euro(balance.open_commitments),
                "paid": euro(balance.paid),
            }
        )


def reallocate(
    *,
    fund: Fund,
    from_category: Category | None,
    to_category: Category | None,
    amount_cents: int,
    reason: str,
    author: User,
) -> uuid.UUID:
    """Move money between buckets: two entries sharing one transfer id (lock held by caller)."""
    take_from_bucket(fund=fund, category=from_category, amount_cents=amount_cents)
    transfer = uuid.uuid4()
    book(
        fund=fund,
        kind=K.REALLOCATION,
        amount_cents=-amount_cents,
        reason=reason,
        author=author,
        category=from_category,
        transfer=transfer,
    )
    book(
        fund=fund,
        kind=K.REALLOCATION,
        amount_cents=amount_cents,
        reason=reason,
        author=author,
        category=to_category,
        transfer=transfer,
    )
    return transfer
