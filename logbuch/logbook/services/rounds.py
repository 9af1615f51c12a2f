"""Rounds: open, close (by hand and when due), and Zwischenstände.

Results of an open round are never shown live; `round_snapshot_release` freezes a Zwischenstand
under the rules of `results.snapshot_step`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from .. import errors
from ..models import (
    CatalogueVersion,
    Lever,
    ParticipantGroup,
    ResultSnapshot,
    Round,
    RoundLever,
    RoundStatus,
    default_lay_groups,
    default_professional_groups,
)
from ..results import FrozenCell, snapshot_step
from ..selectors.results import answer_counts, paper_counts, snapshot_state

# --- Rounds --------------------------------------------------------------------------------------


# The condition of the close's conditional UPDATE: only an open round is closed (once).
CLOSABLE = Q(status=RoundStatus.OPEN)


def round_open(
    *,
    town: Town,
    actor: User,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    groups: Sequence[str],
    anonymous: bool,
    professional_groups: Sequence[str] | None = None,
    lay_groups: Sequence[str] | None = None,
) -> Round:
    """Open a round on the current catalogue and freeze the town's Stellschrauben into it.

    `professional_groups` / `lay_groups`: which groups the report compares as Profis and
    Laien (default: staff; volunteers, residents and businesses; the council on its own)."""
    if ends_on < starts_on:
        raise errors.InvalidPeriod
    chosen = [g for g in ParticipantGroup.values if g in set(groups)]
    if not chosen or len(chosen) != len(set(groups)):
        raise errors.InvalidGroups
    professionals = [
        str(g)
        for g in ParticipantGroup.values
        if g
        in set(
            default_professional_groups() if professional_groups is None else professional_groups
        )
    ]
    laypeople = [
        str(g)
        for g in ParticipantGroup.values
        if g in set(default_lay_groups() if lay_groups is None else lay_groups)
    ]
    if set(professionals) & set(laypeople):
        raise errors.InvalidSides
    version = CatalogueVersion.objects.get(is_current=True)
    with transaction.atomic():
        levers = list(
            Lever.objects.for_town(town, version=version).order_by(
                "area__position", "town", "position", "id"
            )
        )
        if not levers:
            raise errors.NoLevers
        round_ = Round.objects.create(
            town=town,
            title=title,
            catalogue_version=version,
            starts_on=starts_on,
            ends_on=ends_on,
            groups=chosen,
            professional_groups=professionals,
            lay_groups=laypeople,
            anonymous=anonymous,
            created_by=actor,
        )
        RoundLever.objects.bulk_create(
            [
                RoundLever(town=town, round=round_, lever=lever, position=i)
                for i, lever in enumerate(levers, start=1)
            ]
        )
        audit(
            town=town, actor=actor, action="logbook.round.opened", target=title, anonymous=anonymous
        )
    return round_


def round_close(*, round_: Round, actor: User | None) -> None:
    """Close a round now; a second close (hand and task at once) is refused, not repeated."""
    with transaction.atomic():
        closed = Round.objects.filter(CLOSABLE, pk=round_.pk).update(
            status=RoundStatus.CLOSED, closed_at=timezone.now()
        )
        if not closed:
            raise errors.RoundAlreadyClosed
        audit(town=round_.town, actor=actor, action="logbook.round.closed", target=round_.title)
    round_.refresh_from_db(fields=["status", "closed_at"])


def rounds_close_due(*, today: datetime.date | None = None) -> int:
    """Close every open round (of all towns) whose end date has passed; returns how many.

    The end date is the last day on which answers are taken.
    """
    today = today or timezone.localdate()
    closed = 0
    due = Round.objects.filter(status=RoundStatus.OPEN, ends_on__lt=today).select_related("town")
    for round_ in due:
        try:
            round_close(round_=round_, actor=None)
        except errors.RoundAlreadyClosed:
            continue
        closed += 1
    return closed


def ensure_accepting(round_: Round) -> None:
    today = timezone.localdate()
    if round_.status != RoundStatus.OPEN or today > round_.ends_on:
        raise errors.RoundClosed
    if today < round_.starts_on:
        raise errors.RoundNotStarted


def _ensure_group(round_: Round, group: str) -> None:
    if group not in round_.groups:
        raise errors.GroupNotInRound


# --- Snapshots (Zwischenstände) ------------------------------------------------------------------


def _lock_round(round_: Round) -> Round:
    """Lock the round row (`core.locks.lock`) and re-read it inside the lock."""
    lock(round_)
    locked: Round = Round.objects.select_related("town").get(pk=round_.pk)
    return locked


def snapshot_cells_dump(state: Mapping[int, Mapping[str, FrozenCell]]) -> dict[str, Any]:
    return {
        str(lever_id): {
            group: {"counts": [*cell.counts.values, cell.counts.dont_know], "paper": cell.paper}
            for group, cell in cells.items()
        }
        for lever_id, cells in state.items()
    }


def round_snapshot_release(*, round_: Round, actor: User) -> tuple[ResultSnapshot, frozenset[str]]:
    """Release a Zwischenstand of an open round: a frozen copy of the aggregated counts.

    Each group's cell takes in the answers that came since it last moved only if they are at
    least `MIN_ANSWERS` besides one enterer's paper sheets (`results.snapshot_step`); groups
    with fewer keep their old figures (returned as the second item, so the coordinator is told).
    Refused (`SnapshotNothingNew`) when no group moves.
    Locks the round row, so two releases at once number and build on each other, and paper
    sheets wait while the counts are read.
    """
    with transaction.atomic():
        locked = _lock_round(round_)
        if locked.status != RoundStatus.OPEN:
            raise errors.RoundClosed
        last = ResultSnapshot.objects.in_town(locked.town).filter(round=locked).last()
        current = answer_counts(town=locked.town, rounds=[locked])[locked.pk]
        step = snapshot_step(
            snapshot_state(last),
            current,
            paper_counts(town=locked.town, rounds=[locked])[locked.pk],
        )
        if not step.moved:
            raise errors.SnapshotNothingNew
        snapshot = ResultSnapshot.objects.create(
            town=locked.town,
            round=locked,
            number=(last.number + 1) if last else 1,
            released_at=timezone.now(),
            released_by=actor,
            cells=snapshot_cells_dump(step.state),
        )
        audit(
            town=locked.town,
            actor=actor,
            action="logbook.round.snapshot_released",
            target=locked.title,
            number=snapshot.number,
            waiting=sorted(step.waiting),
        )
    return snapshot, step.waiting
