"""Reads of applications: the review queue, a person's own, one for its detail page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from logbuch.towns.models import Town, User

from .. import ledger
from ..models import (
    Application,
    ApplicationStatus,
    Fund,
    Payout,
    Question,
)


def review_queue(*, town: Town, fund: Fund) -> QuerySet[Application]:
    """The submitted applications of a fund, for filtering, sorting and counting.

    Plain rows without joins or subqueries: the paginator counts these, and only the page that
    is shown pays for what the list adds (`review_queue_rows`).
    """
    qs: QuerySet[Application] = (
        Application.objects.in_town(town).filter(fund=fund).exclude(status=ApplicationStatus.DRAFT)
    )
    return qs


REVIEW_ROW_FIELDS = (
    "pk",
    "title",
    "organisation_name",
    "contact_name",
    "applicant__name",
    "applicant__email",
    "category__name",
    "requested_cents",
    "costs_total",
    "open_questions",
    "status",
    "submitted_at",
)


def review_queue_rows(rows: QuerySet[Application]) -> list[dict[str, Any]]:
    """Rows of `review_queue()` (filtered, sorted, sliced to one page) with everything the list
    shows, as plain values: only the columns it needs, in one query whatever the page size."""
    return list(
        rows.annotate(
            # Subqueries, not joins: two joined aggregates would multiply each other's rows.
            costs_total=ledger.cost_plan_subquery(),
            open_questions=Coalesce(
                Subquery(
                    Question.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
                    .values("application")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        ).values(*REVIEW_ROW_FIELDS)
    )


def my_applications(*, town: Town, user: User) -> QuerySet[Application]:
    return (
        Application.objects.in_town(town)
        .filter(applicant=user)
        .select_related("fund", "category")
        .order_by("-created_at")
    )


def application_for_detail(*, town: Town) -> QuerySet[Application]:
    return (
        Application.objects.in_town(town)
        .select_related("fund", "category", "call", "applicant", "decision", "proof")
        .prefetch_related(
            "costs",
            "attachments",
            Prefetch("questions", queryset=Question.objects.order_by("asked_at", "pk")),
            Prefetch("payouts", queryset=Payout.objects.order_by("paid_at", "pk")),
            "repayment_claims",
        )
    )
