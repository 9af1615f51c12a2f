"""Reads for the council report that the results page does not need: participation per group,
the guide's a/b pair (S03a/S03b) seen by staff and volunteers, and the appendix.

Every count here is a count of people and follows the results' privacy rule: figures of 1 or 2
are hidden, with complementary suppression over the round's groups → Profis/Laien → Alle
(`results.count_cells` with the round's `Sides`), so none can be worked out by subtraction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q

from ..models import Lever, ParticipantGroup, Participation, ParticipationStatus, Round
from ..results import GROUPS, LAYPEOPLE, PROFESSIONALS, TOTAL, Cell, Sides, count_cells
from .results import RoundResults, cell_label, round_comments, sides_of


@dataclass(frozen=True)
class TurnoutRow:
    """One group (or sum) of a round: invited, answered; None where hidden (1 or 2, or
    derivable from such a figure)."""

    key: str
    label: str
    invited: int | None
    answered: int | None

    @property
    def share(self) -> Fraction | None:
        """Answered of invited, only where both figures are shown."""
        if self.invited is None or self.answered is None or not self.invited:
            return None
        return Fraction(self.answered, self.invited)

    @property
    def is_sum(self) -> bool:
        return self.key in (PROFESSIONALS, LAYPEOPLE, TOTAL)


def turnout(round_: Round) -> list[TurnoutRow]:
    """Per group of the round, Profis, Laien and in total: how many were invited (every
    participation: email link, printed code, paper sheet, or a member who joined) and how many
    answered (submitted). One query; both columns suppressed on their own like result cells."""
    invited: dict[str, int] = {}
    answered: dict[str, int] = {}
    for row in (
        Participation.objects.in_town(round_.town)
        .filter(round=round_)
        .values("group")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=ParticipationStatus.SUBMITTED)))
        .order_by()
    ):
        invited[row["group"]] = row["n"]
        answered[row["group"]] = row["done"]
    return turnout_rows(invited, answered, groups=round_.groups, sides=sides_of(round_))


def turnout_rows(
    invited: Mapping[str, int], answered: Mapping[str, int], *, groups: Sequence[str], sides: Sides
) -> list[TurnoutRow]:
    """The rows of `turnout` from per-group counts: each column suppressed on its own over the
    round's groups → Profis/Laien → Alle."""
    shown_invited = count_cells(invited, sides=sides)
    shown_answered = count_cells(answered, sides=sides)
    keys = [g for g in GROUPS if g in groups]
    if any(g in sides.professionals for g in keys):
        keys.append(PROFESSIONALS)
    if any(g in sides.laypeople for g in keys):
        keys.append(LAYPEOPLE)
    keys.append(TOTAL)
    return [
        TurnoutRow(key, cell_label(key, sides, groups), shown_invited[key], shown_answered[key])
        for key in keys
    ]


@dataclass(frozen=True)
class PairCell:
    label: str
    cell: Cell

    @property
    def mean(self) -> Fraction | None:
        c = self.cell.counts
        return c.mean if self.cell.shown and c is not None else None

    @property
    def n(self) -> int | None:
        c = self.cell.counts
        return c.n if self.cell.shown and c is not None else None


@dataclass(frozen=True)
class PairRow:
    lever: Lever
    staff: PairCell
    volunteers: PairCell


# The guide asks about resources as one question in two parts: a) the staff, b) the volunteers.
PAIR_CODES = ("S03a", "S03b")


def resources_pair(results: RoundResults) -> list[PairRow]:
    """S03a and S03b as Hauptberufliche and Ehrenamtliche each see them (group cells as the
    results show them); empty unless the round has both Stellschrauben."""
    levers = [
        lever for lever in results.levers.values() if not lever.is_own and lever.code in PAIR_CODES
    ]
    if len(levers) != len(PAIR_CODES):
        return []
    levers.sort(key=lambda lever: PAIR_CODES.index(lever.code))
    staff, volunteer = ParticipantGroup.STAFF, ParticipantGroup.VOLUNTEER
    return [
        PairRow(
            lever,
            PairCell(str(staff.label), results.by_lever[lever.pk].cells[staff]),
            PairCell(str(volunteer.label), results.by_lever[lever.pk].cells[volunteer]),
        )
        for lever in levers
    ]


@dataclass
class AppendixEntry:
    lever: Lever
    comments: list[str] = field(default_factory=list)


def appendix(results: RoundResults) -> list[tuple[str, list[AppendixEntry]]]:
    """The round's questions in the guide's words, per area, each with its comments (closed
    rounds; only from groups whose cell is shown: `round_comments`). One query."""
    comments = round_comments(results.round, results.by_lever)
    return [
        (
            block.area.title,
            [AppendixEntry(lever, comments.get(lever.pk, [])) for lever, _r in block.rows],
        )
        for block in results.areas
    ]
