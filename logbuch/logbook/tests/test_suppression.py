"""Suppression: no figure of fewer than 3 answers is shown, and none can be worked out.

The property tests model what a reader of the results page knows: every shown cell, and that
each displayed sum equals its parts. A hidden cell leaks when that linear system determines it;
`determined` checks this exactly with rational Gaussian elimination.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from logbuch.logbook.results import (
    GROUPS,
    HIERARCHY,
    LAYPEOPLE,
    MIN_ANSWERS,
    PROFESSIONALS,
    TOTAL,
    Counts,
    Sides,
    cells_of,
    lever_result,
    suppress,
    suppress_cells,
    trend_values,
)


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [r[:] for r in rows]
    rank, cols = 0, len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def determined(equations: Sequence[tuple[str, Sequence[str]]], hidden: frozenset[str]) -> set[str]:
    """Hidden cells whose value follows from the shown cells and the sum equations."""
    unknowns = sorted(hidden)
    index = {u: i for i, u in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for parent, children in equations:
        row = [Fraction(0)] * len(unknowns)
        for cell, sign in [(parent, 1), *((c, -1) for c in children)]:
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            rows.append(row)
    base = _rank(rows) if rows else 0
    leaked = set()
    for u in unknowns:
        unit = [Fraction(int(i == index[u])) for i in range(len(unknowns))]
        if _rank([*rows, unit]) == base:
            leaked.add(u)
    return leaked


counts_st = st.builds(
    Counts,
    st.tuples(*[st.integers(0, 4)] * 5),
    st.integers(0, 3),
)
groups_st = st.dictionaries(st.sampled_from(GROUPS), counts_st)


@given(groups_st)
@settings(max_examples=400)
def test_no_cell_under_three_answers_is_shown(groups: dict[str, Counts]) -> None:
    result = lever_result(1, groups)
    for cell in result.cells.values():
        if cell.shown:
            assert cell.counts is not None
            assert cell.counts.n >= MIN_ANSWERS
            assert cell.counts.n_numeric == 0 or cell.counts.n_numeric >= MIN_ANSWERS


@given(groups_st)
@settings(max_examples=400)
def test_no_hidden_group_can_be_derived_by_subtraction(groups: dict[str, Counts]) -> None:
    cells = cells_of(groups)
    hidden = suppress_cells(cells)
    # Hidden empty cells carry nothing to protect; everything else must stay unknown.
    leaked = {c for c in determined(HIERARCHY, hidden) if cells[c].n > 0}
    assert not leaked, (groups, sorted(hidden))


@given(st.lists(groups_st, min_size=1, max_size=6))
@settings(max_examples=200)
def test_trend_over_rounds_shows_only_what_each_round_shows(
    rounds: list[dict[str, Counts]],
) -> None:
    results = [lever_result(1, g) for g in rounds]
    for key in (TOTAL, PROFESSIONALS, LAYPEOPLE):
        values = trend_values(results, key)
        assert len(values) == len(results)
        for value, result in zip(values, results, strict=True):
            if value is not None:
                cell = result.cell(key)
                assert cell.shown and cell.counts is not None
                assert value == cell.counts.mean
    # Rounds share no answers, so the system over all rounds is one block per round: each
    # block must keep its hidden cells unknown (renamed per round to build the whole system).
    equations = []
    hidden: set[str] = set()
    sizes: dict[str, int] = {}
    for i, groups in enumerate(rounds):
        cells = cells_of(groups)
        equations += [(f"{i}:{p}", [f"{i}:{c}" for c in ch]) for p, ch in HIERARCHY]
        hidden |= {f"{i}:{c}" for c in suppress_cells(cells)}
        sizes |= {f"{i}:{k}": c.n for k, c in cells.items()}
    leaked = {c for c in determined(equations, frozenset(hidden)) if sizes[c] > 0}
    assert not leaked


@st.composite
def trees(draw: st.DrawFn) -> tuple[list[tuple[str, list[str]]], dict[str, int]]:
    """A random hierarchy of sums (any depth and fan-out) with leaf sizes."""
    count = draw(st.integers(2, 14))
    parents = [draw(st.integers(0, i - 1)) for i in range(1, count)]
    children: dict[int, list[int]] = {}
    for child, parent in enumerate(parents, start=1):
        children.setdefault(parent, []).append(child)
    sizes: dict[str, int] = {}

    def size(node: int) -> int:
        if node not in children:
            sizes[str(node)] = draw(st.integers(0, 6))
        else:
            sizes[str(node)] = sum(size(c) for c in children[node])
        return sizes[str(node)]

    size(0)
    equations = [(str(p), [str(c) for c in ch]) for p, ch in children.items()]
    return equations, sizes


@given(trees())
@settings(max_examples=400)
def test_suppression_protects_any_tree_of_sums(
    tree: tuple[list[tuple[str, list[str]]], dict[str, int]],
) -> None:
    equations, sizes = tree
    primary = [c for c, n in sizes.items() if 0 < n < MIN_ANSWERS]
    hidden = suppress(sizes, equations, primary)
    assert set(primary) <= hidden
    leaked = {c for c in determined(equations, hidden) if sizes[c] > 0}
    assert not leaked, (equations, sizes, sorted(hidden))


def _group(n: int, value: int = 3) -> Counts:
    values = [0] * 5
    values[value] = n
    return Counts(tuple(values), 0)  # type: ignore[arg-type]


def test_one_small_group_also_hides_the_next_smallest_group() -> None:
    groups: Mapping[str, Counts] = {
        "staff": _group(2),
        "council": _group(5),
        "volunteer": _group(4),
        "resident": _group(7),
        "business": _group(3),
    }
    result = lever_result(1, groups)
    hidden = {k for k, c in result.cells.items() if c.hidden}
    # staff < 3; prof = staff + council would reveal it, so council goes too (the only
    # sibling); then prof is unknown alone in total = prof + lay, so the smaller side hides.
    assert {"staff", "council"} <= hidden
    assert result.total.shown
    assert not determined(HIERARCHY, frozenset(hidden))


def test_three_staff_and_three_volunteers_show_both_sides() -> None:
    result = lever_result(1, {"staff": _group(3, 1), "volunteer": _group(3, 4)})
    assert result.cell(PROFESSIONALS).shown
    assert result.cell(LAYPEOPLE).shown
    assert result.gap == Fraction(-3)


def test_two_of_three_saying_dont_know_hide_the_mean() -> None:
    result = lever_result(1, {"staff": Counts((0, 0, 0, 0, 1), 2)})
    assert not result.cell("staff").shown
    assert not result.total.shown


def test_control_primary_suppression_alone_leaks() -> None:
    """Without complements, total minus the shown groups gives the hidden one away."""
    sides = Sides(("staff", "council"), ("volunteer", "resident", "business"))
    groups = {"staff": _group(1), "council": _group(4), "volunteer": _group(5)}
    cells = cells_of(groups, sides)
    primary_only = frozenset(k for k, c in cells.items() if 0 < c.n < MIN_ANSWERS)
    assert primary_only == {"staff"}
    assert determined(sides.hierarchy, primary_only) == {"staff"}
