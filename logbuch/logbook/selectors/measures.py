"""Reads of measures (Maßnahmen): the board, a measure's page, before/after figures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from logbuch.towns.access import get_in_town_or_404
from logbuch.towns.models import Role, Town, User

from ..models import (
    HIGHER_LEVEL_AREA,
    WORK_STATUSES,
    Demand,
    JournalEntry,
    JournalStatus,
    Measure,
    MeasureStatus,
    Round,
    RoundLever,
    RoundStatus,
)
from .results import total_means, town_rounds

# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------

MEASURE_FILTERS = {
    "bereich": "lever__area__key",
    "status": "status",
    "person": "owner_user_id",
    "rolle": "owner_role",
    "stellschraube": "lever_id",
}
MEASURE_SORTS = {"faellig": "due_on", "titel": "title", "status": "status", "neu": "created_at"}


def measures_for_board(town: Town) -> QuerySet[Measure]:
    """The town's measures (not Vorschläge) with Stellschraube, owner and `is_overdue` (due,
    not finished)."""
    qs: QuerySet[Measure] = (
        Measure.objects.in_town(town)
        .filter(status__in=WORK_STATUSES)
        .select_related("lever__area", "owner_user", "round")
        .annotate(
            is_overdue=Q(due_on__lt=timezone.localdate())
            & Q(status__in=[MeasureStatus.PLANNED, MeasureStatus.RUNNING])
        )
    )
    return qs


@dataclass(frozen=True)
class BeforeAfter:
    before_round: Round | None
    before: Fraction | None
    after_round: Round | None
    after: Fraction | None


def _round_closed(r: Round) -> datetime.datetime:
    assert r.closed_at is not None  # noqa: S101 - closed rounds have a closing time (constraint)
    return r.closed_at


class _DatedMeasure(Protocol):
    """What the before/after comparison reads of a measure (a `Measure` or a `MeasureRow`)."""

    @property
    def pk(self) -> Any: ...

    @property
    def lever_id(self) -> int: ...

    @property
    def created_at(self) -> datetime.datetime: ...


def measure_before_after(town: Town, measures: Sequence[_DatedMeasure]) -> dict[int, BeforeAfter]:
    """For each measure: its Stellschraube's mean in the last round that was *closed* before
    the measure was created ("davor": all its answers predate the measure), and in the first
    closed round that *started* after the day it was created ("danach"). A round that was still
    open when the measure was made is neither: its answers lie on both sides of it; and an open
    round never counts, its figures move with every submission.

    For any number of measures: the town's rounds plus one cache read (closed rounds) and at
    most one aggregate (rounds not cached yet).
    """
    if not measures:
        return {}
    rounds = list(town_rounds(town).filter(status=RoundStatus.CLOSED))
    if not rounds:
        return {m.pk: BeforeAfter(None, None, None, None) for m in measures}
    lever_ids = {m.lever_id for m in measures}
    by_closing = sorted(rounds, key=_round_closed)
    chosen: dict[int, tuple[Round | None, Round | None]] = {}
    for m in measures:
        created = timezone.localdate(m.created_at)
        before = [r for r in by_closing if _round_closed(r) <= m.created_at]
        after = [r for r in rounds if r.starts_on > created]
        chosen[m.pk] = (before[-1] if before else None, after[0] if after else None)
    needed = {r.pk: r for pair in chosen.values() for r in pair if r is not None}
    means = total_means(town=town, rounds=list(needed.values()), lever_ids=sorted(lever_ids))

    def mean(r: Round | None, lever_id: int) -> Fraction | None:
        return None if r is None else means[r.pk][lever_id]

    return {
        m.pk: BeforeAfter(
            chosen[m.pk][0],
            mean(chosen[m.pk][0], m.lever_id),
            chosen[m.pk][1],
            mean(chosen[m.pk][1], m.lever_id),
        )
        for m in measures
    }


BOARD_FIELDS = (
    "id",
    "title",
    "lever_id",
    "lever__code",
    "lever__title",
    "lever__area__key",
    "lever__area__title",
    "owner_user_id",
    "owner_user__name",
    "owner_role",
    "status",
    "due_on",
    "created_at",
    "is_overdue",
)


def board_values(qs: QuerySet[Measure]) -> QuerySet[Measure, dict[str, Any]]:
    """`measures_for_board` (filtered, sorted) as the values one board row needs."""
    rows: QuerySet[Measure, dict[str, Any]] = qs.values(*BOARD_FIELDS)
    return rows


@dataclass
class MeasureRow:
    """One row of the measures board: plain values, no model instances."""

    pk: int
    title: str
    lever_id: int
    lever_label: str  # "code title"
    owner: str | None  # the person's name, else the role's label; None: nobody
    status: str
    status_label: str
    due_on: datetime.date | None
    created_at: datetime.datetime
    is_overdue: bool
    area_key: str = ""
    area_title: str = ""
    before_after: BeforeAfter | None = None

    @property
    def due_text(self) -> str:
        """The due date as the board prints it in every language ("d.m.Y"), or "–"."""
        d = self.due_on
        return "–" if d is None else f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def measure_rows(town: Town, values: Sequence[Mapping[str, Any]]) -> list[MeasureRow]:
    """Board rows from `board_values` rows, with their before/after means (see
    `measure_before_after`: the town's rounds and one cache read for any number of rows)."""
    rows = _plain_rows(values)
    before_after = measure_before_after(town, rows)
    for row in rows:
        row.before_after = before_after[row.pk]
    return rows


def _plain_rows(values: Iterable[Mapping[str, Any]]) -> list[MeasureRow]:
    statuses = {value: str(label) for value, label in MeasureStatus.choices}
    roles = {value: str(label) for value, label in Role.choices}
    rows = []
    for v in values:
        if v["owner_user_id"] is not None:
            owner: str | None = v["owner_user__name"]
        elif v["owner_role"]:
            owner = roles.get(v["owner_role"], v["owner_role"])
        else:
            owner = None
        rows.append(
            MeasureRow(
                pk=v["id"],
                title=v["title"],
                lever_id=v["lever_id"],
                lever_label=f"{v['lever__code']} {v['lever__title']}",
                owner=owner,
                status=v["status"],
                status_label=statuses.get(v["status"], v["status"]),
                due_on=v["due_on"],
                created_at=v["created_at"],
                is_overdue=bool(v["is_overdue"]),
                area_key=v["lever__area__key"],
                area_title=v["lever__area__title"],
            )
        )
    return rows


@dataclass
class BoardPart:
    """One of the guide's parts on the measures board: its rows on this page, and for the higher
    levels the town's Forderungen instead of local measures."""

    key: str
    title: str
    rows: list[MeasureRow]
    is_higher_level: bool = False
    demands: list[Demand] | None = None


def board_parts(
    rows: Sequence[MeasureRow],
    areas: Sequence[tuple[str, str]],
    demands: Sequence[Demand] | None,
) -> list[BoardPart]:
    """The page's rows (sorted by area first) grouped by the guide's areas, in the catalogue's
    order (`areas`: key, title of the current version). A local area shows only when it has rows
    on this page; the higher levels show the Forderungen (`demands`; None: not shown, e.g. when
    the board is filtered to another area) and any older measure on them."""
    titles = dict(areas)
    by_key: dict[str, list[MeasureRow]] = {}
    for row in rows:
        by_key.setdefault(row.area_key, []).append(row)
        titles.setdefault(row.area_key, row.area_title)
    parts = []
    for key, title in titles.items():
        higher = key == HIGHER_LEVEL_AREA
        if key in by_key or (higher and demands is not None):
            parts.append(
                BoardPart(
                    key=key,
                    title=title,
                    rows=by_key.get(key, []),
                    is_higher_level=higher,
                    demands=list(demands or []) if higher else None,
                )
            )
    return parts


def measure_owners(town: Town) -> list[tuple[int, str]]:
    """People who own at least one of the town's measures (the board's person filter)."""
    return list(
        User.objects.filter(pk__in=Measure.objects.in_town(town).values("owner_user_id"))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )


def measure_detail(town: Town, pk: int) -> Measure:
    """A measure (never a Vorschlag: 404) with its notes and published logbook entries."""
    return get_in_town_or_404(
        measures_for_board(town)
        .select_related("proposed_by")
        .prefetch_related(
            "notes__author",
            Prefetch(
                "journal_entries",
                queryset=JournalEntry.objects.filter(status=JournalStatus.PUBLISHED),
            ),
        ),
        town,
        pk=pk,
    )


def round_measures(round_: Round) -> list[MeasureRow]:
    """Measures on the Stellschrauben of this round (for the council report), as plain rows."""
    return _plain_rows(
        board_values(
            measures_for_board(round_.town)
            .filter(Exists(RoundLever.objects.filter(round=round_, lever_id=OuterRef("lever_id"))))
            .order_by("lever__area__position", "lever__position", "due_on", "pk")
        )
    )
