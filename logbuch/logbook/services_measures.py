"""Writes for measures (Maßnahmen) and the town logbook (Logbuch-Einträge).

Every function checks that what it links (Stellschraube, person, measures) belongs to the
town, writes inside one transaction and appends an audit line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import Membership, Role, Town, User
from logbuch.towns.services import audit_record

from .errors import LogbookError
from .models import JournalEntry, JournalKind, Lever, Measure, MeasureNote, MeasureStatus, Round


class OwnerConflict(LogbookError):
    message = _("Bitte nennen Sie entweder eine Person oder eine Rolle als verantwortlich.")


class NotInTown(LogbookError):
    message = _("Diese Auswahl gehört nicht zu diesem Ort.")


def _check_owner(*, town: Town, owner_user: User | None, owner_role: str) -> None:
    if owner_user is not None and owner_role:
        raise OwnerConflict
    if owner_role and owner_role not in Role.values:
        raise NotInTown
    if (
        owner_user is not None
        and not Membership.objects.in_town(town).filter(user=owner_user).exists()
    ):
        raise NotInTown


def _check_lever(*, town: Town, lever: Lever) -> None:
    if not Lever.objects.visible_to(town).filter(pk=lever.pk).exists():
        raise NotInTown


def measure_create(
    *,
    town: Town,
    actor: User,
    lever: Lever,
    title: str,
    goal: str = "",
    owner_user: User | None = None,
    owner_role: str = "",
    due_on: datetime.date | None = None,
    status: str = MeasureStatus.PLANNED,
    round_: Round | None = None,
) -> Measure:
    """A new measure on a Stellschraube of the town, optionally from the round it came from."""
    _check_lever(town=town, lever=lever)
    _check_owner(town=town, owner_user=owner_user, owner_role=owner_role)
    if round_ is not None and round_.town_id != town.pk:
        raise NotInTown
    with transaction.atomic():
        measure = Measure.objects.create(
            town=town,
            lever=lever,
            round=round_,
            title=title,
            goal=goal,
            owner_user=owner_user,
            owner_role=owner_role,
            due_on=due_on,
            status=status,
            created_by=actor,
        )
        audit_record(
            town=town,
            actor=actor,
            action="measure_create",
            target=measure.title,
            measure=measure.pk,
            lever=lever.pk,
        )
    return measure


MEASURE_EDITABLE = ("title", "goal", "lever", "owner_user", "owner_role", "due_on", "status")


def measure_update(
    *,
    measure: Measure,
    actor: User,
    title: str,
    goal: str,
    lever: Lever,
    owner_user: User | None,
    owner_role: str,
    due_on: datetime.date | None,
    status: str,
) -> Measure:
    """Change a measure's fields; the audit line names the fields that changed."""
    town = measure.town
    _check_lever(town=town, lever=lever)
    _check_owner(town=town, owner_user=owner_user, owner_role=owner_role)
    new = {
        "title": title,
        "goal": goal,
        "lever": lever,
        "owner_user": owner_user,
        "owner_role": owner_role,
        "due_on": due_on,
        "status": status,
    }
    changed = [name for name, value in new.items() if getattr(measure, name) != value]
    if not changed:
        return measure
    with transaction.atomic():
        for name in changed:
            setattr(measure, name, new[name])
        measure.save(update_fields=[*changed, "updated_at"])
        audit_record(
            town=town,
            actor=actor,
            action="measure_update",
            target=measure.title,
            measure=measure.pk,
            fields=changed,
        )
    return measure


def measure_set_status(*, measure: Measure, actor: User, status: str) -> Measure:
    """Move a measure to another status (geplant, läuft, erledigt, verworfen)."""
    if status not in MeasureStatus.values:
        raise NotInTown
    if status == measure.status:
        return measure
    old = measure.status
    with transaction.atomic():
        measure.status = status
        measure.save(update_fields=["status", "updated_at"])
        audit_record(
            town=measure.town,
            actor=actor,
            action="measure_status",
            target=measure.title,
            measure=measure.pk,
            old=old,
            new=status,
        )
    return measure


def measure_note_add(
    *, measure: Measure, actor: User, noted_on: datetime.date, text: str
) -> MeasureNote:
    """A dated progress note on a measure."""
    with transaction.atomic():
        note = MeasureNote.objects.create(
            town=measure.town, measure=measure, noted_on=noted_on, text=text, author=actor
        )
        audit_record(
            town=measure.town,
            actor=actor,
            action="measure_note_add",
            target=measure.title,
            measure=measure.pk,
            note=note.pk,
        )
    return note


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
        audit_record(
            town=town, actor=actor, action="journal_entry_create", target=title, entry=entry.pk
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
        audit_record(
            town=entry.town,
            actor=actor,
            action="journal_entry_update",
            target=title,
            entry=entry.pk,
        )
    return entry
