"""Reads of the Mitmach-Fonds that need more than one line of ORM."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from logbuch.towns.models import Role, Town, User

from .models import (
    Application,
    CostItem,
    Fund,
    JuryMember,
    JuryVote,
    LedgerEntry,
    Payout,
    Question,
)


def funds_for_town(*, town: Town) -> QuerySet[Fund]:
    return Fund.objects.in_town(town).order_by("-year", "name")


def review_queue(*, town: Town, fund: Fund) -> QuerySet[Application]:
    """Submitted applications with everything the list shows, in a constant number of queries."""
    qs: QuerySet[Application] = (
        Application.objects.in_town(town)
        .filter(fund=fund)
        .exclude(status="entwurf")
        .select_related("category", "applicant", "decision")
        # Subqueries, not joins: two joined aggregates would multiply each other's rows.
        .annotate(
            costs_total=Subquery(
                CostItem.objects.filter(application=OuterRef("pk"))
                .values("application")
                .annotate(total=Sum("amount_cents"))
                .values("total")
            ),
            open_questions=Coalesce(
                Subquery(
                    Question.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
                    .values("application")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
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


def review_queue_rows(page: QuerySet[Application]) -> list[dict[str, Any]]:
    """One page of the review queue as plain rows: only the columns the list shows.

    Takes the sliced page of `review_queue()`, so the paginator counts the bare application
    rows (no joins) and only the shown rows pay for the joins and subqueries.
    """
    return list(page.values(*REVIEW_ROW_FIELDS))


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


def jury_seat(*, application: Application, user: User) -> JuryMember | None:
    seat: JuryMember | None = JuryMember.objects.filter(
        fund_id=application.fund_id, user=user, is_active=True
    ).first()
    return seat


def is_coordinator(roles: frozenset[str]) -> bool:
    return bool({Role.COORDINATOR, Role.TOWN_ADMIN} & roles)


def town_member_by_email(*, town: Town, email: str) -> User | None:
    user: User | None = (
        User.objects.filter(email__iexact=email, memberships__town=town).distinct().first()
    )
    return user


def ledger_entries(*, town: Town, fund: Fund) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.in_town(town)
        .filter(fund=fund)
        .select_related("category", "author", "application")
        .order_by("-created_at", "-pk")
    )


def jury_queue(*, town: Town, user: User) -> QuerySet[Application]:
    """Applications waiting for a decision in funds where the person sits on the jury."""
    seats = JuryMember.objects.filter(town=town, user=user, is_active=True).values("fund_id")
    qs: QuerySet[Application] = (
        Application.objects.in_town(town)
        .filter(fund_id__in=seats, status__in=["eingereicht", "in_pruefung", "rueckfrage"])
        .select_related("category", "fund")
        # A correlated EXISTS instead of a joined COUNT: no GROUP BY over every open application.
        .annotate(
            my_votes=Exists(JuryVote.objects.filter(application=OuterRef("pk"), juror__user=user))
        )
        .order_by("submitted_at", "pk")
    )
    return qs


def jury_queue_rows(*, town: Town, user: User, limit: int) -> list[dict[str, Any]]:
    """The first `limit` rows of the jury queue with the columns the overview shows."""
    rows = jury_queue(town=town, user=user).values(
        "pk",
        "title",
        "requested_cents",
        "my_votes",  # type: ignore[misc]  # jury_queue's annotation, unknown to the stubs
    )
    return list(rows[:limit])


def context_counts(*, fund: Fund) -> dict[str, Any]:
    return dict(
        Application.objects.filter(fund=fund)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
