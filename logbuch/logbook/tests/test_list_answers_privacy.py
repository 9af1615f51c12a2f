"""k >= 3 for list answers: no entry or count of a group under the threshold is shown or
derivable, including by subtraction from the totals (hypothesis over random rounds).

The shown groups come from the same suppression as the figures (`results.lever_result`, with
complementary suppression and paper padding); the merged entries
(`selectors.list_answers.merge_list_entries`) must then be a function of the shown groups'
entries alone: whatever the hidden groups named, and in whichever spelling, the output is the
same. That is the strongest form of "not derivable": two worlds that differ only in a hidden
group's entries look identical, so no subtraction of any shown figures can tell them apart.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from logbuch.logbook.models import list_key
from logbuch.logbook.results import GROUPS, MIN_ANSWERS, Counts, lever_result
from logbuch.logbook.selectors.list_answers import EntryRow, merge_list_entries

LEVER = 7
WORDS = ["Alte Schule", "Kirche", "Bahnhof", "Sportplatz", "Keller"]
SPELLINGS = st.sampled_from(WORDS).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.lower(), f" {w}  "])
)
PERSON = st.lists(SPELLINGS, max_size=3)  # one person's entries of one kind
GROUP_PEOPLE = st.lists(PERSON, max_size=6)


def rows_of(people_by_group: dict[str, list[list[str]]]) -> list[EntryRow]:
    """The GROUP BY rows the selector reads: per group, key and spelling, how many people."""
    counter: Counter[tuple[str, str, str]] = Counter()
    for group, people in people_by_group.items():
        for person in people:
            for key, text in {list_key(t): " ".join(t.split()) for t in person}.items():
                counter[(group, key, text)] += 1
    return [(LEVER, g, "place", key, text, n) for (g, key, text), n in counter.items()]


def shown_for(people_by_group: dict[str, list[list[str]]], paper: dict[str, int]) -> frozenset[str]:
    counts = {g: Counts((0, 0, len(people), 0, 0)) for g, people in people_by_group.items()}
    result = lever_result(LEVER, counts, {g: {"e1": n} for g, n in paper.items() if n})
    return frozenset(g for g in GROUPS if result.cells[g].shown)


World = tuple[dict[str, list[list[str]]], dict[str, int]]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """Each group's people with their entries, and how many of them one enterer typed in."""
    people = {g: draw(GROUP_PEOPLE) for g in GROUPS}
    paper = {g: draw(st.integers(0, len(people[g]))) for g in GROUPS}
    return people, paper


@settings(max_examples=400, deadline=None)
@given(worlds(), st.data())
def test_hidden_groups_leave_no_trace_in_merged_entries(world: World, data: st.DataObject) -> None:
    people, paper = world
    shown = shown_for(people, paper)
    merged = merge_list_entries(rows_of(people), {LEVER: shown})

    # Every shown group has at least k answers besides one enterer's paper sheets.
    for g in shown:
        assert len(people[g]) - paper[g] >= MIN_ANSWERS

    # Counts are made of shown groups only, and each total is the sum of its shown parts,
    # so subtracting shown per-group counts from a total leaves nothing.
    for entries in merged.get(LEVER, {}).values():
        for e in entries:
            assert {g for g, _n in e.by_group} <= shown
            assert e.count == sum(n for _g, n in e.by_group)

    # The same round with other entries (and other spellings) in every hidden group: the
    # shown groups, their figures and everything merged stay the same.
    other = dict(people)
    for g in GROUPS:
        if g not in shown:
            other[g] = [data.draw(PERSON, label=f"other entries of {g}") for _person in people[g]]
    assert shown_for(other, paper) == shown
    assert merge_list_entries(rows_of(other), {LEVER: shown}) == merged


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_an_entry_named_by_several_people_is_counted_once_per_person(world: World) -> None:
    people, _paper = world
    everyone = frozenset(GROUPS)
    merged = merge_list_entries(rows_of(people), {LEVER: everyone}).get(LEVER, {})
    expected: Counter[str] = Counter()
    for group_people in people.values():
        for person in group_people:
            expected.update({list_key(t) for t in person})
    assert {e.key: e.count for e in merged.get("place", [])} == dict(expected)


def test_control_without_the_filter_the_hidden_group_would_show() -> None:
    """The control: merging with every group (as a naive count would) shows the hidden
    residents' entry, so the test above can fail."""
    people: dict[str, list[list[str]]] = {g: [] for g in GROUPS}
    people["volunteer"] = [["Kirche"]] * 4
    people["business"] = [["Lager"]] * 3
    people["resident"] = [["Keller"]]
    shown = shown_for(people, {})
    assert "resident" not in shown and "business" not in shown  # primary and complement
    naive = merge_list_entries(rows_of(people), {LEVER: frozenset(GROUPS)})[LEVER]["place"]
    assert "keller" in {e.key for e in naive}
    safe = merge_list_entries(rows_of(people), {LEVER: shown})[LEVER]["place"]
    assert {e.key for e in safe} == {"kirche"}
