"""Reads of Vorschläge: the list (sorted by support), one Vorschlag, the open ones for an inbox."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from logbuch.towns.access import get_in_town_or_404
from logbuch.towns.models import Town, User

from ..models import WORK_STATUSES, Measure, MeasureStatus, ProposalComment, Support

# The list's "Stand" filter: public key -> condition.
PROPOSAL_STATES: Mapping[str, Q] = {
    "offen": Q(status=MeasureStatus.PROPOSED),
    "angenommen": Q(status__in=WORK_STATUSES),
    "zusammengefuehrt": Q(status=MeasureStatus.MERGED),
    "abgelehnt": Q(status=MeasureStatus.DECLINED),
}
PROPOSAL_SORTS = {"unterstuetzung": "support_count", "neu": "proposed_at"}


def _annotated(qs: QuerySet[Measure], viewer: User) -> QuerySet[Measure]:
    return qs.annotate(
        support_count=Count("supports", distinct=True),
        comment_count=Count("comments", distinct=True),
        supported=Exists(Support.objects.filter(measure=OuterRef("pk"), user=viewer)),
    )


def proposals(town: Town, *, viewer: User, state: str = "offen") -> QuerySet[Measure]:
    """The town's Vorschläge in one `PROPOSAL_STATES` state (unknown: open), each with
    `support_count`, `comment_count` and whether the viewer supports it (one query a page)."""
    condition = PROPOSAL_STATES.get(state, PROPOSAL_STATES["offen"])
    qs = (
        Measure.objects.in_town(town)
        .filter(proposed_at__isnull=False)
        .filter(condition)
        .select_related("lever", "proposed_by")
    )
    return _annotated(qs, viewer)


def proposal_detail(town: Town, pk: int, *, viewer: User) -> Measure:
    """One Vorschlag (in any state) with its comments and authors, and where it was merged."""
    qs = _annotated(
        Measure.objects.filter(proposed_at__isnull=False).select_related(
            "lever",
            "round",
            "source_entry",
            "proposed_by",
            "decided_by",
            "merged_into",
            "owner_user",
        ),
        viewer,
    ).prefetch_related(
        Prefetch(
            "comments",
            queryset=ProposalComment.objects.select_related("author").order_by("created_at", "pk"),
        )
    )
    return get_in_town_or_404(qs, town, pk=pk)


@dataclass(frozen=True)
class OpenProposals:
    """For the coordinator's inbox: how many Vorschläge wait, and the newest one."""

    count: int
    latest_pk: int | None
    latest_title: str
    latest_at: datetime.datetime | None


def open_proposals(town: Town) -> OpenProposals:
    """How many Vorschläge wait for a decision, and the newest (two small queries)."""
    qs = Measure.objects.in_town(town).filter(status=MeasureStatus.PROPOSED)
    latest: dict[str, Any] | None = (
        qs.order_by("-proposed_at", "-pk").values("pk", "title", "proposed_at").first()
    )
    return OpenProposals(
        count=qs.count(),
        latest_pk=latest["pk"] if latest else None,
        latest_title=latest["title"] if latest else "",
        latest_at=latest["proposed_at"] if latest else None,
    )
