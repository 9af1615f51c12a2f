"""The coordinator's inbox: each kind counted with one query, each linking to its place."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from logbuch.desk.services import office as office_services
from logbuch.towns.models import Role

from .factories import ConcernFactory, OfficeFactory, SlotFactory

pytestmark = pytest.mark.django_db


def _url(town):
    return reverse("desk:inbox", kwargs={"town_slug": town.slug})


def _counts(response):
    return {item.label: item.count for item in response.context["items"]}


def test_inbox_counts_new_overdue_and_appointments(town, coordinator_client):
    office = OfficeFactory(town=town, first_answer_days=5)
    ConcernFactory.create_batch(2, town=town)
    ConcernFactory(town=town, created_at=timezone.now() - datetime.timedelta(days=9))
    slot = SlotFactory(town=town, office=office)
    office_services.appointment_book(slot=slot, name="Erika", contact="0351 1234567")
    counts = _counts(coordinator_client.get(_url(town)))
    assert counts["Neue Anliegen, noch nicht weitergegeben"] == 3
    assert counts["Anliegen ohne erste Antwort nach 5 Tagen"] == 1
    assert counts["Termine in den nächsten 7 Tagen"] == 1


def test_inbox_is_for_the_coordinator_only(town, make_member, client_for):
    person = make_member(town, Role.STAFF)
    assert client_for(person).get(_url(town)).status_code == 403


def test_inbox_query_count_is_constant(town, coordinator_client, django_assert_max_num_queries):
    ConcernFactory(town=town)
    with django_assert_max_num_queries(15) as one:
        coordinator_client.get(_url(town))
    ConcernFactory.create_batch(12, town=town)
    with django_assert_max_num_queries(len(one.captured_queries)):
        coordinator_client.get(_url(town))
