"""Writes for measures (Maßnahmen).

Every function checks that what it links (Stellschraube, person) belongs to the town, writes
inside one transaction and appends an audit line.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from logbuch.towns.audit import audit
from logbuch.towns.models import Membership, Role, Town, User

from ..errors import NotInTown, OwnerConflict
from ..models import WORK_STATUSES, Lever, Measure, MeasureNote, MeasureStatus, Round
from ..notifications import notify_responsible


def check_owner(*, town: Town, owner_user: User | None, owner_role: str) -> None:
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
    check_owner(town=town, owner_user=owner_user, owner_role=owner_role)
    if round_ is not None and round_.town_id != town.pk:
        raise NotInTown
    if status not in WORK_STATUSES:
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
        audit(
            town=town,
            actor=actor,
            action="logbook.measure.created",
            target=measure.title,
            measure=measure.pk,
            lever=lever.pk,
        )
        if owner_user is not None and owner_user != actor:
            notify_responsible(measure=measure)
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
    """Change a measure's fields; the audit line names the fields that changed. A newly named
    responsible person is told by email. Vorschläge change only through their decisions."""
    town = measure.town
    if measure.status not in WORK_STATUSES or status not in WORK_STATUSES:
        raise NotInTown
    _check_lever(town=town, lever=lever)
    check_owner(town=town, owner_user=owner_user, owner_role=owner_role)
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
        audit(
            town=town,
            actor=actor,
            action="logbook.measure.updated",
            target=measure.title,
            measure=measure.pk,
            fields=changed,
        )
        if "owner_user" in changed and owner_user is not None and owner_user != actor:
            notify_responsible(measure=measure)
    return measure


def measure_set_status(*, measure: Measure, actor: User, status: str) -> Measure:
    """Move a measure to another status (geplant, läuft, erledigt, verworfen); a Vorschlag's
    status changes only through its decision."""
    if status not in WORK_STATUSES or measure.status not in WORK_STATUSES:
        raise NotInTown
    if status == measure.status:
        return measure
    old = measure.status
    with transaction.atomic():
        measure.status = status
        measure.save(update_fields=["status", "updated_at"])
        audit(
            town=measure.town,
            actor=actor,
            action="logbook.measure.status_changed",
            target=measure.title,
            measure=measure.pk,
            old=old,
            new=status,
        )
    return measure


def measure_note_add(
    *, measure: Measure, actor: User, noted_on: datetime.date, text: str
) -> MeasureNote:
    """A dated progress note on a measure (not on a Vorschlag: that has comments)."""
    if measure.status not in WORK_STATUSES:
        raise NotInTown
    with transaction.atomic():
        note = MeasureNote.objects.create(
            town=measure.town, measure=measure, noted_on=noted_on, text=text, author=actor
        )
        audit(
            town=measure.town,
            actor=actor,
            action="logbook.measure.note_added",
            target=measure.title,
            measure=measure.pk,
            note=note.pk,
        )
    return note
