"""Anker: the office's details, hours, closures, slots and residents' appointments.

Lock: `appointment_book` locks the `Slot` row (`lock(slot)`), then re-reads whether the slot
is still free and bookable, then inserts the appointment. Concurrent bookings of one slot thus
queue on the row and exactly one wins; the others get `SlotTaken`. The partial unique
constraint `desk_appointment_one_per_slot` is the backstop in the database.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..calendar import day_state
from ..errors import AppointmentNotCancellable, SlotTaken
from ..links import absolute
from ..models import Appointment, Closure, HoursKind, Office, OpeningHours, Slot

logger = logging.getLogger("logbuch.desk")

# How far ahead slots are made from the weekly Sprechstunden.
SLOT_WEEKS_AHEAD = 13


def office_for(town: Town) -> Office:
    """The town's office; made on first use, so every town has exactly one."""
    office, _created = Office.objects.get_or_create(town=town)
    return office


def office_update(*, office: Office, actor: User, **fields: object) -> Office:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(office, name, value)
        office.save(update_fields=list(fields))
        audit(town=office.town, actor=actor, action="desk.office.updated", target=office)
    return office


def opening_hours_add(
    *,
    office: Office,
    actor: User,
    kind: HoursKind,
    weekday: int,
    opens: datetime.time,
    closes: datetime.time,
    note: str = "",
) -> OpeningHours:
    with transaction.atomic():
        hours = OpeningHours.objects.create(
            town=office.town,
            office=office,
            kind=kind,
            weekday=weekday,
            opens=opens,
            closes=closes,
            note=note,
        )
        audit(town=office.town, actor=actor, action="desk.hours.added", target=hours)
    return hours


def opening_hours_remove(*, hours: OpeningHours, actor: User) -> None:
    """Future free slots of the period are withdrawn; booked ones stay (the office calls)."""
    with transaction.atomic():
        audit(town=hours.town, actor=actor, action="desk.hours.removed", target=hours)
        hours.delete()


def closure_add(
    *,
    office: Office,
    actor: User,
    first_day: datetime.date,
    last_day: datetime.date,
    reason: str = "",
) -> Closure:
    """Free slots inside the closure are withdrawn, so nobody can book them any more."""
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(first_day, datetime.time.min, tz)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min, tz)
    with transaction.atomic():
        closure = Closure.objects.create(
            town=office.town, office=office, first_day=first_day, last_day=last_day, reason=reason
        )
        Slot.objects.filter(
            office=office, starts_at__gte=start, starts_at__lt=end, withdrawn_at__isnull=True
        ).exclude(
            pk__in=Appointment.objects.filter(cancelled_at__isnull=True).values("slot")
        ).update(withdrawn_at=timezone.now())
        audit(town=office.town, actor=actor, action="desk.closure.added", target=closure)
    return closure


def slots_materialise(
    *, office: Office, today: datetime.date | None = None, weeks: int = SLOT_WEEKS_AHEAD
) -> int:
    """Make the slots of the next `weeks` weeks from the weekly Sprechstunden.

    Idempotent (unique office + start): a daily run only adds what is missing. Public holidays
    of the town's Bundesland and closures get no slots.
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.localdate()
    hours = list(OpeningHours.objects.filter(office=office, kind=HoursKind.CONSULTATION))
    closures = list(Closure.objects.filter(office=office, last_day__gte=today))
    bundesland = office.town.bundesland
    length = datetime.timedelta(minutes=office.slot_minutes)
    new: list[Slot] = []
    for offset in range(weeks * 7):
        day = today + datetime.timedelta(days=offset)
        state = day_state(
            bundesland=bundesland,
            hours=hours,
            closures=closures,
            day=day,
            kind=HoursKind.CONSULTATION,
        )
        if not state.is_open:
            continue
        for period in state.periods:
            start = datetime.datetime.combine(day, period.opens, tz)
            end = datetime.datetime.combine(day, period.closes, tz)
            while start + length <= end:
                new.append(
                    Slot(town=office.town, office=office, starts_at=start, ends_at=start + length)
                )
                start += length
    created = Slot.objects.bulk_create(new, ignore_conflicts=True)
    return len(created)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _is_email(contact: str) -> bool:
    try:
        validate_email(contact)
    except ValidationError:
        return False
    return True


def appointment_book(*, slot: Slot, name: str, contact: str) -> tuple[Appointment, str]:
    """Book a free slot for a resident without an account; returns the cancel token.

    Raises `SlotTaken` if the slot was booked meanwhile, is withdrawn or has begun.
    """
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        lock(slot)
        fresh = Slot.objects.select_related("town").get(pk=slot.pk)
        taken = Appointment.objects.filter(slot=fresh, cancelled_at__isnull=True).exists()
        if taken or fresh.withdrawn_at is not None or fresh.starts_at <= timezone.now():
            raise SlotTaken
        appointment = Appointment.objects.create(
            town=fresh.town,
            slot=fresh,
            name=name,
            contact=contact,
            cancel_token_hash=_token_hash(token),
        )
        if _is_email(contact):
            email_after_commit(
                recipients=[contact],
                subject=_("Ihr Termin bei der Anlaufstelle"),
                template="desk/email/appointment_booked.txt",
                context={
                    "town": fresh.town,
                    "slot": fresh,
                    "name": name,
                    "cancel_url": absolute("appointment", fresh.town, token=token),
                },
            )
    logger.info("desk appointment booked: slot %s in town %s", fresh.pk, fresh.town_id)
    return appointment, token


def appointment_for_token(*, town: Town, token: str) -> Appointment | None:
    return (
        Appointment.objects.in_town(town)
        .select_related("slot")
        .filter(cancel_token_hash=_token_hash(token))
        .first()
    )


def appointment_cancel(*, appointment: Appointment) -> None:
    """Cancel by the link from the confirmation; the slot is free again at once."""
    with transaction.atomic():
        done = Appointment.objects.filter(
            pk=appointment.pk,
            cancelled_at__isnull=True,
            slot__starts_at__gt=timezone.now(),
        ).update(cancelled_at=timezone.now())
        if not done:
            raise AppointmentNotCancellable
    logger.info("desk appointment cancelled: slot %s", appointment.slot_id)
