"""Reads of the Mitmach-Fonds that need more than one line of ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from logbuch.towns.models import Role, Town, User

from .models import (
    Application,
    ApplicationStatus,
    CostItem,
    Fund,
    JuryMember,
    JuryVote,
    LedgerEntry,
    Payout,
    PublicVoter,
    PublicVoting,
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
    """The person's active seat on the jury that may see this application, or None.

    A jury sees an application of its fund from its submission on, and only in a category a
    jury decides (`jury_enabled`): never a draft, never one decided by fast-track, vote or
    assembly alone. Every path of a juror (detail, attachments, votes, lists) goes through
    this check or `jury_applications`.
    """
    if application.status == ApplicationStatus.DRAFT or not application.category.jury_enabled:
        return None
    seat: JuryMember | None = JuryMember.objects.filter(
        fund_id=application.fund_id, user=user, is_active=True
    ).first()
    return seat


def jury_applications(*, town: Town, user: User) -> QuerySet[Application]:
    """Every application the person may see as a juror (the rule of `jury_seat`, as a query)."""
    seats = JuryMember.objects.filter(town=town, user=user, is_active=True).values("fund_id")
    qs: QuerySet[Application] = (
        Application.objects.in_town(town)
        .filter(fund_id__in=seats, category__jury_enabled=True)
        .exclude(status=ApplicationStatus.DRAFT)
    )
    return qs


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


JURY_WAITING = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.QUESTION,
)


def jury_queue(*, town: Town, user: User) -> QuerySet[Application]:
    """Applications waiting for a decision in funds where the person sits on the jury."""
    qs: QuerySet[Application] = (
        jury_applications(town=town, user=user)
        .filter(status__in=JURY_WAITING)
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


# Many voting links within a few minutes hint at one person filling the vote with addresses.
BURST_WINDOW = timedelta(minutes=5)
BURST_MIN_LINKS = 10


@dataclass(frozen=True)
class LinkBurst:
    """`count` voting links were requested between `start` and `end` (at most BURST_WINDOW)."""

    start: datetime
    end: datetime
    count: int


def voting_link_bursts(
    *, voting: PublicVoting, window: timedelta = BURST_WINDOW, min_links: int = BURST_MIN_LINKS
) -> list[LinkBurst]:
    """Stretches of at most `window` in which at least `min_links` email voters were added.

    For the coordinator's vote page: a cluster is a reason to look at the result with care, not
    proof. Reads only the times voters were created (no address is stored); bursts do not
    overlap, each starts at the first link of its stretch. One query.
    """
    times = list(
        PublicVoter.objects.in_town(voting.town)
        .filter(voting=voting, method=PublicVoter.Method.EMAIL)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    bursts: list[LinkBurst] = []
    first = 0
    while first < len(times):
        last = first
        while last + 1 < len(times) and times[last + 1] - times[first] <= window:
            last += 1
        count = last - first + 1
        if count >= min_links:
            bursts.append(LinkBurst(start=times[first], end=times[last], count=count))
            first = last + 1
        else:
            first += 1
    return bursts
