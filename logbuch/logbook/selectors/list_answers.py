"""Reads of list answers: the entries people named (Räume, Verbündete, Akteure, Kanäle, …),
merged and counted, and the town's own list they can be carried into.

Privacy: entries are shown like comments (`selectors.results._comment_filter`): only once the
round is closed and only from groups whose cell for that Stellschraube is shown (at least three
answers besides any one enterer's paper sheets, see `results.lever_result`). A merged entry
counts people of shown groups only, so no count of a hidden group can be worked out by
subtracting shown per-group counts from a total (`merge_list_entries`; a hypothesis test in
`tests/test_list_answers_privacy.py` checks that the output does not change whatever the hidden
groups named).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q

from logbuch.towns.models import Town

from ..models import (
    LIST_KIND_PLURALS,
    TOWN_LIST_KINDS,
    ListEntry,
    ParticipantGroup,
    Round,
    TownListEntry,
)
from ..results import GROUPS, LeverResult

# (lever id, group, kind, key, spelling, number of people who named it so)
EntryRow = tuple[int, str, str, str, str, int]


@dataclass(frozen=True)
class MergedEntry:
    """One entry as named by several people: one spelling, how many, and in which groups."""

    kind: str
    key: str
    text: str
    count: int
    by_group: tuple[tuple[str, int], ...]
    notes: tuple[str, ...] = ()

    @property
    def group_counts(self) -> list[tuple[str, int]]:
        """(German group name, people) for the template."""
        return [(str(ParticipantGroup(g).label), n) for g, n in self.by_group]


@dataclass
class LeverEntries:
    """The merged entries of one Stellschraube, per kind in the Stellschraube's order."""

    lever_id: int
    kinds: list[tuple[str, str, list[MergedEntry]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(entries) for _kind, _heading, entries in self.kinds)


def shown_groups(round_: Round, result: LeverResult) -> frozenset[str]:
    """The single groups whose entries may be shown: none while the round is open (a list
    that grows by one per submission names its author), else the groups whose cell is shown."""
    if round_.is_open:
        return frozenset()
    return frozenset(g for g in GROUPS if result.cells[g].shown)


@dataclass
class _Slot:
    spellings: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The spelling most people used; on a tie the first in alphabetical order."""
        return min(self.spellings, key=lambda t: (-self.spellings[t], t))


def merge_list_entries(
    rows: Iterable[EntryRow], shown: Mapping[int, frozenset[str]]
) -> dict[int, dict[str, list[MergedEntry]]]:
    """Per Stellschraube and kind: the entries of shown groups merged by key and counted.

    Rows of groups not in `shown[lever]` are dropped before anything is added up, so every
    figure (each group's count and the total, which is their sum) is the same whatever the
    hidden groups named. Most named first, then alphabetically; the spelling shown is the one
    most people of the shown groups used.
    """
    merged: dict[tuple[int, str, str], _Slot] = {}
    for lever_id, group, kind, key, text, n in rows:
        if group not in shown.get(lever_id, frozenset()) or n <= 0:
            continue
        slot = merged.setdefault((lever_id, kind, key), _Slot())
        slot.spellings[text] = slot.spellings.get(text, 0) + n
        slot.groups[group] = slot.groups.get(group, 0) + n
    out: dict[int, dict[str, list[MergedEntry]]] = {}
    for (lever_id, kind, key), slot in merged.items():
        out.setdefault(lever_id, {}).setdefault(kind, []).append(
            MergedEntry(
                kind=kind,
                key=key,
                text=slot.text,
                count=sum(slot.groups.values()),
                by_group=tuple((g, slot.groups[g]) for g in GROUPS if g in slot.groups),
            )
        )
    for kinds in out.values():
        for entries in kinds.values():
            entries.sort(key=lambda e: (-e.count, e.key))
    return out


def _condition(shown: Mapping[int, frozenset[str]]) -> Q:
    condition = Q(pk__in=[])
    for lever_id, groups in shown.items():
        if groups:
            condition |= Q(lever_id=lever_id, group__in=sorted(groups))
    return condition


def list_entries(
    round_: Round,
    results: Mapping[int, LeverResult],
    kinds_of: Mapping[int, list[str]],
    *,
    with_notes: bool = False,
) -> dict[int, LeverEntries]:
    """The merged entries of a round's Stellschrauben with a list answer (one GROUP BY query,
    none when nothing may be shown; one more for the notes if asked). `kinds_of`: lever id ->
    its list kinds."""
    shown = {lid: shown_groups(round_, results[lid]) for lid, kinds in kinds_of.items() if kinds}
    rows: list[EntryRow] = []
    if any(shown.values()):
        rows = [
            (r["lever_id"], r["group"], r["kind"], r["key"], r["text"], r["n"])
            for r in ListEntry.objects.in_town(round_.town)
            .filter(_condition(shown), round=round_)
            .values("lever_id", "group", "kind", "key", "text")
            .annotate(n=Count("pk"))
            .order_by()
        ]
    merged = merge_list_entries(rows, shown)
    if with_notes and rows:
        notes = list_entry_notes(round_, shown)
        for lid, kinds in merged.items():
            for kind, entries in kinds.items():
                kinds[kind] = [
                    replace(e, notes=tuple(notes.get((lid, kind, e.key), ()))) for e in entries
                ]
    return {
        lid: LeverEntries(
            lever_id=lid,
            kinds=[
                (kind, str(LIST_KIND_PLURALS[kind]), merged.get(lid, {}).get(kind, []))
                for kind in kinds_of[lid]
                if kind in LIST_KIND_PLURALS
            ],
        )
        for lid in shown
    }


def list_entry_notes(
    round_: Round, shown: Mapping[int, frozenset[str]]
) -> dict[tuple[int, str, str], list[str]]:
    """The notes to the entries, from shown groups only, once each and in text order (like
    comments), per (lever id, kind, key)."""
    notes: dict[tuple[int, str, str], list[str]] = {}
    for lever_id, kind, key, note in (
        ListEntry.objects.in_town(round_.town)
        .filter(_condition(shown), round=round_)
        .exclude(note="")
        .values_list("lever_id", "kind", "key", "note")
        .distinct()
        .order_by("lever_id", "kind", "key", "note")
    ):
        notes.setdefault((lever_id, kind, key), []).append(note)
    return notes


def town_list_keys(town: Town) -> set[tuple[str, str]]:
    """(kind, key) of every entry on the town's list, to mark what was already carried over."""
    return set(TownListEntry.objects.in_town(town).values_list("kind", "key"))


def town_list(town: Town) -> list[tuple[str, str, list[TownListEntry]]]:
    """The town's list by kind (Räume, Verbündete, Akteure), each entry with the Stellschraube
    and round it came from (one query)."""
    entries = list(
        TownListEntry.objects.in_town(town)
        .select_related("lever", "round")
        .order_by("kind", "name", "pk")
    )
    return [
        (kind, str(LIST_KIND_PLURALS[kind]), [e for e in entries if e.kind == kind])
        for kind in TOWN_LIST_KINDS
    ]
