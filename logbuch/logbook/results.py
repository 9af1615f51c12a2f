"""Pure arithmetic of round results: distributions, median, mean, suppression, perception gaps.

Nothing here touches the database. The selectors fetch per-group answer counts with one
GROUP BY (conditional aggregation per scale point) and hand them to these functions; every
figure shown is computed from those counts, so no raw answer ever reaches Python.

Privacy rule (DESIGN.md, "No aggregate of fewer than 3 answers is shown or derivable"):
a cell (one group, or a sum of groups, for one Stellschraube in one round) with fewer than
`MIN_ANSWERS` answers is hidden ("zu wenige Antworten"), and further cells are hidden until no
hidden cell can be worked out by adding or subtracting the shown ones (complementary
suppression, see `suppress`). Paper sheets count towards the threshold only beyond those of
the busiest single enterer (`padding_of`), so nobody can lift a group over it by typing in
sheets. Open rounds show no figures at all; interim results are frozen snapshots whose
differences never cover fewer than `MIN_ANSWERS` answers (`snapshot_step`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .models import ALL_GROUPS, LAY_GROUPS, PROFESSIONAL_GROUPS

MIN_ANSWERS = 3
SCALE = (0, 1, 2, 3, 4)
# A perception gap that rounds to less than this is "gleich gesehen": no direction is named.
SAME_VIEW = Fraction(1, 2)

# Cells above the single groups. A group value is a Role value (Answer.group).
TOTAL = "total"
PROFESSIONALS = "professionals"
LAYPEOPLE = "laypeople"
GROUPS: tuple[str, ...] = tuple(str(g) for g in ALL_GROUPS)
CELLS = (TOTAL, PROFESSIONALS, LAYPEOPLE, *GROUPS)

Equations = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Sides:
    """Which groups a round counts as Profis and which as Laien (a round setting); the groups
    in neither (by default the council, whose members are volunteers with a mandate) stand on
    their own and count only towards "Alle"."""

    professionals: tuple[str, ...] = tuple(str(g) for g in PROFESSIONAL_GROUPS)
    laypeople: tuple[str, ...] = tuple(str(g) for g in LAY_GROUPS)

    def __post_init__(self) -> None:
        if set(self.professionals) & set(self.laypeople):
            raise ValueError("a group is either professional or lay, not both")

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(g for g in GROUPS if g not in self.professionals + self.laypeople)

    @property
    def hierarchy(self) -> Equations:
        """Every displayed sum as an equation parent = sum(children). The cells form a tree,
        which `suppress` relies on (see its docstring)."""
        return (
            (TOTAL, (PROFESSIONALS, LAYPEOPLE, *self.others)),
            (PROFESSIONALS, tuple(g for g in GROUPS if g in self.professionals)),
            (LAYPEOPLE, tuple(g for g in GROUPS if g in self.laypeople)),
        )

    @property
    def key(self) -> str:
        """A short stable text for cache keys."""
        return f"{'.'.join(sorted(self.professionals))}|{'.'.join(sorted(self.laypeople))}"


DEFAULT_SIDES = Sides()
HIERARCHY: Equations = DEFAULT_SIDES.hierarchy


@dataclass(frozen=True)
class Counts:
    """How many answers fell on each scale point 0..4, and how many said "weiß nicht"."""

    values: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    dont_know: int = 0

    def __post_init__(self) -> None:
        if len(self.values) != len(SCALE) or min(self.values) < 0 or self.dont_know < 0:
            raise ValueError("counts must be five non-negative numbers")

    def __add__(self, other: Counts) -> Counts:
        a, b = self.values, other.values
        return Counts(
            (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]),
            self.dont_know + other.dont_know,
        )

    @property
    def n_numeric(self) -> int:
        return sum(self.values)

    @property
    def n(self) -> int:
        """All answers, "weiß nicht" included."""
        return self.n_numeric + self.dont_know

    @property
    def mean(self) -> Fraction | None:
        if not self.n_numeric:
            return None
        return Fraction(sum(v * c for v, c in zip(SCALE, self.values, strict=True)), self.n_numeric)

    @property
    def median(self) -> Fraction | None:
        return median_from_counts(self.values)

    @property
    def dont_know_share(self) -> Fraction | None:
        """The share of "weiß nicht": a knowledge gap in itself."""
        return Fraction(self.dont_know, self.n) if self.n else None

    @property
    def shares(self) -> tuple[Fraction, ...]:
        """Share of each scale point among the answers with a value (for the bar)."""
        total = self.n_numeric
        return tuple(Fraction(c, total) if total else Fraction(0) for c in self.values)


def total_of(counts: Iterable[Counts]) -> Counts:
    result = Counts()
    for c in counts:
        result = result + c
    return result


def median_from_counts(values: Sequence[int]) -> Fraction | None:
    """The exact median of the answers described by per-point counts.

    Walks the cumulative distribution: the median is the value at rank (n+1)/2, or the average
    of the values at ranks n/2 and n/2+1 when n is even.
    """
    n = sum(values)
    if n == 0:
        return None

    def value_at(rank: int) -> int:
        cumulative = 0
        for value, count in zip(SCALE, values, strict=True):
            cumulative += count
            if cumulative >= rank:
                return value
        raise AssertionError("rank beyond the distribution")

    if n % 2:
        return Fraction(value_at((n + 1) // 2))
    return Fraction(value_at(n // 2) + value_at(n // 2 + 1), 2)


def cells_of(groups: Mapping[str, Counts], sides: Sides = DEFAULT_SIDES) -> dict[str, Counts]:
    """Counts of every displayed cell: each group, professionals, laypeople and the total."""
    cells = {g: groups.get(g, Counts()) for g in GROUPS}
    for parent, children in sides.hierarchy[1:]:
        cells[parent] = total_of(cells[g] for g in children)
    cells[TOTAL] = total_of(cells[g] for g in GROUPS)
    return cells


def too_few(counts: Counts, padding: int = 0, k: int = MIN_ANSWERS) -> bool:
    """A cell is too small when its answers, or its answers with a value, number 1 to k-1
    once the `padding` answers one person may have typed in are taken away.

    The value condition matters: 3 answers of which 2 are "weiß nicht" would show one
    person's value as the mean. `padding` is the largest number of paper sheets one enterer
    put into the cell's groups (`padding_of`): who typed them knows them, so they protect
    nobody from that person, and a cell is shown only with k answers besides them.
    """
    return (counts.n > 0 and counts.n - padding < k) or (
        counts.n_numeric > 0 and counts.n_numeric - padding < k
    )


PaperCounts = Mapping[str, Mapping[str, int]]  # group -> enterer key -> paper sheets


def padding_of(paper: PaperCounts, groups: Iterable[str]) -> int:
    """The most paper sheets a single enterer typed into these groups together."""
    per_enterer: dict[str, int] = {}
    for group in groups:
        for enterer, sheets in paper.get(group, {}).items():
            per_enterer[enterer] = per_enterer.get(enterer, 0) + sheets
    return max(per_enterer.values(), default=0)


def cell_groups(key: str, sides: Sides = DEFAULT_SIDES) -> tuple[str, ...]:
    """The single groups a displayed cell adds up."""
    if key == TOTAL:
        return GROUPS
    for parent, children in sides.hierarchy[1:]:
        if key == parent:
            return children
    return (key,)


def suppress(
    sizes: Mapping[str, int],
    equations: Sequence[tuple[str, Sequence[str]]],
    primary: Iterable[str],
) -> frozenset[str]:
    """The cells to hide: the primary ones plus complements, so none can be derived.

    `equations` list every displayed sum as parent = sum(children); the figures shown per cell
    (counts per scale point, "weiß nicht", and so mean and median) are all additive, so a hidden
    cell leaks exactly when the equations determine it. Rule: no equation may contain exactly
    one hidden cell. While one does, hide one more of its cells: the smallest child with
    answers, else the parent. Cells without answers are never chosen as complements (their
    zero is no protection).

    For equations forming a tree (each cell is a child in at most one equation and a parent in
    at most one, no cycles), "no equation has exactly one hidden cell" is equivalent to "no
    hidden cell is determined by the system": any hidden cell lies on a path of hidden cells
    that enters and leaves every equation it touches, and alternating +1/-1 along that path is
    a change of the hidden values that keeps every shown figure the same.
    """
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for parent, children in equations:
            members = (parent, *children)
            if sum(1 for m in members if m in hidden) != 1:
                continue
            candidates = sorted(
                (sizes.get(c, 0), index, c)
                for index, c in enumerate(children)
                if c not in hidden and sizes.get(c, 0) > 0
            )
            if candidates:
                hidden.add(candidates[0][2])
            elif parent not in hidden and sizes.get(parent, 0) > 0:
                hidden.add(parent)
            else:  # only empty cells left: nothing more to protect with
                continue
            changed = True
    return frozenset(hidden)


def suppress_cells(
    cells: Mapping[str, Counts], paper: PaperCounts | None = None, sides: Sides = DEFAULT_SIDES
) -> frozenset[str]:
    """The hidden cells of one Stellschraube in one round (the round's `Sides.hierarchy`)."""
    paper = paper or {}
    return suppress(
        {name: c.n for name, c in cells.items()},
        sides.hierarchy,
        [
            name
            for name, c in cells.items()
            if too_few(c, padding_of(paper, cell_groups(name, sides)))
        ],
    )


@dataclass(frozen=True)
class Cell:
    """One displayed cell: its counts, or None when hidden."""

    key: str
    counts: Counts | None
    hidden: bool

    @property
    def shown(self) -> bool:
        return not self.hidden and self.counts is not None and self.counts.n > 0


@dataclass(frozen=True)
class LeverResult:
    """All cells of one Stellschraube in one round, with the suppression already applied."""

    lever_id: int
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    @property
    def total(self) -> Cell:
        return self.cells[TOTAL]

    @property
    def gap(self) -> Fraction | None:
        """Professionals' mean minus laypeople's mean, when both may be shown."""
        prof, lay = self.cells[PROFESSIONALS], self.cells[LAYPEOPLE]
        if not (prof.shown and lay.shown) or prof.counts is None or lay.counts is None:
            return None
        a, b = prof.counts.mean, lay.counts.mean
        if a is None or b is None:
            return None
        return a - b

    @property
    def gap_size(self) -> Fraction | None:
        gap = self.gap
        return None if gap is None else abs(gap)

    @property
    def gap_direction(self) -> int | None:
        """1: Profis see it better, -1: Laien do, 0: "gleich gesehen" (the gap as shown, one
        decimal, is under `SAME_VIEW`), None: no comparison possible."""
        gap = self.gap
        if gap is None:
            return None
        if Fraction(format_number(abs(gap), 1, ".")) < SAME_VIEW:
            return 0
        return 1 if gap > 0 else -1

    @property
    def unclear(self) -> bool:
        """Half or more of all answers are "weiß nicht": "unklar – erst informieren", never a
        gap to act on."""
        c = self.total.counts
        return self.total.shown and c is not None and 2 * c.dont_know >= c.n


def lever_result(
    lever_id: int,
    groups: Mapping[str, Counts],
    paper: PaperCounts | None = None,
    pending: Iterable[str] = (),
    sides: Sides = DEFAULT_SIDES,
) -> LeverResult:
    """Build the cells of one Stellschraube and hide what must be hidden.

    `paper`: the round's paper sheets per group and enterer (see `too_few`). `pending`:
    groups of a snapshot whose answers are all still waiting for enough newcomers; their
    empty cell says "zu wenige Antworten" rather than "keine Antworten".
    """
    cells = cells_of(groups, sides)
    hidden = suppress_cells(cells, paper, sides) | {g for g in pending if cells[g].n == 0}
    return LeverResult(
        lever_id=lever_id,
        cells={
            key: Cell(key=key, counts=None if key in hidden else c, hidden=key in hidden)
            for key, c in cells.items()
        },
    )


def ranked_gaps(results: Iterable[LeverResult]) -> list[LeverResult]:
    """Stellschrauben with a shown perception gap, the largest gap (either direction) first."""
    with_gap = [r for r in results if r.gap is not None]
    return sorted(with_gap, key=lambda r: (-abs(r.gap or 0), r.lever_id))


def trend_values(results: Sequence[LeverResult], key: str = TOTAL) -> list[Fraction | None]:
    """The mean of one cell per round (rounds in the given order); None where it is hidden.

    Uses each round's own suppression, so a trend never shows a figure its round hides.
    """
    values: list[Fraction | None] = []
    for result in results:
        cell = result.cells.get(key)
        values.append(cell.counts.mean if cell and cell.shown and cell.counts else None)
    return values


def format_number(value: Fraction | float | None, digits: int = 1, separator: str = ",") -> str:
    """A figure for display: rounded to `digits` decimals, "–" when there is none."""
    if value is None:
        return "–"
    text = f"{float(value):.{digits}f}"
    return text if separator == "." else text.replace(".", separator)


# ---------------------------------------------------------------------------------------------
# Snapshots (Zwischenstände) of open rounds
# ---------------------------------------------------------------------------------------------


def difference(now: Counts, before: Counts) -> Counts | None:
    """The answers added between two states of a cell; None if any count went down."""
    values = tuple(a - b for a, b in zip(now.values, before.values, strict=True))
    dont_know = now.dont_know - before.dont_know
    if min(values) < 0 or dont_know < 0:
        return None
    return Counts((values[0], values[1], values[2], values[3], values[4]), dont_know)


@dataclass(frozen=True)
class FrozenCell:
    """One group's cell of one Stellschraube in a snapshot, with the group's paper sheets per
    enterer at the moment the cell last moved."""

    counts: Counts = Counts()
    paper: Mapping[str, int] = field(default_factory=dict)


SnapshotState = Mapping[int, Mapping[str, FrozenCell]]  # lever id -> group -> frozen cell


@dataclass(frozen=True)
class SnapshotStep:
    """The next snapshot: its cells, the groups that moved and those left waiting."""

    state: dict[int, dict[str, FrozenCell]]
    moved: frozenset[str]  # groups with at least one cell that took in new answers
    waiting: frozenset[str]  # groups with new answers not taken in (too few yet)


def snapshot_step(
    previous: SnapshotState,
    current: Mapping[int, Mapping[str, Counts]],
    paper: PaperCounts,
    k: int = MIN_ANSWERS,
) -> SnapshotStep:
    """The cells of the next snapshot, given the last one and the counts of now.

    A group's cell of a Stellschraube moves to its current counts only if the answers added
    since it last moved are not `too_few`, counting the paper sheets one enterer typed in
    meanwhile as padding; else it keeps its old counts and the group waits. So between any two
    snapshots every group's cell changes by nothing or by at least k answers besides one
    enterer's sheets (with values: likewise), and every sum cell by a sum of such changes: no
    difference singles out fewer than k people. A frozen cell is itself such a sum of changes
    since the empty start, so none of its figures singles anyone out (the display may still
    hide a sum cell where `padding_of`, counting sheets rather than values, is cruder).
    """
    state: dict[int, dict[str, FrozenCell]] = {}
    moved: set[str] = set()
    waiting: set[str] = set()
    for lever_id in sorted(set(previous) | set(current)):
        before_cells = previous.get(lever_id, {})
        now_cells = current.get(lever_id, {})
        cells: dict[str, FrozenCell] = {}
        for group in GROUPS:
            before = before_cells.get(group, FrozenCell())
            now = now_cells.get(group, Counts())
            added = difference(now, before.counts)
            if added is not None and added.n > 0:
                sheets = paper.get(group, {})
                new_sheets = max((n - before.paper.get(e, 0) for e, n in sheets.items()), default=0)
                if not too_few(added, max(new_sheets, 0), k):
                    before = FrozenCell(now, dict(sheets))
                    moved.add(group)
                else:
                    waiting.add(group)
            elif added is None:
                waiting.add(group)
            if before.counts.n:
                cells[group] = before
        state[lever_id] = cells
    return SnapshotStep(state=state, moved=frozenset(moved), waiting=frozenset(waiting))


def frozen_counts(cells: Mapping[str, FrozenCell]) -> dict[str, Counts]:
    return {group: cell.counts for group, cell in cells.items()}


def frozen_paper(cells: Mapping[str, FrozenCell]) -> dict[str, Mapping[str, int]]:
    return {group: cell.paper for group, cell in cells.items()}


# ---------------------------------------------------------------------------------------------
# Participation counts
# ---------------------------------------------------------------------------------------------


def count_cells(
    per_group: Mapping[str, int], k: int = MIN_ANSWERS, sides: Sides = DEFAULT_SIDES
) -> dict[str, int | None]:
    """How many took part per group and sum cell; None where 1 to k-1 (or derivable).

    Participation figures say *that* people took part, never what they answered; hiding small
    ones (with the same complementary rule as results) keeps "she is the only one in the
    council group who took part" out of them.
    """
    sizes = {g: per_group.get(g, 0) for g in GROUPS}
    for parent, children in sides.hierarchy[1:]:
        sizes[parent] = sum(sizes[c] for c in children)
    sizes[TOTAL] = sum(sizes[g] for g in GROUPS)
    hidden = suppress(sizes, sides.hierarchy, [c for c, n in sizes.items() if 0 < n < k])
    return {c: None if c in hidden else n for c, n in sizes.items()}
