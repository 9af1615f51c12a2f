"""Writes for the town logbook (Logbuch-Einträge).

Every function checks that what it links (Stellschrauben, measures) belongs to the town,
writes inside one transaction and appends an audit line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..errors import NotInTown
from ..models import JournalEntry, JournalKind, Lever, Measure


def _check_links(*, town: Town, levers: Iterable[Lever], measures: Iterable[Measure]) -> None:
    lever_ids = {lever.pk for lever in levers}
    if lever_ids and Lever.objects.visible_to(town).filter(pk__in=lever_ids).count() != len(
        lever_ids
    ):
        raise NotInTown
    if any(m.town_id != town.pk for m in measures):
        raise NotInTown


def journal_entry_create(
    *,
    town: Town,
    actor: User,
    happened_on: datetime.date,
    kind: str,
    title: str,
    text: str = "",
    levers: Iterable[Lever] = (),
    measures: Iterable[Measure] = (),
) -> JournalEntry:
    """A dated entry in the town's logbook, linked to Stellschrauben and measures."""
    levers, measures = list(levers), list(measures)
    if kind not in JournalKind.values:
        raise NotInTown
    _check_links(town=town, levers=levers, measures=measures)
    with transaction.atomic():
        entry = JournalEntry.objects.create(
            town=town, happened_on=happened_on, kind=kind, title=title, text=text, author=actor
        )
        entry.levers.set(levers)
        entry.measures.set(measures)
        audit(
            town=town,
            actor=actor,
            action="logbook.journal_entry.created",
            target=title,
            entry=entry.pk,
        )
    return entry


def journal_entry_update(
    *,
    entry: JournalEntry,
    actor: User,
    happened_on: datetime.date,
    kind: str,
    title: str,
    text: str,
    levers: Iterable[Lever],
    measures: Iterable[Measure],
) -> JournalEntry:
    """Correct an entry; the audit keeps that it was changed."""
    levers, measures = list(levers), list(measures)
    if kind not in JournalKind.values:
        raise NotInTown
    _check_links(town=entry.town, levers=levers, measures=measures)
    with transaction.atomic():
        entry.happened_on, entry.kind, entry.title, entry.text = happened_on, kind, title, text
        entry.save(update_fields=["happened_on", "kind", "title", "text"])
        entry.levers.set(levers)
        entry.measures.set(measures)
        audit(
            town=entry.town,
            actor=actor,
            action="logbook.journal_entry.updated",
            target=title,
            entry=entry.pk,
        )
    return entry
