"""Reads of rounds and participation: lists, a person's participations, the counts an open
round shows and its code batches.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from logbuch.towns.models import Town

from ..models import (
    CodeBatch,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    Round,
)
from ..results import (
    GROUPS,
    LAYPEOPLE,
    MIN_ANSWERS,
    PROFESSIONALS,
    TOTAL,
    cell_groups,
    count_cells,
)
from .results import cell_label, sides_of

# --- Rounds --------------------------------------------------------------------------------------


def rounds_for_town(*, town: Town) -> QuerySet[Round]:
    """Rounds with `submitted_count` (one query for any number of rounds); templates show
    1 or 2 as "weniger als 3", like every participation figure."""
    qs: QuerySet[Round] = Round.objects.in_town(town).annotate(
        submitted_count=Count(
            "participations", filter=Q(participations__status=ParticipationStatus.SUBMITTED)
        )
    )
    return qs


def member_participations(*, town: Town, user: Any) -> dict[int, Participation]:
    """The person's participations in the town, by round id."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        p.round_id: p
        for p in Participation.objects.in_town(town)
        .filter(user=user)
        .only("id", "round_id", "status", "group")
    }


# ---------------------------------------------------------------------------------------------
# Participation figures (all a round shows while it is open, besides Zwischenstände)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationCell:
    key: str
    label: str
    submitted: int | None  # None: fewer than 3 (or derivable from such a cell)
    paper: int | None  # of them typed in from paper; None: not shown on its own

    @property
    def some_paper(self) -> bool:
        """Paper sheets are among them, but their number is not shown."""
        return self.paper is None and self.submitted is not None


def participation_figures(round_: Round) -> list[ParticipationCell]:
    """How many took part per group (and in the sums), how many of them from paper (one query).

    Counts only, suppressed like result cells (`results.count_cells`). The paper share of a
    shown group is given only when it and the rest are both 0 or at least 3; otherwise it
    says "some", since an exact split would count the few answers made the other way.
    """
    submitted: dict[str, int] = {}
    paper: dict[str, int] = {}
    for row in (
        Participation.objects.in_town(round_.town)
        .filter(round=round_, status=ParticipationStatus.SUBMITTED)
        .values("group")
        .annotate(n=Count("pk"), p=Count("pk", filter=Q(channel=ParticipationChannel.PAPER)))
        .order_by()
    ):
        submitted[row["group"]] = row["n"]
        paper[row["group"]] = row["p"]
    sides = sides_of(round_)
    shown = count_cells(submitted, sides=sides)
    cells = []
    for key in (*[g for g in GROUPS if g in round_.groups], PROFESSIONALS, LAYPEOPLE, TOTAL):
        total = shown[key]
        on_paper = sum(paper.get(g, 0) for g in cell_groups(key, sides))
        if total is None or not (_safe(on_paper) and _safe(total - on_paper)):
            on_paper_shown = None
        else:
            on_paper_shown = on_paper
        cells.append(
            ParticipationCell(key, cell_label(key, sides, round_.groups), total, on_paper_shown)
        )
    return cells


def _safe(n: int) -> bool:
    return n == 0 or n >= MIN_ANSWERS


@dataclass(frozen=True)
class BatchRow:
    """One batch of printed codes: its group, size and how many were used (never which)."""

    group_label: str
    size: int
    created_at: datetime.datetime
    used: int | None  # None: 1 or 2 (as for groups)


def code_batches(round_: Round) -> list[BatchRow]:
    """The round's code batches with the number of codes answered with (one query)."""
    rows = (
        CodeBatch.objects.in_town(round_.town)
        .filter(round=round_)
        .annotate(
            used=Count(
                "participations",
                filter=Q(participations__status=ParticipationStatus.SUBMITTED),
            )
        )
        .order_by("created_at", "pk")
        .values("group", "size", "created_at", "used")
    )
    return [
        BatchRow(
            group_label=str(ParticipantGroup(row["group"]).label),
            size=row["size"],
            created_at=row["created_at"],
            used=row["used"] if _safe(row["used"]) else None,
        )
        for row in rows
    ]
