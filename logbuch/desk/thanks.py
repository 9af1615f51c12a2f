"""Reads of the Dankeswand: shown notes and milestones (first year; first project funded)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from logbuch.towns.models import Membership, Town

from .models import ThankYou, ThankYouStatus

# A first anniversary is shown for this many days.
ANNIVERSARY_DAYS = 30


@dataclass(frozen=True)
class Milestone:
    text: str
    day: datetime.date


def thanks_wall(town: Town) -> QuerySet[ThankYou]:
    return (
        ThankYou.objects.in_town(town)
        .filter(status=ThankYouStatus.SHOWN)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )


def milestones(town: Town, *, today: datetime.date | None = None) -> list[Milestone]:
    """What the town can be glad about; counts only, no names of members (one query each).

    First year: people whose first role in the town began a year ago (within the last
    `ANNIVERSARY_DAYS` days). First project funded: the earliest approved application of the
    Mitmach-Fonds that its applicant agreed to show in public (only if the fund is installed).
    """
    today = today or timezone.localdate()
    year_ago = today.replace(year=today.year - 1) if not (today.month == 2 and today.day == 29) \
        else today - datetime.timedelta(days=365)  # fmt: skip
    window_start = year_ago - datetime.timedelta(days=ANNIVERSARY_DAYS)
    found: list[Milestone] = []
    joined = (
        Membership.objects.in_town(town)
        .values("user")
        .annotate(first=Min("created_at"))
        .filter(first__date__gt=window_start, first__date__lte=year_ago)
        .count()
    )
    if joined:
        found.append(
            Milestone(
                ngettext(
                    "%(n)d Mensch ist seit einem Jahr dabei.",
                    "%(n)d Menschen sind seit einem Jahr dabei.",
                    joined,
                )
                % {"n": joined},
                year_ago,
            )
        )
    if apps.is_installed("logbuch.fund"):
        from logbuch.fund.models import (  # noqa: PLC0415
            Application,
            ApplicationStatus,
            publishable_condition,
        )

        funded = (
            Application.objects.in_town(town)
            .filter(
                publishable_condition(),
                status__in=[
                    ApplicationStatus.APPROVED,
                    ApplicationStatus.PAID,
                    ApplicationStatus.PROOF_SUBMITTED,
                    ApplicationStatus.PROOF_CHECKED,
                    ApplicationStatus.CLOSED,
                ],
                decided_at__isnull=False,
            )
            .order_by("decided_at", "pk")
            .only("title", "decided_at")
            .first()
        )
        if funded is not None and funded.decided_at is not None:
            found.append(
                Milestone(
                    _("Erstes Projekt aus dem Mitmach-Fonds gefördert: %(title)s")
                    % {"title": funded.title},
                    timezone.localdate(funded.decided_at),
                )
            )
    return found
