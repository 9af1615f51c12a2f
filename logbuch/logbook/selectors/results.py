"""Reads of round results.

Results are aggregated in the database: one GROUP BY over (round, Stellschraube, group) with a
conditional count per scale point and one for "weiß nicht". Python only receives at most
rounds × Stellschrauben × 5 rows of counts and derives every figure from them (`results.py`),
so the cost of a page does not depend on the number of answers beyond that one query.

Answers of a closed round never change, so its counts are cached (key: round id and closing
time); an open round is always counted afresh.

What a round's figures are built from (`results_basis`): an open round shows no live figures,
only its latest released Zwischenstand (`ResultSnapshot`) if there is one; a closed round shows
all its answers, or, when Zwischenstände were released, one last snapshot step from the latest
of them, so the final figures differ from it by nothing or by enough answers. Trends and
before/after comparisons use closed rounds only.

"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import Town

from ..models import (
    Answer,
    Area,
    Lever,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    ResultSnapshot,
    Round,
    RoundLever,
    RoundStatus,
)
from ..results import (
    DEFAULT_SIDES,
    GROUPS,
    LAYPEOPLE,
    PROFESSIONALS,
    TOTAL,
    Cell,
    Counts,
    FrozenCell,
    LeverResult,
    PaperCounts,
    Sides,
    format_number,
    frozen_counts,
    frozen_paper,
    lever_result,
    ranked_gaps,
    snapshot_step,
    trend_values,
)

_CACHE_VERSION = 1
_CACHE_SECONDS = 60 * 60 * 24 * 7

_COUNT_COLUMNS = {
    **{f"c{v}": Count("pk", filter=Q(value=v)) for v in range(5)},
    "dk": Count("pk", filter=Q(dont_know=True)),
}

RoundCounts = dict[int, dict[str, Counts]]  # lever id -> group -> counts


def sides_of(round_: Round) -> Sides:
    """The round's setting of which groups count as Profis and which as Laien."""
    return Sides(tuple(round_.professional_groups), tuple(round_.lay_groups))


def _counts_key(round_: Round) -> str | None:
    if round_.is_open or round_.closed_at is None:
        return None
    return f"logbook:counts:{_CACHE_VERSION}:{round_.pk}:{round_.closed_at.timestamp():.6f}"


def _cache_read(keys: Iterable[str | None], cached: Mapping[str, Any] | None) -> Mapping[str, Any]:
    wanted = [k for k in keys if k]
    if cached is not None or not wanted:
        return cached or {}
    result: Mapping[str, Any] = cache.get_many(wanted)
    return result


def _per_round[T](
    rounds: Sequence[Round],
    key_of: Callable[[Round], str | None],
    cached: Mapping[str, Any] | None,
    compute: Callable[[list[Round]], dict[int, T]],
) -> dict[int, T]:
    """Per round: a closed round's figures from the cache, the others from one `compute` call
    over all of them (its figures for closed rounds go into the cache for next time).

    `key_of` gives a round's cache key (None: not cached); `cached` is a cache read the caller
    already made.
    """
    keys = {r.pk: key_of(r) for r in rounds}
    cached = _cache_read(keys.values(), cached)
    found: dict[int, T] = {}
    wanted = []
    for r in rounds:
        key = keys[r.pk]
        if key and key in cached:
            found[r.pk] = cached[key]
        else:
            wanted.append(r)
    if wanted:
        computed = compute(wanted)
        found.update(computed)
        fresh = {key: computed[pk] for pk in computed if (key := keys[pk])}
        if fresh:
            cache.set_many(fresh, _CACHE_SECONDS)
    return {r.pk: found[r.pk] for r in rounds}


def answer_counts(
    *, town: Town, rounds: Sequence[Round], cached: Mapping[str, Any] | None = None
) -> dict[int, RoundCounts]:
    """Per round, Stellschraube and group: answers per scale point and "weiß nicht".

    One GROUP BY query for all rounds not in the cache (closed rounds are cached); `cached`
    is a cache read the caller already made.
    """

    def count(wanted: list[Round]) -> dict[int, RoundCounts]:
        result: dict[int, RoundCounts] = {r.pk: {} for r in wanted}
        rows = (
            Answer.objects.in_town(town)
            .filter(round__in=[r.pk for r in wanted])
            .values("round_id", "lever_id", "group")
            .annotate(**_COUNT_COLUMNS)
            .order_by()
        )
        for row in rows:
            result[row["round_id"]].setdefault(row["lever_id"], {})[row["group"]] = Counts(
                (row["c0"], row["c1"], row["c2"], row["c3"], row["c4"]), row["dk"]
            )
        return result

    return _per_round(rounds, _counts_key, cached, count)


UNKNOWN_ENTERER = "?"  # sheets whose enterer's account is gone count as one more enterer


def _paper_key(round_: Round) -> str | None:
    key = _counts_key(round_)
    return key and key.replace("logbook:counts:", "logbook:paper:", 1)


def paper_counts(
    *, town: Town, rounds: Sequence[Round], cached: Mapping[str, Any] | None = None
) -> dict[int, dict[str, dict[str, int]]]:
    """Per round, group and enterer: how many paper sheets that person typed in (one query
    for the rounds not in the cache; closed rounds are cached like their answer counts).

    Read from the participations (one row per sheet, never per answer), so an anonymous
    round's answers stay unlinked.
    """

    def count(wanted: list[Round]) -> dict[int, dict[str, dict[str, int]]]:
        result: dict[int, dict[str, dict[str, int]]] = {r.pk: {} for r in wanted}
        rows = (
            Participation.objects.in_town(town)
            .filter(
                round__in=[r.pk for r in wanted],
                channel=ParticipationChannel.PAPER,
                status=ParticipationStatus.SUBMITTED,
            )
            .values("round_id", "group", "entered_by_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            entered_by = row["entered_by_id"]
            enterer = UNKNOWN_ENTERER if entered_by is None else str(entered_by)
            per_group = result[row["round_id"]].setdefault(row["group"], {})
            per_group[enterer] = per_group.get(enterer, 0) + row["n"]
        return result

    return _per_round(rounds, _paper_key, cached, count)


def snapshot_state(snapshot: ResultSnapshot | None) -> dict[int, dict[str, FrozenCell]]:
    """The frozen cells stored in a Zwischenstand (empty before the first one)."""
    if snapshot is None:
        return {}
    state: dict[int, dict[str, FrozenCell]] = {}
    for lever_id, cells in snapshot.cells.items():
        state[int(lever_id)] = {
            group: FrozenCell(
                Counts(tuple(cell["counts"][:5]), cell["counts"][5]),
                {str(e): int(n) for e, n in cell["paper"].items()},
            )
            for group, cell in cells.items()
        }
    return state


def latest_snapshots(*, town: Town, rounds: Sequence[Round]) -> dict[int, ResultSnapshot]:
    """The latest Zwischenstand of each round that has one (one query)."""
    latest: dict[int, ResultSnapshot] = {}
    for snapshot in (
        ResultSnapshot.objects.in_town(town)
        .filter(round__in=[r.pk for r in rounds])
        .order_by("round_id", "number")
    ):
        latest[snapshot.round_id] = snapshot  # the last one of each round wins
    return latest


@dataclass
class ResultsBasis:
    """What the figures of one round are built from (see the module docstring)."""

    counts: RoundCounts  # lever id -> group -> counts that may be shown
    paper: dict[int, PaperCounts]  # lever id -> the padding to count per group and enterer
    figures: bool = True  # False: an open round without a Zwischenstand shows no figures
    snapshot: ResultSnapshot | None = None  # the Zwischenstand shown (open round)
    pending: dict[int, frozenset[str]] = field(default_factory=dict)
    withheld: int = 0  # answers of a closed round left out to keep the last step safe


def results_basis(
    round_: Round, counts: RoundCounts, paper: PaperCounts, last: ResultSnapshot | None
) -> ResultsBasis:
    """The figures a round may show, given its live counts, paper sheets and last snapshot."""
    if round_.is_open:
        if last is None:
            return ResultsBasis(counts={}, paper={}, figures=False)
        state = snapshot_state(last)
        return ResultsBasis(
            counts={lid: frozen_counts(cells) for lid, cells in state.items()},
            paper={lid: frozen_paper(cells) for lid, cells in state.items()},
            snapshot=last,
        )
    if last is None:
        return ResultsBasis(counts=counts, paper=dict.fromkeys(counts, paper))
    step = snapshot_step(snapshot_state(last), counts, paper)
    shown = {lid: frozen_counts(cells) for lid, cells in step.state.items()}
    all_answers = sum(c.n for groups in counts.values() for c in groups.values())
    return ResultsBasis(
        counts=shown,
        paper={lid: frozen_paper(cells) for lid, cells in step.state.items()},
        pending={
            lid: frozenset(g for g, c in groups.items() if c.n and g not in shown.get(lid, {}))
            for lid, groups in counts.items()
        },
        withheld=all_answers - sum(c.n for groups in shown.values() for c in groups.values()),
    )


def round_bases(
    *, town: Town, rounds: Sequence[Round], cached: Mapping[str, Any] | None = None
) -> dict[int, ResultsBasis]:
    """`results_basis` of several rounds: answer counts (cached for closed rounds), paper
    sheets and latest snapshots, one query each."""
    counts = answer_counts(town=town, rounds=rounds, cached=cached)
    paper = paper_counts(town=town, rounds=rounds, cached=cached)
    latest = latest_snapshots(town=town, rounds=rounds)
    return {r.pk: results_basis(r, counts[r.pk], paper[r.pk], latest.get(r.pk)) for r in rounds}


def results_of(
    basis: ResultsBasis, lever_ids: Iterable[int], sides: Sides = DEFAULT_SIDES
) -> dict[int, LeverResult]:
    """Suppressed results for each Stellschraube (no answers: every cell empty)."""
    return {
        lid: lever_result(
            lid,
            basis.counts.get(lid, {}),
            basis.paper.get(lid),
            basis.pending.get(lid, ()),
            sides,
        )
        for lid in lever_ids
    }


@dataclass
class AreaResults:
    area: Area
    rows: list[tuple[Lever, LeverResult]] = field(default_factory=list)


@dataclass
class TrendRow:
    lever: Lever
    values: list[Fraction | None]

    @property
    def texts(self) -> list[str]:
        """The values formatted for a table ("–" where hidden or empty)."""
        separator = str(get_format("DECIMAL_SEPARATOR"))
        return [format_number(v, 1, separator) for v in self.values]


@dataclass
class GroupTrendRow:
    """One Stellschraube in the groups two rounds both asked: (group label, before, now)."""

    lever: Lever
    values: list[tuple[str, Fraction | None, Fraction | None]]

    @property
    def texts(self) -> list[tuple[str, str, str]]:
        separator = str(get_format("DECIMAL_SEPARATOR"))
        return [
            (label, format_number(a, 1, separator), format_number(b, 1, separator))
            for label, a, b in self.values
        ]


@dataclass
class RoundResults:
    """Everything the results page, the report and the exports show for one round."""

    round: Round
    areas: list[AreaResults]
    by_lever: dict[int, LeverResult]
    levers: dict[int, Lever]
    earlier_rounds: list[Round]  # same town and groups, oldest first, ending with this round
    trend: list[TrendRow]
    basis: ResultsBasis = field(default_factory=lambda: ResultsBasis(counts={}, paper={}))
    sides: Sides = DEFAULT_SIDES
    # Closed earlier rounds that asked other groups: not in the trend, named in words.
    skipped_rounds: list[Round] = field(default_factory=list)
    # The latest of them compared group by group, in the groups both rounds asked.
    group_trend_round: Round | None = None
    group_trend: list[GroupTrendRow] = field(default_factory=list)

    @property
    def figures(self) -> bool:
        """False for an open round without a Zwischenstand: nothing but participation."""
        return self.basis.figures

    @property
    def snapshot(self) -> ResultSnapshot | None:
        return self.basis.snapshot

    @property
    def has_answers(self) -> bool:
        return any(r.total.counts is not None and r.total.counts.n for r in self.by_lever.values())

    @property
    def answer_total(self) -> int:
        """Answers over all Stellschrauben; only the figure of shown totals is added up."""
        return sum(
            r.total.counts.n
            for r in self.by_lever.values()
            if r.total.shown and r.total.counts is not None
        )

    @property
    def local_areas(self) -> list[AreaResults]:
        """The guide's "lokal beeinflussbare Faktoren": structural and cultural areas."""
        return [a for a in self.areas if not a.area.is_higher_level]

    @property
    def higher_areas(self) -> list[AreaResults]:
        """ "Ermöglichung durch übergeordnete Ebenen": set by Land and Bund."""
        return [a for a in self.areas if a.area.is_higher_level]

    def gaps(self) -> list[tuple[Lever, LeverResult]]:
        return [(self.levers[r.lever_id], r) for r in ranked_gaps(self.by_lever.values())]

    def _actionable(self, lever: Lever, result: LeverResult) -> bool:
        """A local Stellschraube with a shown mean that is not "unklar"."""
        counts = result.total.counts
        return (
            not lever.is_higher_level
            and result.total.shown
            and counts is not None
            and counts.mean is not None
            and not result.unclear
        )

    def ranked(self, *, best: bool, limit: int = 5) -> list[tuple[Lever, LeverResult]]:
        """Strengths (best=True) or the biggest local gaps: local Stellschrauben by their total
        mean. Higher-level ones (a Forderung, not a Maßnahme) and "unklar" ones (half or more
        "weiß nicht": first inform) never appear here."""
        shown = [
            (lever, r)
            for lever, r in ((self.levers[lid], r) for lid, r in self.by_lever.items())
            if self._actionable(lever, r)
        ]

        def mean(item: tuple[Lever, LeverResult]) -> Fraction:
            counts = item[1].total.counts
            return (counts.mean if counts else None) or Fraction(0)

        shown.sort(key=lambda item: (-mean(item) if best else mean(item), item[0].position))
        return shown[:limit]

    def unclear(self) -> list[tuple[Lever, LeverResult]]:
        """Stellschrauben where half or more said "weiß nicht", in catalogue order."""
        return [(lever, r) for a in self.areas for lever, r in a.rows if r.unclear]

    def knowledge_gaps(self, limit: int = 5) -> list[tuple[Lever, LeverResult]]:
        """Stellschrauben with the highest share of "weiß nicht" (at least one), besides the
        "unklar" ones listed on their own."""
        items = []
        for lid, r in self.by_lever.items():
            c = r.total.counts
            if r.total.shown and c is not None and c.dont_know and not r.unclear:
                items.append((self.levers[lid], r))
        items.sort(
            key=lambda item: -(item[1].total.counts.dont_know_share or 0)  # type: ignore[union-attr]
        )
        return items[:limit]


def round_levers(round_: Round) -> list[Lever]:
    """The Stellschrauben of a round in catalogue order (areas, then position in the round)."""
    return [
        rl.lever
        for rl in RoundLever.objects.in_town(round_.town)
        .filter(round=round_)
        .select_related("lever__area")
        .order_by("lever__area__position", "position", "lever_id")
    ]


def town_rounds(town: Town) -> QuerySet[Round]:
    return Round.objects.in_town(town).order_by("starts_on", "id")


def _summary_key(round_: Round) -> str | None:
    """Means depend on the round's Profis/Laien setting too (it changes the suppression)."""
    key = _counts_key(round_)
    return key and (
        key.replace("logbook:counts:", "logbook:means:", 1) + ":" + sides_of(round_).key
    )


def total_means(
    *,
    town: Town,
    rounds: Sequence[Round],
    lever_ids: Sequence[int],
    cached: Mapping[str, Any] | None = None,
) -> dict[int, dict[int, Fraction | None]]:
    """Per round and Stellschraube: the mean over all groups, None where hidden or empty.

    This is what trends and before/after comparisons show. Only closed rounds have figures
    here (an open one changes with every submission: all None). Each round's own suppression
    applies, so a trend never shows what its round hides. Closed rounds are cached as these
    few numbers, so a trend over ten rounds costs one cache read.
    """

    def compute(missing: list[Round]) -> dict[int, dict[int, Fraction | None]]:
        closed = [r for r in missing if not r.is_open]
        means: dict[int, dict[int, Fraction | None]] = {r.pk: {} for r in missing if r.is_open}
        bases = round_bases(town=town, rounds=closed) if closed else {}
        for r in closed:
            basis = bases[r.pk]
            means[r.pk] = {
                lid: trend_values([result], TOTAL)[0]
                for lid, result in results_of(basis, basis.counts, sides_of(r)).items()
            }
        return means

    means = _per_round(rounds, _summary_key, cached, compute)
    return {r.pk: {lid: means[r.pk].get(lid) for lid in lever_ids} for r in rounds}


def round_results(round_: Round, *, trend_rounds: int = 10) -> RoundResults:
    """Results of one round with the trend over the town's closed rounds up to this one.

    The trend compares only rounds that asked the same groups (a mean over other groups would
    pass a change of who answered off as a change of the town); closed rounds with other groups
    are named (`skipped_rounds`), and the latest of them is compared group by group in the
    groups both asked, from the group cells each round shows itself.

    Queries: levers of the round, earlier rounds, the aggregate of this round (and of the one
    compared by group) and the trend means of the earlier ones (each one query, or one cache
    read for closed rounds); constant in the number of answers.
    """
    levers = round_levers(round_)
    lever_ids = [lever.pk for lever in levers]
    sides = sides_of(round_)
    earlier: list[Round] = []
    skipped: list[Round] = []
    if trend_rounds > 1:
        window = list(
            town_rounds(round_.town)
            .filter(starts_on__lte=round_.starts_on, status=RoundStatus.CLOSED)
            .exclude(pk=round_.pk)
            .order_by("-starts_on", "-id")[: 4 * trend_rounds]
        )[::-1]
        same = set(round_.groups)
        earlier = [r for r in window if set(r.groups) == same][-(trend_rounds - 1) :]
        skipped = [r for r in window if set(r.groups) != same][-(trend_rounds - 1) :]
    by_group = skipped[-1] if skipped else None
    # One cache read for this round's counts and the earlier rounds' means.
    cached = _cache_read(
        [
            _counts_key(round_),
            _paper_key(round_),
            *(_summary_key(r) for r in earlier),
            *([_counts_key(by_group), _paper_key(by_group)] if by_group else []),
        ],
        None,
    )
    bases = round_bases(
        town=round_.town, rounds=[round_, *([by_group] if by_group else [])], cached=cached
    )
    basis = bases[round_.pk]
    by_lever = results_of(basis, lever_ids, sides)
    means = total_means(town=round_.town, rounds=earlier, lever_ids=lever_ids, cached=cached)
    current = {lid: trend_values([r], TOTAL)[0] for lid, r in by_lever.items()}

    areas: list[AreaResults] = []
    for lever in levers:
        if not areas or areas[-1].area.pk != lever.area_id:
            areas.append(AreaResults(area=lever.area))
        areas[-1].rows.append((lever, by_lever[lever.pk]))

    trend = [
        TrendRow(lever, [*(means[r.pk][lever.pk] for r in earlier), current[lever.pk]])
        for lever in levers
    ]
    group_trend: list[GroupTrendRow] = []
    if by_group is not None:
        before = results_of(bases[by_group.pk], lever_ids, sides_of(by_group))
        common = [g for g in GROUPS if g in by_group.groups and g in round_.groups]
        group_trend = [
            GroupTrendRow(
                lever,
                [
                    (
                        cell_label(g),
                        trend_values([before[lever.pk]], g)[0],
                        trend_values([by_lever[lever.pk]], g)[0],
                    )
                    for g in common
                ],
            )
            for lever in levers
        ]
    return RoundResults(
        round=round_,
        areas=areas,
        by_lever=by_lever,
        levers={lever.pk: lever for lever in levers},
        earlier_rounds=[*earlier, round_],
        trend=trend,
        basis=basis,
        sides=sides,
        skipped_rounds=skipped,
        group_trend_round=by_group,
        group_trend=group_trend,
    )


def _comment_filter(round_: Round, by_lever: dict[int, LeverResult]) -> Q:
    """Comments may be listed only from groups whose cell for that Stellschraube is shown, and
    only once the round is closed (a list that grows by one per submission names its author,
    so Zwischenstände carry no comments)."""
    condition = Q(pk__in=[])
    if round_.is_open:
        return condition
    for lid, result in by_lever.items():
        groups = [key for key, cell in result.cells.items() if cell.shown]
        if groups:
            condition |= Q(lever_id=lid, group__in=groups)
    return condition


def lever_comments(round_: Round, result: LeverResult) -> list[str]:
    """Comments on one Stellschraube, without names, group or value, in text order.

    Text order (not submission order) so nothing about who wrote what can be read from the
    sequence; only groups with at least three answers contribute. The query reads only the
    commented answers (the partial index `logbook_answer_commented`) and the shown groups are
    picked here: a condition on the group in SQL would lead the planner to the group index and
    make it walk every answer of the Stellschraube.
    """
    if round_.is_open:
        return []
    shown = {key for key, cell in result.cells.items() if cell.shown}
    rows = (
        Answer.objects.in_town(round_.town)
        .filter(round=round_, lever_id=result.lever_id)
        .exclude(comment="")
        .order_by("comment")
        .values_list("group", "comment")
    )
    return [comment for group, comment in rows if group in shown]


CELL_LABELS = {
    TOTAL: _("Alle"),
    PROFESSIONALS: _("Profis (Hauptberufliche, Stadtrat)"),
    LAYPEOPLE: _("Laien (Ehrenamtliche, Bürgerinnen und Bürger, Unternehmen/Paten)"),
}


def round_comments(round_: Round, by_lever: dict[int, LeverResult]) -> dict[int, list[str]]:
    """All comments of a closed round per Stellschraube (one query), under the rules of
    `lever_comments`: only from groups whose cell is shown, in text order."""
    comments: dict[int, list[str]] = {}
    for lever_id, comment in (
        Answer.objects.in_town(round_.town)
        .filter(_comment_filter(round_, by_lever), round=round_)
        .exclude(comment="")
        .order_by("lever_id", "comment")
        .values_list("lever_id", "comment")
    ):
        comments.setdefault(lever_id, []).append(comment)
    return comments


def side_names(members: Iterable[str], asked: Sequence[str] | None = None) -> str:
    """The names of a side's groups in catalogue order, only those the round asked (`asked`:
    the round's groups): "Ehrenamtliche, Bürgerinnen und Bürger"."""
    return ", ".join(
        str(ParticipantGroup(g).label)
        for g in GROUPS
        if g in members and (asked is None or g in asked)
    )


def cell_label(key: str, sides: Sides = DEFAULT_SIDES, asked: Sequence[str] | None = None) -> str:
    """ "Alle", a group's name, or "Profis (…)"/"Laien (…)" with the groups the round counts
    on that side, named only when the round asked them (`asked`: the round's groups)."""
    if key == TOTAL:
        return str(_("Alle"))
    if key in (PROFESSIONALS, LAYPEOPLE):
        members = sides.professionals if key == PROFESSIONALS else sides.laypeople
        names = side_names(members, asked)
        side = _("Profis") if key == PROFESSIONALS else _("Laien")
        return f"{side} ({names})" if names else str(side)
    return str(ParticipantGroup(key).label)


@dataclass(frozen=True)
class LabelledCell:
    key: str
    label: str
    cell: Cell

    @property
    def hidden(self) -> bool:
        return self.cell.hidden

    @property
    def shown(self) -> bool:
        return self.cell.shown

    @property
    def counts(self) -> Counts | None:
        return self.cell.counts


def group_cells(
    result: LeverResult, groups: Sequence[str] | None = None, sides: Sides = DEFAULT_SIDES
) -> list[LabelledCell]:
    """Cells in table order: the round's groups, then professionals, laypeople and all."""
    keys = [g for g in GROUPS if groups is None or g in groups]
    return [
        LabelledCell(key, cell_label(key, sides, groups), result.cells[key])
        for key in (*keys, PROFESSIONALS, LAYPEOPLE, TOTAL)
    ]
