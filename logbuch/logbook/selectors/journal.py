"""Reads of the town logbook (Logbuch-Einträge)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from logbuch.towns.models import Town, User

from ..models import (
    JournalEntry,
    JournalKind,
    JournalStatus,
)

# ---------------------------------------------------------------------------------------------
# Town logbook
# ---------------------------------------------------------------------------------------------

JOURNAL_FILTERS = {"art": "kind", "stellschraube": "levers", "jahr": "happened_on__year"}


def journal_entries(
    town: Town, *, viewer: User, all_drafts: bool = False
) -> QuerySet[JournalEntry, dict[str, Any]]:
    """The town's published entries and the viewer's own drafts (every draft if `all_drafts`:
    the coordinator, who publishes them), newest first, as plain values (the list builds
    `JournalRow`s)."""
    qs = JournalEntry.objects.in_town(town)
    if not all_drafts:
        qs = qs.filter(Q(status=JournalStatus.PUBLISHED) | Q(author=viewer))
    return qs.order_by("-happened_on", "-id").values(
        "id", "happened_on", "kind", "title", "text", "status", "author_id", "author__name"
    )


@dataclass(frozen=True)
class JournalRow:
    """One logbook entry as the list shows it: plain values, no model instances."""

    pk: int
    happened_on: datetime.date
    kind: str
    kind_label: str
    title: str
    text: str
    levers: list[str]  # "code title", in catalogue order
    measures: list[tuple[int, str]]  # (pk, title), by due date
    is_draft: bool = False
    author_id: int | None = None
    author_name: str = ""

    @property
    def date_iso(self) -> str:
        return self.happened_on.isoformat()

    @property
    def date_text(self) -> str:
        """The date as the list prints it in every language (template format "d.m.Y")."""
        d = self.happened_on
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def journal_rows(entries: Sequence[Mapping[str, Any]]) -> list[JournalRow]:
    """The entries of one list page with their Stellschrauben and measures (two queries for
    any number of entries, none for an empty page)."""
    if not entries:
        return []
    ids = [e["id"] for e in entries]
    levers: dict[int, list[str]] = {}
    for entry_id, code, title in (
        JournalEntry.levers.through.objects.filter(journalentry_id__in=ids)
        .order_by("lever__area__position", "lever__position", "lever_id")
        .values_list("journalentry_id", "lever__code", "lever__title")
    ):
        levers.setdefault(entry_id, []).append(f"{code} {title}")
    measures: dict[int, list[tuple[int, str]]] = {}
    for entry_id, measure_id, title in (
        JournalEntry.measures.through.objects.filter(journalentry_id__in=ids)
        .order_by("measure__due_on", "measure_id")
        .values_list("journalentry_id", "measure_id", "measure__title")
    ):
        measures.setdefault(entry_id, []).append((measure_id, title))
    labels = {value: str(label) for value, label in JournalKind.choices}
    return [
        JournalRow(
            pk=e["id"],
            happened_on=e["happened_on"],
            kind=e["kind"],
            kind_label=labels.get(e["kind"], e["kind"]),
            title=e["title"],
            text=e["text"],
            levers=levers.get(e["id"], []),
            measures=measures.get(e["id"], []),
            is_draft=e.get("status") == JournalStatus.DRAFT,
            author_id=e.get("author_id"),
            author_name=e.get("author__name") or "",
        )
        for e in entries
    ]


def journal_years(town: Town, *, viewer: User, all_drafts: bool = False) -> list[int]:
    """The years the viewer's list has entries in (drafts of others do not count, as in
    `journal_entries`)."""
    qs = JournalEntry.objects.in_town(town)
    if not all_drafts:
        qs = qs.filter(Q(status=JournalStatus.PUBLISHED) | Q(author=viewer))
    return [d.year for d in qs.dates("happened_on", "year", order="DESC")]
