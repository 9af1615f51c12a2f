"""iCalendar (RFC 5545) feeds of shifts: a person's own shifts and a service's shifts.

Times are written with TZID=Europe/Berlin and a VTIMEZONE, so calendar programs show the
local time on both sides of a daylight-saving change. The service feed names no person.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from logbuch.towns.models import Town, User

from .models import Service, Shift, SignUp, SignUpStatus
from .notifications import shift_url
from .recurrence import BERLIN

PAST_DAYS = 31


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Logbuch//Dienste//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    return cal


def _event(shift: Shift, summary: str, host: str) -> Event:
    event = Event()
    event.add("uid", f"shift-{shift.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", shift.starts_at.astimezone(BERLIN))
    event.add("dtend", shift.ends_at.astimezone(BERLIN))
    event.add("summary", summary)
    if shift.service.place:
        event.add("location", shift.service.place)
    event.add("url", shift_url(shift))
    return event


def _render(cal: Calendar, events: Iterable[Event]) -> bytes:
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "logbuch"


def person_feed(*, town: Town, user: User) -> bytes:
    since = timezone.now() - timedelta(days=PAST_DAYS)
    signups: QuerySet[SignUp] = (
        SignUp.objects.in_town(town)
        .filter(user=user, status=SignUpStatus.SIGNED_UP, shift__ends_at__gt=since)
        .select_related("shift", "shift__service", "shift__town")
        .order_by("shift__starts_at")
    )
    host = _host()
    name = _("Meine Schichten – %(town)s") % {"town": town.name}
    return _render(
        _calendar(name),
        (_event(s.shift, str(s.shift.service), host) for s in signups),
    )


def service_feed(*, service: Service, days: int = 366) -> bytes:
    now = timezone.now()
    shifts = (
        Shift.objects.filter(
            service=service,
            ends_at__gt=now - timedelta(days=PAST_DAYS),
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("service", "town")
        .order_by("starts_at")
    )
    host = _host()
    return _render(
        _calendar(f"{service.name} – {service.town.name}"),
        (_event(s, str(service), host) for s in shifts),
    )
