"""Calendar feeds: valid iCalendar, correct local times across DST, revocable secret links."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from logbuch.services.recurrence import BERLIN, local
from logbuch.services.services import calendar as calendar_services
from logbuch.services.services import shifts as svc

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def u(name, town, **kwargs):
    return reverse(f"services:{name}", kwargs={"town_slug": town.slug, **kwargs})


def _dst_shifts(town, bus):
    """Sunday 8–12 before and after the autumn change (25 Oct 2026)."""
    return [
        ShiftFactory(
            town=town, service=bus, starts_at=local(day, time(8)), ends_at=local(day, time(12))
        )
        for day in (date(2026, 10, 18), date(2026, 10, 25), date(2026, 11, 1))
    ]


@time_machine.travel("2026-10-01 10:00 +0200")
def test_personal_feed_parses_back_and_keeps_local_times_across_dst(
    client_for, town, bus, volunteer
):
    shifts = _dst_shifts(town, bus)
    for shift in shifts:
        svc.signup_create(shift=shift, user=volunteer)
    token = calendar_services.feed_create(town=town, user=volunteer)
    response = client_for(volunteer).get(u("person_feed", town, token=token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    assert [e.decoded("dtstart").astimezone(BERLIN).hour for e in events] == [8, 8, 8]
    assert [e.decoded("dtstart").utcoffset() for e in events] == [
        timedelta(hours=2),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
    assert "TZID=Europe/Berlin" in response.text and "BEGIN:VTIMEZONE" in response.text
    assert all(str(e["summary"]) == "Bürgerbus" for e in events)


def test_a_revoked_token_answers_404(client, town, volunteer):
    old = calendar_services.feed_create(town=town, user=volunteer)
    assert client.get(u("person_feed", town, token=old)).status_code == 200
    new = calendar_services.feed_create(town=town, user=volunteer)
    assert client.get(u("person_feed", town, token=old)).status_code == 404
    calendar_services.feed_revoke(town=town, user=volunteer)
    assert client.get(u("person_feed", town, token=new)).status_code == 404
    assert client.get(u("person_feed", town, token="erfunden")).status_code == 404


def test_token_of_one_town_does_not_open_another(client, town, other_town, volunteer):
    token = calendar_services.feed_create(town=town, user=volunteer)
    assert client.get(u("person_feed", other_town, token=token)).status_code == 404


def test_calendar_page_shows_the_link_once_and_revokes(client_for, town, volunteer):
    client = client_for(volunteer)
    response = client.post(u("calendar_link_new", town))
    assert "/dienste/kalender/" in response.text and ".ics" in response.text
    again = client.get(u("my_calendar", town))
    assert ".ics" not in again.text and "zeigen wir ihn nicht noch einmal" in again.text
    client.post(u("calendar_link_revoke", town))
    assert not volunteer.service_feeds.filter(revoked_at__isnull=True).exists()


@time_machine.travel("2026-10-01 10:00 +0200")
def test_service_feed_names_no_person(client, town, bus, volunteer):
    for shift in _dst_shifts(town, bus):
        svc.signup_create(shift=shift, user=volunteer)
    response = client.get(u("service_feed", town, service=bus.slug))
    cal = Calendar.from_ical(response.content)
    assert len(list(cal.walk("VEVENT"))) == 3
    assert volunteer.name not in response.content.decode()


def test_feed_query_counts_are_constant(
    client, town, bus, volunteer, django_assert_max_num_queries
):
    token = calendar_services.feed_create(town=town, user=volunteer)
    start = timezone.now() + timedelta(days=1)

    def add_shifts(n, offset):
        for i in range(n):
            begin = start + timedelta(days=offset + i)
            shift = ShiftFactory(
                town=town, service=bus, starts_at=begin, ends_at=begin + timedelta(hours=4)
            )
            svc.signup_create(shift=shift, user=volunteer)

    add_shifts(1, 0)
    with django_assert_max_num_queries(10) as person_one:
        client.get(u("person_feed", town, token=token))
    with django_assert_max_num_queries(10) as service_one:
        client.get(u("service_feed", town, service=bus.slug))
    add_shifts(12, 1)
    with django_assert_max_num_queries(len(person_one.captured_queries)):
        person = client.get(u("person_feed", town, token=token))
    with django_assert_max_num_queries(len(service_one.captured_queries)):
        service = client.get(u("service_feed", town, service=bus.slug))
    assert len(list(Calendar.from_ical(person.content).walk("VEVENT"))) == 13
    assert len(list(Calendar.from_ical(service.content).walk("VEVENT"))) == 13
