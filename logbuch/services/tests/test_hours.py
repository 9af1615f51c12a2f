"""Hours from attended shifts, the personal overview and the yearly certificate (PDF)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from logbuch.desk.models import ThankYou, ThankYouStatus
from logbuch.services.errors import NotAllowed, ServicesError
from logbuch.services.models import HoursRecord
from logbuch.services.services import hours as hours_services
from logbuch.towns.models import AuditEntry, Role

from .factories import HoursRecordFactory, ResponsibilityFactory, ShiftFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def u(name, town, **kwargs):
    return reverse(f"services:{name}", kwargs={"town_slug": town.slug, **kwargs})


@pytest.fixture
def past_signup(town, bus, volunteer):
    shift = ShiftFactory(
        town=town,
        service=bus,
        starts_at=timezone.now() - timedelta(hours=6),
        ends_at=timezone.now() - timedelta(hours=2),
    )
    return SignUpFactory(town=town, shift=shift, user=volunteer)


def test_coordinator_confirms_the_whole_shift(past_signup, coordinator):
    record = hours_services.hours_confirm(
        signup=past_signup, actor=coordinator, is_coordinator=True
    )
    assert record.minutes == 240
    with pytest.raises(ServicesError, match="schon bestätigt"):
        hours_services.hours_confirm(signup=past_signup, actor=coordinator, is_coordinator=True)


def test_shift_lead_from_the_organigram_confirms(town, bus, past_signup, make_member):
    lead = make_member(town, Role.VOLUNTEER)
    stranger = make_member(town, Role.VOLUNTEER)
    ResponsibilityFactory(town=town, service=bus, holder=None, deputy=lead)
    with pytest.raises(NotAllowed):
        hours_services.hours_confirm(signup=past_signup, actor=stranger, is_coordinator=False)
    record = hours_services.hours_confirm(
        signup=past_signup, actor=lead, is_coordinator=False, minutes=90
    )
    assert record.minutes == 90


def test_a_future_shift_has_no_hours_yet(town, shift, volunteer, coordinator):
    signup = SignUpFactory(town=town, shift=shift, user=volunteer)
    with pytest.raises(ServicesError, match="begonnen"):
        hours_services.hours_confirm(signup=signup, actor=coordinator, is_coordinator=True)


def test_a_milestone_is_recorded(town, bus, past_signup, coordinator, volunteer):
    HoursRecordFactory.create_batch(12, town=town, user=volunteer, service=bus, minutes=245)
    hours_services.hours_confirm(signup=past_signup, actor=coordinator, is_coordinator=True)
    entry = AuditEntry.objects.get(action="services.hours.milestone")
    assert entry.details["hours"] == 50


def test_hours_page_and_certificate_pdf(client_for, town, bus, volunteer):
    town.address = "Markt 1\n04720 Musterstadt"
    town.save(update_fields=["address"])
    year = timezone.localdate().year
    HoursRecordFactory(town=town, user=volunteer, service=bus, minutes=240)
    HoursRecordFactory(town=town, user=volunteer, service=bus, minutes=90)
    client = client_for(volunteer)
    page = client.get(u("my_hours", town))
    assert "Zusammen 5,5 Stunden" in page.text
    response = client.get(u("certificate", town, year=year))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert volunteer.name.split()[0] in text
    assert "5,5" in text and "Markt 1" in text and "Bürgerbus" in text
    root: Any = reader.trailer["/Root"]  # a PDF dictionary
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_no_certificate_without_hours(client_for, town, volunteer):
    year = timezone.localdate().year
    assert client_for(volunteer).get(u("certificate", town, year=year)).status_code == 404


def test_hours_page_query_count_is_constant(
    client_for, town, bus, volunteer, django_assert_max_num_queries
):
    client = client_for(volunteer)
    HoursRecordFactory(town=town, user=volunteer, service=bus)
    with django_assert_max_num_queries(20) as one:
        client.get(u("my_hours", town))
    HoursRecordFactory.create_batch(11, town=town, user=volunteer, service=bus)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(u("my_hours", town))
    assert HoursRecord.objects.count() == 12


def test_a_milestone_becomes_a_danke_that_waits_for_the_persons_consent(
    bus, past_signup, coordinator, django_capture_on_commit_callbacks
):
    town, volunteer = bus.town, past_signup.user
    HoursRecordFactory.create_batch(12, town=town, user=volunteer, service=bus, minutes=245)
    with django_capture_on_commit_callbacks(execute=True):
        hours_services.hours_confirm(signup=past_signup, actor=coordinator, is_coordinator=True)
    thanks = ThankYou.objects.get(town=town)
    assert thanks.recipient == volunteer and thanks.status == ThankYouStatus.WAITING
    assert thanks.text.startswith("50 Stunden im Ehrenamt")
    assert any(m.to == [volunteer.email] for m in mail.outbox)
    # Confirming more hours below the next milestone says nothing more.
    later = SignUpFactory(town=town, shift=ShiftFactory(
        town=town, service=bus,
        starts_at=timezone.now() - timedelta(days=1, hours=4),
        ends_at=timezone.now() - timedelta(days=1),
    ), user=volunteer)  # fmt: skip
    hours_services.hours_confirm(signup=later, actor=coordinator, is_coordinator=True)
    assert ThankYou.objects.count() == 1
