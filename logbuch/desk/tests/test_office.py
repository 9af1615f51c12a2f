"""Anker: hours with holidays and closures, "heute geöffnet bis", slots, booking, cancelling."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from logbuch.desk.calendar import open_today
from logbuch.desk.errors import SlotTaken
from logbuch.desk.models import Appointment, HoursKind, OpeningHours, Slot
from logbuch.desk.services import office as services

from .factories import ClosureFactory, ContactPersonFactory, SlotFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _url(town, name, **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


def test_open_today_until_closing_time():
    hours = [
        OpeningHours(
            kind=HoursKind.OPEN, weekday=3, opens=datetime.time(9), closes=datetime.time(18)
        )
    ]
    thursday = datetime.datetime(2026, 12, 3, 11, 0, tzinfo=BERLIN)
    state = open_today(bundesland="SN", hours=hours, closures=[], now=thursday)
    assert state.open_today and state.until == datetime.time(18)


def test_closed_on_a_public_holiday_of_the_bundesland():
    # 18 November 2026: Buß- und Bettag, a holiday in Sachsen only.
    hours = [
        OpeningHours(
            kind=HoursKind.OPEN, weekday=2, opens=datetime.time(9), closes=datetime.time(18)
        )
    ]
    day = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN)
    saxony = open_today(bundesland="SN", hours=hours, closures=[], now=day)
    bavaria = open_today(bundesland="BY", hours=hours, closures=[], now=day)
    assert not saxony.open_today and "Buß" in (saxony.closed_reason or "")
    assert bavaria.open_today


@time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN), tick=False)
def test_the_town_start_page_says_open_today_until(town, office):
    response = Client().get(reverse("towns:home", kwargs={"town_slug": town.slug}))
    assert "Heute geöffnet bis 18:00 Uhr" in response.text


@time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN), tick=False)
def test_a_closure_shows_on_the_start_page(town, office):
    ClosureFactory(
        town=town, office=office, first_day=datetime.date(2026, 12, 3), reason="Fortbildung"
    )
    response = Client().get(reverse("towns:home", kwargs={"town_slug": town.slug}))
    assert "Heute geschlossen (Fortbildung)" in response.text


@time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=BERLIN), tick=False)
def test_slots_skip_holidays_and_closures(town, office):
    # Thursdays 14–16 with 20 minutes: 6 slots a week. 24 Dec 2026 is a Thursday but no
    # holiday; 31 Dec neither; 1 Jan 2027 is a Friday. Close the week of 24 December.
    ClosureFactory(
        town=town,
        office=office,
        first_day=datetime.date(2026, 12, 21),
        last_day=datetime.date(2026, 12, 27),
    )
    made = services.slots_materialise(office=office, weeks=4)
    days = sorted({s.starts_at.astimezone(BERLIN).date() for s in Slot.objects.all()})
    assert days == [datetime.date(2026, 12, 3), datetime.date(2026, 12, 10),
                    datetime.date(2026, 12, 17)]  # fmt: skip
    assert made == 18
    services.slots_materialise(office=office, weeks=4)
    assert Slot.objects.count() == 18, "a second run adds nothing"


@time_machine.travel(datetime.datetime(2027, 5, 3, 8, 0, tzinfo=BERLIN), tick=False)
def test_no_slots_on_ascension_day(town, office):
    services.slots_materialise(office=office, weeks=2)
    days = {s.starts_at.astimezone(BERLIN).date() for s in Slot.objects.all()}
    assert days == {datetime.date(2027, 5, 13)}  # 6 May 2027 is Christi Himmelfahrt


def test_a_resident_books_without_an_account_and_cancels_by_link(
    town, office, django_capture_on_commit_callbacks
):
    slot = SlotFactory(town=town, office=office)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(town, "slot_book", pk=slot.pk), {"name": "Erika", "contact": "erika@example.org"}
        )
    assert response.status_code == 302
    booked = response["Location"]
    confirmation = client.get(booked)
    assert "Termin absagen" in confirmation.text
    found = re.search(r"https?://\S+/termin/\S+/", str(mail.outbox[0].body))
    assert found is not None
    assert booked in found.group(0)
    appointment = Appointment.objects.get()
    assert (appointment.name, appointment.contact) == ("Erika", "erika@example.org")
    assert client.post(booked).status_code == 302
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    assert slot in list(Slot.objects.filter(pk=slot.pk))
    again = Client().post(
        _url(town, "slot_book", pk=slot.pk), {"name": "Otto", "contact": "0351 123456"}
    )
    assert again.status_code == 302, "a cancelled slot is free again"


def test_a_slot_taken_meanwhile_offers_the_next_free_ones(town, office):
    slot, *later = SlotFactory.create_batch(4, town=town, office=office)
    services.appointment_book(slot=slot, name="Erste", contact="0351 111111")
    response = Client().post(
        _url(town, "slot_book", pk=slot.pk), {"name": "Zweite", "contact": "0351 222222"}
    )
    assert response.status_code == 400
    assert "inzwischen vergeben" in response.text
    assert [s.pk for s in response.context["next_free"]] == [s.pk for s in later]
    assert 'value="Zweite"' in response.text


def test_booking_asks_only_for_name_and_a_way_to_reach(town, office):
    slot = SlotFactory(town=town, office=office)
    response = Client().post(_url(town, "slot_book", pk=slot.pk), {"name": "", "contact": "abc"})
    assert response.status_code == 400
    assert "Bitte geben Sie Ihren Namen an." in response.text
    assert "Telefonnummer oder E-Mail-Adresse" in response.text
    assert set(Appointment._meta.get_fields()) and {
        f.name for f in Appointment._meta.concrete_fields
    } == {
        "id",
        "town",
        "slot",
        "name",
        "contact",
        "cancel_token_hash",
        "created_at",
        "cancelled_at",
    }


def test_a_past_or_withdrawn_slot_cannot_be_booked(town, office):
    past = SlotFactory(
        town=town,
        office=office,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() - datetime.timedelta(minutes=40),
    )
    with pytest.raises(SlotTaken):
        services.appointment_book(slot=past, name="A", contact="0351 1234567")


def test_slot_page_query_count_is_constant(town, office, django_assert_max_num_queries):
    SlotFactory(town=town, office=office)
    client = Client()
    with django_assert_max_num_queries(10) as one:
        client.get(_url(town, "slots"))
    SlotFactory.create_batch(30, town=town, office=office)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(_url(town, "slots"))
    assert sum(len(s) for _d, s in response.context["days"]) == 31


def test_coordinator_sets_up_hours_and_slots_appear(town, coordinator_client):
    response = coordinator_client.post(
        _url(town, "hours_add"),
        {"hours-kind": HoursKind.CONSULTATION, "hours-weekday": 3, "hours-opens": "14:00",
         "hours-closes": "16:00", "hours-note": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Slot.objects.in_town(town).exists()
    bad = coordinator_client.post(
        _url(town, "hours_add"),
        {"hours-kind": HoursKind.OPEN, "hours-weekday": 1, "hours-opens": "18:00",
         "hours-closes": "09:00"},
    )  # fmt: skip
    assert bad.status_code == 400 and "Das Ende muss nach dem Beginn liegen." in bad.text


@time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN), tick=False)
def test_the_start_page_panel_is_cached_until_the_office_changes(
    town, office, coordinator_client, django_assert_max_num_queries
):
    url = reverse("towns:home", kwargs={"town_slug": town.slug})
    assert "Heute geöffnet bis 18:00 Uhr" in coordinator_client.get(url).text
    with django_assert_max_num_queries(2) as second:
        response = coordinator_client.get(url)
    assert "Heute geöffnet bis 18:00 Uhr" in response.text
    assert not [q for q in second.captured_queries if "desk_" in q["sql"]]
    # A change of what the panel shows counts the town's panels_version up: seen at once.
    ClosureFactory(
        town=town, office=office, first_day=datetime.date(2026, 12, 3), reason="Fortbildung"
    )
    assert "Heute geschlossen (Fortbildung)" in coordinator_client.get(url).text
    ContactPersonFactory(town=town, name="Frau Neumann")
    assert "Frau Neumann" in coordinator_client.get(url).text
