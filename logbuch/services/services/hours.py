"""Hours given: recorded from attended shifts once the coordinator or a shift lead confirms.

A shift lead is whoever currently holds a responsibility for the shift's service (holder or
deputy in the Organigramm). Each crossing of a milestone (50, 100, 250 … hours in a year) is
audited and handed to any app that ships a `recognition` hook (the Anlaufstelle's "Danke").
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.towns.audit import audit
from logbuch.towns.hooks import app_hook_modules
from logbuch.towns.models import User

from ..errors import NotAllowed, ServicesError, SignUpChanged
from ..models import HoursRecord, Responsibility, Service, SignUp, SignUpStatus

MILESTONE_HOURS = (50, 100, 250, 500, 1000)


def is_shift_lead(*, service: Service, user: User) -> bool:
    today = timezone.localdate()
    return (
        Responsibility.objects.filter(service=service)
        .filter(Q(holder=user) | Q(deputy=user))
        .filter(Q(since__isnull=True) | Q(since__lte=today))
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .exists()
    )


def year_minutes(*, user: User, town_id: int, year: int) -> int:
    total: int | None = HoursRecord.objects.filter(
        town_id=town_id, user=user, day__year=year
    ).aggregate(m=Sum("minutes"))["m"]
    return total or 0


def hours_confirm(
    *, signup: SignUp, actor: User, is_coordinator: bool, minutes: int | None = None
) -> HoursRecord:
    """Record the hours of a person who was on a shift that has begun (once per shift)."""
    shift = signup.shift
    if not is_coordinator and not is_shift_lead(service=shift.service, user=actor):
        raise NotAllowed(_("Stunden bestätigen die Koordinierungsstelle oder die Schichtleitung."))
    if signup.status != SignUpStatus.SIGNED_UP:
        raise SignUpChanged
    if shift.starts_at > timezone.now():
        raise ServicesError(
            _("Stunden lassen sich erst bestätigen, wenn die Schicht begonnen hat.")
        )
    if minutes is None:
        minutes = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
    day = timezone.localtime(shift.starts_at).date()
    with transaction.atomic():
        before = year_minutes(user=signup.user, town_id=shift.town_id, year=day.year)
        try:
            with transaction.atomic():
                record = HoursRecord.objects.create(
                    town_id=shift.town_id,
                    user=signup.user,
                    service=shift.service,
                    shift=shift,
                    day=day,
                    minutes=minutes,
                    confirmed_by=actor,
                )
        except IntegrityError as exc:
            raise ServicesError(_("Diese Stunden sind schon bestätigt.")) from exc
        after = before + minutes
        for hours in MILESTONE_HOURS:
            if before < hours * 60 <= after:
                audit(
                    town=shift.town,
                    actor=actor,
                    action="services.hours.milestone",
                    target=signup.user,
                    hours=hours,
                    year=day.year,
                )
                for module in app_hook_modules("recognition"):
                    hook = getattr(module, "milestone_reached", None)
                    if hook is not None:
                        hook(town=shift.town, user=signup.user, hours=hours, year=day.year)
    return record
