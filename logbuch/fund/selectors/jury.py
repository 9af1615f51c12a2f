"""What a juror sees: their seat and the applications waiting for their vote."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from logbuch.towns.models import Town, User

from ..models import (
    Application,
    ApplicationStatus,
    JuryMember,
    JuryVote,
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


def jury_funds(*, town: Town, user: User) -> QuerySet[JuryMember, int]:
    """The ids of the funds where the person has an active seat."""
    return JuryMember.objects.filter(town=town, user=user, is_active=True).values_list(
        "fund_id", flat=True
    )


def jury_applications(
    *, town: Town, user: User, fund_ids: list[int] | None = None
) -> QuerySet[Application]:
    """Every application the person may see as a juror (the rule of `jury_seat`, as a query).
    `fund_ids`: the person's seats already read (`jury_funds`), else a subquery."""
    seats = jury_funds(town=town, user=user) if fund_ids is None else fund_ids
    qs: QuerySet[Application] = (
        Application.objects.in_town(town)
        .filter(fund_id__in=seats, category__jury_enabled=True)
        .exclude(status=ApplicationStatus.DRAFT)
    )
    return qs


JURY_WAITING = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.QUESTION,
)


def jury_queue(
    *, town: Town, user: User, fund_ids: list[int] | None = None
) -> QuerySet[Application]:
    """Applications waiting for a decision in funds where the person sits on the jury."""
    qs: QuerySet[Application] = (
        jury_applications(town=town, user=user, fund_ids=fund_ids)
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
    """The first `limit` rows of the jury queue with the columns the overview shows.

    The seats are read first and passed as a list of funds: with the seats as a subquery the
    planner scans every application and sorts all waiting ones; with the list it walks the
    index (fund, submitted_at, id) and stops after `limit` rows, however long the queue is.
    Without a seat there is no second query.
    """
    fund_ids = list(jury_funds(town=town, user=user))
    if not fund_ids:
        return []
    rows = jury_queue(town=town, user=user, fund_ids=fund_ids).values(
        "pk",
        "title",
        "requested_cents",
        "my_votes",  # type: ignore[misc]  # jury_queue's annotation, unknown to the stubs
    )
    return list(rows[:limit])
