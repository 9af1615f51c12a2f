"""Writes for the town logbook (Logbuch-Einträge).

Every function checks that what it links (Stellschrauben, measures) belongs to the town,
writes inside one transaction and appends an audit line. Members write drafts; the
coordinator's entries are published at once, and the coordinator publishes members' drafts
(a conditional UPDATE on the status, so a draft is published once).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..errors import EntryNotEditable, EntryNotPublishable, NotAMember, NotInTown
from ..models import JournalEntry, JournalKind, JournalStatus, Lever, Measure
from ..notifications import notify_entry_published
from ..permissions import may_edit_entry, may_publish_journal, roles_in


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
    """A dated entry in the town's logbook, linked to Stellschrauben and measures: published at
    once when the coordinator writes it, otherwise a draft that the coordinator publishes."""
    levers, measures = list(levers), list(measures)
    if kind not in JournalKind.values:
        raise NotInTown
    _check_links(town=town, levers=levers, measures=measures)
    roles = roles_in(town, actor)
    if not roles:
        raise NotAMember
    publish = may_publish_journal(roles)
    with transaction.atomic():
        entry = JournalEntry.objects.create(
            town=town,
            happened_on=happened_on,
            kind=kind,
            title=title,
            text=text,
            author=actor,
            status=JournalStatus.PUBLISHED if publish else JournalStatus.DRAFT,
            published_at=timezone.now() if publish else None,
            published_by=actor if publish else None,
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
    """Correct an entry; the audit keeps that it was changed. The coordinator changes any
    entry, its author only while it is a draft."""
    levers, measures = list(levers), list(measures)
    if not may_edit_entry(entry=entry, user=actor, roles=roles_in(entry.town, actor)):
        raise EntryNotEditable
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


def journal_entry_publish(*, entry: JournalEntry, actor: User) -> JournalEntry:
    """Publish a member's draft; its author is told by email."""
    if not may_publish_journal(roles_in(entry.town, actor)):
        raise EntryNotEditable
    with transaction.atomic():
        now = timezone.now()
        flipped = JournalEntry.objects.filter(pk=entry.pk, status=JournalStatus.DRAFT).update(
            status=JournalStatus.PUBLISHED, published_at=now, published_by=actor
        )
        if not flipped:
            raise EntryNotPublishable
        entry.status, entry.published_at, entry.published_by = JournalStatus.PUBLISHED, now, actor
        audit(
            town=entry.town,
            actor=actor,
            action="logbook.journal_entry.published",
            target=entry.title,
            entry=entry.pk,
        )
        if entry.author is not None and entry.author != actor:
            notify_entry_published(entry=entry)
    return entry
