"""The coordinator's inbox: each kind counted with one query, each linking to its place."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from logbuch.desk import inbox
from logbuch.desk.services import office as office_services
from logbuch.fund.models import ApplicationStatus
from logbuch.fund.tests.factories import ApplicationFactory
from logbuch.logbook.models import MeasureStatus
from logbuch.logbook.tests.factories import MeasureFactory, ProposalFactory
from logbuch.services.models import SignUp
from logbuch.services.tests.factories import ServiceFactory, ShiftFactory
from logbuch.towns.models import Role

from .factories import ConcernFactory, OfficeFactory, SlotFactory

UNCOVERED = "Unterbesetzte Schichten in den nächsten vier Wochen"
OVERDUE_MEASURES = "Überfällige Maßnahmen"
PROPOSALS = "Vorschläge, über die noch niemand entschieden hat"
APPLICATIONS = "Anträge an den Mitmach-Fonds zu prüfen"

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


def _shift(town, service, *, days, min_people=1):
    start = timezone.now() + datetime.timedelta(days=days)
    return ShiftFactory(
        town=town,
        service=service,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        min_people=min_people,
        max_people=max(min_people, 2),
    )


def test_inbox_counts_uncovered_shifts_of_the_next_four_weeks(
    town, other_town, coordinator_client, make_member
):
    service = ServiceFactory(town=town)
    short = _shift(town, service, days=3, min_people=2)
    SignUp.objects.create(town=town, shift=short, user=make_member(town, Role.VOLUNTEER))
    covered = _shift(town, service, days=5)
    SignUp.objects.create(town=town, shift=covered, user=make_member(town, Role.VOLUNTEER))
    _shift(town, service, days=10)  # nobody yet
    _shift(town, service, days=40)  # beyond the four weeks
    _shift(town, service, days=-2)  # past
    _shift(other_town, ServiceFactory(town=other_town), days=3)
    response = coordinator_client.get(_url(town))
    assert _counts(response)[UNCOVERED] == 2
    assert reverse("services:coverage", kwargs={"town_slug": town.slug}) in response.text


def test_inbox_counts_overdue_measures_and_applications_to_review(town, coordinator_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    MeasureFactory(town=town, due_on=yesterday)
    MeasureFactory(town=town, due_on=yesterday, status=MeasureStatus.RUNNING)
    MeasureFactory(town=town, due_on=yesterday, status=MeasureStatus.DONE)
    MeasureFactory(town=town)  # due in the future
    ApplicationFactory(town=town, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(town=town, status=ApplicationStatus.DRAFT)
    counts = _counts(coordinator_client.get(_url(town)))
    assert counts[OVERDUE_MEASURES] == 2
    assert counts[APPLICATIONS] == 1


def test_inbox_counts_proposals_waiting_for_a_decision(town, other_town, coordinator_client):
    ProposalFactory.create_batch(2, town=town)
    ProposalFactory(town=town, status=MeasureStatus.DECLINED, decision_reason="Passt nicht.")
    ProposalFactory(town=other_town)
    response = coordinator_client.get(_url(town))
    assert _counts(response)[PROPOSALS] == 2
    assert reverse("logbook:proposal_list", kwargs={"town_slug": town.slug}) in response.text


def test_every_installed_app_with_an_inbox_module_contributes(town):
    labels = [item.label for item in inbox.coordinator_inbox(town)]
    assert labels[0] == "Neue Anliegen, noch nicht weitergegeben"
    assert {UNCOVERED, OVERDUE_MEASURES, PROPOSALS, APPLICATIONS} <= set(labels)
    assert len(labels) == len(set(labels))


def _fill(town, n):
    service = ServiceFactory(town=town)
    ConcernFactory.create_batch(n, town=town)
    for i in range(n):
        _shift(town, service, days=i + 1, min_people=2)
    MeasureFactory.create_batch(n, town=town, due_on=timezone.localdate() - datetime.timedelta(1))
    ProposalFactory.create_batch(n, town=town)
    ApplicationFactory.create_batch(n, town=town, status=ApplicationStatus.SUBMITTED)


def test_inbox_query_count_is_constant(town, coordinator_client, django_assert_max_num_queries):
    _fill(town, 1)
    with django_assert_max_num_queries(20) as one:
        coordinator_client.get(_url(town))
    _fill(town, 12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coordinator_client.get(_url(town))
    assert _counts(response)[UNCOVERED] == 13
