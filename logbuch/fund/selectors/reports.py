"""The yearly report of a town's funds (totals by category and applicant type)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Q,
)
from django.utils import timezone

from logbuch.towns.models import Town

from .. import ledger
from ..models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Fund,
    Payout,
    RepaymentClaim,
    is_published,
)
from .public import FUNDED_STATUSES

S = ApplicationStatus


@dataclass(frozen=True)
class ReportLine:
    label: str
    submitted: int
    approved: int
    rejected: int
    approved_cents: int
    paid_cents: int


@dataclass(frozen=True)
class YearReport:
    town: Town
    year: int
    funds: list[Fund]
    balance: ledger.Balance
    by_category: list[ReportLine]
    by_applicant_type: list[ReportLine]
    own_money_cents: int
    in_kind_hours: int
    in_kind_value_cents: int
    volume_cents: int
    approved_cents: int
    median_days_to_decision: float | None
    decisions_counted: int
    open_claims: list[RepaymentClaim]
    open_claims_cents: int

    @property
    def leverage(self) -> float | None:
        """Total project volume per euro of fund money (e.g. 2.4 = each euro moved 2.40 €)."""
        if not self.approved_cents:
            return None
        return self.volume_cents / self.approved_cents


def _lines(rows: list[dict[str, Any]], key: str, labels: dict[Any, str]) -> list[ReportLine]:
    return [
        ReportLine(
            label=labels.get(row[key], str(row[key])),
            submitted=row["submitted"],
            approved=row["approved"],
            rejected=row["rejected"],
            approved_cents=row["approved_cents"] or 0,
            paid_cents=row["paid_cents"] or 0,
        )
        for row in rows
    ]


_LINE_AGGREGATES = {
    "submitted": Count("pk", filter=Q(submitted_at__isnull=False)),
    "approved": Count("pk", filter=Q(status__in=FUNDED_STATUSES)),
    "rejected": Count("pk", filter=Q(status=S.REJECTED)),
    "approved_cents": ledger.approved_sum(Q(status__in=FUNDED_STATUSES)),
}


def year_report(*, town: Town, year: int) -> YearReport:
    """The fund report of one year (all of the town's funds of that year); fixed query count."""
    funds = list(Fund.objects.in_town(town).filter(year=year).order_by("name"))
    apps = Application.objects.in_town(town).filter(fund__year=year).exclude(status=S.DRAFT)
    by_category = list(
        apps.order_by()
        .values("category_id", "category__name")
        .annotate(**_LINE_AGGREGATES)
        .order_by("category__name")
    )
    by_type = list(
        apps.order_by()
        .values("applicant_type")
        .annotate(**_LINE_AGGREGATES)
        .order_by("applicant_type")
    )
    payouts = Payout.objects.in_town(town).filter(application__fund__year=year).order_by()
    paid_by_category = ledger.paid_by(payouts, "application__category_id")
    paid_by_type = ledger.paid_by(payouts, "application__applicant_type")
    for row in by_category:
        row["paid_cents"] = paid_by_category.get(row["category_id"], 0)
        row["category"] = row["category__name"]
    for row in by_type:
        row["paid_cents"] = paid_by_type.get(row["applicant_type"], 0)
    funded = apps.filter(status__in=FUNDED_STATUSES)
    sums = ledger.project_money(funded)
    durations = [
        (decided - submitted).total_seconds() / 86_400
        for submitted, decided in apps.filter(
            submitted_at__isnull=False, decided_at__isnull=False
        ).values_list("submitted_at", "decided_at")
    ]
    claims = list(
        RepaymentClaim.objects.in_town(town)
        .filter(application__fund__year=year, status=RepaymentClaim.Status.OPEN)
        .select_related("application")
        .annotate(published=is_published())
        .order_by("due_date", "pk")
    )
    balance = sum(
        ledger.balances_for_funds(fund_ids=[f.pk for f in funds]).values(), ledger.Balance()
    )
    type_labels = dict(ApplicantType.choices)
    return YearReport(
        town=town,
        year=year,
        funds=funds,
        balance=balance,
        by_category=_lines(by_category, "category", {}),
        by_applicant_type=_lines(
            by_type, "applicant_type", {k: str(v) for k, v in type_labels.items()}
        ),
        own_money_cents=sums["own"],
        in_kind_hours=sums["hours"],
        in_kind_value_cents=sums["in_kind_value"],
        # Project volume: the cost plan (or, without one, fund money plus own money), plus
        # the value of the volunteers' hours.
        volume_cents=sums["costs"] + sums["without_plan"] + sums["in_kind_value"],
        approved_cents=sums["approved"],
        median_days_to_decision=statistics.median(durations) if durations else None,
        decisions_counted=len(durations),
        open_claims=claims,
        open_claims_cents=sum(c.amount_cents for c in claims),
    )


def report_years(*, town: Town) -> list[int]:
    return sorted(set(Fund.objects.in_town(town).values_list("year", flat=True)), reverse=True)


def today_year() -> int:
    return timezone.localdate().year
