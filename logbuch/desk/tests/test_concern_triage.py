"""Triage without deciding for others: hand on, answer, status with reason, merge, remind."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from logbuch.desk.errors import ConcernStateError, NotAResponsiblePerson, ReasonRequired
from logbuch.desk.models import Concern, ConcernStatus
from logbuch.desk.services import concerns as services
from logbuch.services.tests.factories import ResponsibilityFactory, ServiceFactory
from logbuch.towns.models import AuditEntry, Role
from logbuch.towns.tests.factories import UserFactory

from .factories import ConcernFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def _url(town, name, **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


@pytest.fixture
def staff(town, make_member):
    return make_member(town, Role.STAFF, name="Bauhof Leitung")


def test_coordinator_hands_on_and_the_responsible_person_answers(
    town, coordinator, staff, client_for, django_capture_on_commit_callbacks
):
    concern = ConcernFactory(town=town, email="melder@example.org")
    coord = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(_url(town, "concern_assign", pk=concern.pk), {"assignee": staff.pk})
    assert response.status_code == 302
    assert any(m.to == [staff.email] for m in mail.outbox)
    concern.refresh_from_db()
    assert concern.assignee == staff
    assert AuditEntry.objects.filter(action="desk.concern.assigned").count() == 1

    person = client_for(staff)
    assert person.get(_url(town, "concern_list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = person.post(
            _url(town, "concern_answer", pk=concern.pk),
            {"text": "Die Laterne wird am Montag getauscht.", "public": "on"},
        )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.IN_PROGRESS and concern.first_answer_at
    assert any("Montag getauscht" in m.body for m in mail.outbox if m.to == ["melder@example.org"])
    response = person.post(_url(town, "concern_status", pk=concern.pk), {"status": "done"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DONE and concern.resolved_at


def test_a_member_not_handed_the_concern_cannot_open_it(town, staff, client_for):
    concern = ConcernFactory(town=town)
    assert client_for(staff).get(_url(town, "concern_detail", pk=concern.pk)).status_code == 403
    assert (
        client_for(staff)
        .post(_url(town, "concern_answer", pk=concern.pk), {"text": "x"})
        .status_code
        == 403
    )


def test_the_responsible_person_cannot_hand_on_or_merge(town, staff, client_for):
    concern = ConcernFactory(town=town, assignee=staff)
    other = ConcernFactory(town=town)
    client = client_for(staff)
    assert (
        client.post(_url(town, "concern_assign", pk=concern.pk), {"assignee": staff.pk}).status_code
        == 403
    )
    assert (
        client.post(_url(town, "concern_merge", pk=concern.pk), {"target": other.pk}).status_code
        == 403
    )


def test_handing_to_someone_outside_the_town_is_refused(town, coordinator):
    concern = ConcernFactory(town=town)
    with pytest.raises(NotAResponsiblePerson):
        services.concern_assign(concern=concern, assignee=UserFactory(), actor=coordinator)


def test_not_possible_needs_a_reason_in_form_service_and_database(town, coordinator, client_for):
    concern = ConcernFactory(town=town)
    response = client_for(coordinator).post(
        _url(town, "concern_status", pk=concern.pk), {"status": "not_possible", "reason": ""}
    )
    assert response.status_code == 400
    assert "Bitte nennen Sie einen Grund" in response.text
    with pytest.raises(ReasonRequired):
        services.concern_set_status(
            concern=concern, status=ConcernStatus.NOT_POSSIBLE, reason=" ", actor=coordinator
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(status=ConcernStatus.NOT_POSSIBLE)


def test_a_stale_status_change_is_refused(town, coordinator):
    concern = ConcernFactory(town=town)
    stale = Concern.objects.get(pk=concern.pk)
    services.concern_set_status(
        concern=concern, status=ConcernStatus.DONE, reason="", actor=coordinator
    )
    with pytest.raises(ConcernStateError):
        services.concern_set_status(
            concern=stale, status=ConcernStatus.IN_PROGRESS, reason="", actor=coordinator
        )


def test_merging_informs_both_submitters(
    town, coordinator, client_for, django_capture_on_commit_callbacks
):
    first = ConcernFactory(town=town, email="erste@example.org")
    second = ConcernFactory(town=town, email="zweite@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            _url(town, "concern_merge", pk=second.pk), {"target": first.pk}
        )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ConcernStatus.MERGED and second.merged_into == first
    told = {tuple(m.to) for m in mail.outbox if "zusammengeführt" in m.subject}
    assert told == {("erste@example.org",), ("zweite@example.org",)}


def test_merging_into_a_concern_of_another_town_is_not_possible(
    town, other_town, coordinator, client_for
):
    mine = ConcernFactory(town=town)
    foreign = ConcernFactory(town=other_town)
    response = client_for(coordinator).post(
        _url(town, "concern_merge", pk=mine.pk), {"target": foreign.pk}
    )
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.status == ConcernStatus.NEW


def test_overdue_concerns_are_flagged_and_the_responsible_person_reminded_once(
    town, coordinator, staff, client_for, django_capture_on_commit_callbacks
):
    OfficeFactory(town=town, first_answer_days=5)
    old = ConcernFactory(
        town=town, assignee=staff, created_at=timezone.now() - datetime.timedelta(days=6)
    )
    fresh = ConcernFactory(town=town, created_at=timezone.now() - datetime.timedelta(days=2))
    page = client_for(coordinator).get(_url(town, "concern_list") + "?ueberfaellig=1")
    assert [c["pk"] for c in page.context["page"].object_list] == [old.pk]
    assert "überfällig" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        assert services.concerns_remind_overdue(town=town) == 1
        assert services.concerns_remind_overdue(town=town) == 0
    reminders = [m for m in mail.outbox if "erste Antwort" in m.subject]
    assert [m.to for m in reminders] == [[staff.email]]
    assert fresh.pk not in [c["pk"] for c in page.context["page"].object_list]


def test_concern_list_query_count_does_not_grow_with_rows(
    town, coordinator, staff, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    ConcernFactory(town=town, assignee=staff)
    with django_assert_max_num_queries(12) as one:
        client.get(_url(town, "concern_list"))
    ConcernFactory.create_batch(15, town=town, assignee=staff)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(_url(town, "concern_list") + "?stand=offen&thema=traffic")
    assert len(response.context["page"].object_list) == 16


def test_hand_on_offers_the_organigram_first(town, coordinator, staff, make_member, client_for):
    driver, deputy = make_member(town, Role.VOLUNTEER), make_member(town, Role.VOLUNTEER)
    bus = ServiceFactory(town=town, name="Bürgerbus")
    ResponsibilityFactory(
        town=town, service=bus, title="Fahrdienstleitung", holder=driver, deputy=deputy
    )
    concern = ConcernFactory(town=town)
    page = client_for(coordinator).get(_url(town, "concern_detail", pk=concern.pk)).text
    group = page.split('<optgroup label="Laut Organigramm zuständig">', 1)[1].split("</optgroup>")[
        0
    ]
    assert f"{driver.name} – Bürgerbus: Fahrdienstleitung<" in group
    assert f"{deputy.name} – Bürgerbus: Fahrdienstleitung (Vertretung)<" in group
    assert staff.name not in group
    assert page.index("Laut Organigramm") < page.index(f">{staff.name}<")
    response = client_for(coordinator).post(
        _url(town, "concern_assign", pk=concern.pk), {"assignee": deputy.pk}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.assignee == deputy


def test_without_an_organigram_every_member_is_offered_plainly(
    town, coordinator, staff, client_for
):
    concern = ConcernFactory(town=town)
    page = client_for(coordinator).get(_url(town, "concern_detail", pk=concern.pk)).text
    assert "<optgroup" not in page
    assert f">{staff.name}<" in page
