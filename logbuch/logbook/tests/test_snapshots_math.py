"""Zwischenstände and paper sheets: no difference and no padded cell singles anyone out.

The model of a reader: they see every released snapshot (and the final results), know every
sum equation, and may have typed in some paper sheets themselves, so they know those answers.
Ground truth is kept per answer (who gave it: a respondent, or the enterer of a sheet), so the
properties are checked against the people behind the figures, not against the code's own
bookkeeping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from logbuch.logbook.results import (
    CELLS,
    GROUPS,
    HIERARCHY,
    MIN_ANSWERS,
    Counts,
    FrozenCell,
    cell_groups,
    cells_of,
    count_cells,
    difference,
    frozen_counts,
    lever_result,
    snapshot_step,
)
from logbuch.logbook.tests.test_suppression import determined

LEVERS = (1, 2)
ENTERERS = ("anna", "ben")  # coordinators who type in paper sheets
SMALL_GROUPS = ("staff", "council", "volunteer")
answer_st = st.one_of(st.integers(0, 4), st.none(), st.just("skip"))  # None: "weiß nicht"


@dataclass
class Answer:
    value: int | None
    enterer: str | None  # None: a respondent answered for themselves


@dataclass
class World:
    """Every answer per Stellschraube and group, in the order they came in."""

    answers: dict[int, dict[str, list[Answer]]] = field(
        default_factory=lambda: {lid: {g: [] for g in GROUPS} for lid in LEVERS}
    )
    paper: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, group: str, values: Sequence[int | str | None], enterer: str | None) -> None:
        for lid, value in zip(LEVERS, values, strict=True):
            if value != "skip":
                self.answers[lid][group].append(Answer(value, enterer))  # type: ignore[arg-type]
        if enterer is not None:
            sheets = self.paper.setdefault(group, {})
            sheets[enterer] = sheets.get(enterer, 0) + 1

    def counts(self) -> dict[int, dict[str, Counts]]:
        return {
            lid: {g: _counts(rows) for g, rows in groups.items() if rows}
            for lid, groups in self.answers.items()
        }


def _counts(rows: Sequence[Answer]) -> Counts:
    values = [0] * 5
    for row in rows:
        if row.value is not None:
            values[row.value] += 1
    return Counts(tuple(values), sum(1 for r in rows if r.value is None))  # type: ignore[arg-type]


def _singles_out(rows: Sequence[Answer], k: int) -> bool:
    """True if fewer than k answers (or answers with a value) remain once any one person's
    own are taken away: that person could then read off fewer than k others."""
    if not rows:
        return False
    for subset in (rows, [r for r in rows if r.value is not None]):
        if not subset:
            continue
        by_enterer: dict[str, int] = {}
        for r in subset:
            if r.enterer is not None:
                by_enterer[r.enterer] = by_enterer.get(r.enterer, 0) + 1
        if len(subset) - max(by_enterer.values(), default=0) < k:
            return True
    return False


event_st = st.one_of(
    st.tuples(
        st.just("submit"),
        st.sampled_from(SMALL_GROUPS),
        st.tuples(answer_st, answer_st),
        st.none(),
    ),
    st.tuples(
        st.just("paper"),
        st.sampled_from(SMALL_GROUPS),
        st.tuples(answer_st, answer_st),
        st.sampled_from(ENTERERS),
    ),
    st.tuples(st.just("snapshot"), st.none(), st.none(), st.none()),
)


@given(st.lists(event_st, max_size=60), st.sampled_from([3, 4]))
@settings(max_examples=300, deadline=None)
def test_no_two_snapshots_differ_by_fewer_than_k_people(
    events: list[tuple[str, str | None, tuple[int | str | None, ...] | None, str | None]],
    k: int,
) -> None:
    world = World()
    state: dict[int, dict[str, FrozenCell]] = {}
    released = [state]  # the empty start counts as a view: nothing shown yet
    for kind, group, values, enterer in events:
        if kind == "snapshot":
            step = snapshot_step(state, world.counts(), world.paper, k)
            if step.moved:  # otherwise the release is refused and nothing is shown
                state = step.state
                released.append(state)
        else:
            assert group is not None and values is not None
            world.add(group, values, enterer)
    # Closing the round: the final figures are one more step from the last snapshot.
    released.append(snapshot_step(state, world.counts(), world.paper, k).state)

    for lid in LEVERS:
        # Which answers each view holds, per group: a frozen cell is a prefix of the
        # answers in arrival order (cells only ever take in everything up to now).
        prefixes = [
            {g: view.get(lid, {}).get(g, FrozenCell()).counts.n for g in GROUPS}
            for view in released
        ]
        for view, prefix in zip(released, prefixes, strict=True):
            cells = view.get(lid, {})
            for g in GROUPS:
                rows = world.answers[lid][g][: prefix[g]]
                assert _counts(rows) == cells.get(g, FrozenCell()).counts
            # What the view shows singles nobody out (its difference to the empty start, below,
            # covers hidden cells too: were one derived, it would single nobody out either).
            shown = lever_result(
                lid, frozen_counts(cells), {g: c.paper for g, c in cells.items()}
            ).cells
            for key, cell in shown.items():
                if cell.shown:
                    rows = [r for g in cell_groups(key) for r in world.answers[lid][g][: prefix[g]]]
                    assert not _singles_out(rows, k), (key, rows)
        for i, before in enumerate(prefixes):
            for after in prefixes[i + 1 :]:
                for key in CELLS:
                    added = [
                        row
                        for g in cell_groups(key)
                        for row in world.answers[lid][g][before[g] : after[g]]
                    ]
                    assert not _singles_out(added, k), (key, added)


def test_control_live_figures_differ_by_one_answer() -> None:
    """Without snapshots, two looks at live figures around one submission isolate it."""
    world = World()
    for _ in range(3):
        world.add("staff", (3, 3), None)
    before = cells_of(world.counts()[1])
    world.add("staff", (0, 0), None)
    after = cells_of(world.counts()[1])
    added = difference(after["total"], before["total"])
    assert added == Counts((1, 0, 0, 0, 0), 0)  # one person's answer, read off exactly


def test_a_group_with_too_few_new_answers_keeps_its_old_figures() -> None:
    world = World()
    for _ in range(3):
        world.add("staff", (3, 2), None)
        world.add("volunteer", (1, 1), None)
    first = snapshot_step({}, world.counts(), world.paper)
    assert first.moved == {"staff", "volunteer"}
    world.add("staff", (0, 0), None)  # one new staff answer: too few to move
    for _ in range(3):
        world.add("volunteer", (4, 4), None)
    second = snapshot_step(first.state, world.counts(), world.paper)
    assert second.moved == {"volunteer"} and second.waiting == {"staff"}
    assert second.state[1]["staff"] == first.state[1]["staff"]
    assert second.state[1]["volunteer"].counts.n == 6


def test_paper_sheets_of_one_enterer_do_not_move_a_snapshot() -> None:
    world = World()
    world.add("council", (2, 2), None)
    world.add("council", (2, 2), "anna")
    world.add("council", (2, 2), "anna")
    step = snapshot_step({}, world.counts(), world.paper)
    assert not step.moved and step.waiting == {"council"}


# --- Padding in the final figures -----------------------------------------------------------

rows_st = st.lists(
    st.tuples(st.one_of(st.integers(0, 4), st.none()), st.sampled_from([None, *ENTERERS])),
    max_size=8,
)


@given(st.fixed_dictionaries({g: rows_st for g in GROUPS}))
@settings(max_examples=400, deadline=None)
def test_no_cell_is_shown_with_fewer_than_k_answers_besides_one_enterers(
    groups: Mapping[str, list[tuple[int | None, str | None]]],
) -> None:
    answers = {g: [Answer(v, e) for v, e in rows] for g, rows in groups.items()}
    paper: dict[str, dict[str, int]] = {}
    for g, rows in answers.items():
        for row in rows:
            if row.enterer is not None:
                paper.setdefault(g, {})[row.enterer] = paper.get(g, {}).get(row.enterer, 0) + 1
    counts = {g: _counts(rows) for g, rows in answers.items() if rows}
    result = lever_result(1, counts, paper)
    for key, cell in result.cells.items():
        if cell.shown:
            rows = [row for g in cell_groups(key) for row in answers[g]]
            assert not _singles_out(rows, MIN_ANSWERS), (key, rows)
    hidden = frozenset(k for k, c in result.cells.items() if c.hidden)
    cells = cells_of(counts)
    assert not {c for c in determined(HIERARCHY, hidden) if cells[c].n > 0}


def test_two_padded_sheets_do_not_lift_one_answer_over_the_threshold() -> None:
    """The attack run: one real council answer plus two sheets typed in with every value 2."""
    counts = {"council": Counts((0, 0, 3, 0, 0), 0), "staff": Counts((0, 0, 0, 5, 0), 0)}
    padded = lever_result(1, counts, {"council": {"anna": 2}})
    assert padded.cell("council").hidden
    unpadded = lever_result(1, counts)  # control: counted naively, n = 3 is shown
    assert unpadded.cell("council").shown


@given(st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 8)))
@settings(max_examples=300)
def test_participation_counts_hide_small_groups_and_their_complements(
    per_group: dict[str, int],
) -> None:
    shown = count_cells(per_group)
    hidden = frozenset(c for c, n in shown.items() if n is None)
    sizes = {c: sum(per_group.get(g, 0) for g in cell_groups(c)) for c in CELLS}
    for c, n in shown.items():
        assert n is None or n == 0 or n >= MIN_ANSWERS
        assert n is None or n == sizes[c]
    assert not {c for c in determined(HIERARCHY, hidden) if sizes[c] > 0}
