"""Motivationsgeber: Danke to a person (agrees first) or a group (coordinator releases),
the Dankeswand, milestones."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from logbuch.desk.errors import ThanksAlreadyDecided
from logbuch.desk.models import ThankYou, ThankYouStatus
from logbuch.desk.services import thanks as services
from logbuch.desk.thanks import milestones
from logbuch.towns.models import AuditEntry, Membership, Role

from .factories import ThankYouFactory

pytestmark = pytest.mark.django_db


def _url(town, name, **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


def _wall_texts(town):
    return [t.text for t in Client().get(_url(town, "thanks_wall")).context["page"].object_list]


def test_member_thanks_a_person_who_agrees_before_it_is_shown(
    town, make_member, client_for, started, django_capture_on_commit_callbacks
):
    giver = make_member(town, Role.RESIDENT)
    helper = make_member(town, Role.VOLUNTEER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(giver).post(
            _url(town, "thanks_new"),
            {
                "from_name": "Familie Schulze",
                "recipient": helper.pk,
                "recipient_group": "",
                "text": "Danke fürs Schneeschippen!",
                "gestartet": started,
                "webseite": "",
            },
        )
    assert response.status_code == 302
    note = ThankYou.objects.get()
    assert note.status == ThankYouStatus.WAITING and note.from_user == giver
    assert [m.to for m in mail.outbox] == [[helper.email]]
    assert _wall_texts(town) == []

    response = client_for(helper).post(_url(town, "thanks_show", pk=note.pk))
    assert response.status_code == 302
    assert _wall_texts(town) == ["Danke fürs Schneeschippen!"]


def test_only_the_recipient_can_agree(town, make_member, client_for):
    note = ThankYouFactory(town=town)
    stranger = make_member(town, Role.RESIDENT)
    assert client_for(stranger).post(_url(town, "thanks_show", pk=note.pk)).status_code == 404
    note.refresh_from_db()
    assert note.status == ThankYouStatus.WAITING


def test_private_choice_keeps_it_off_the_wall_and_decides_once(town, client_for):
    note = ThankYouFactory(town=town)
    Membership.objects.create(town=town, user=note.recipient, role=Role.RESIDENT)
    response = client_for(note.recipient).post(_url(town, "thanks_private", pk=note.pk))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == ThankYouStatus.PRIVATE
    assert _wall_texts(town) == []
    with pytest.raises(ThanksAlreadyDecided):
        services.thanks_answer(thanks=note, recipient=note.recipient, show=True)


def test_visitor_thanks_a_group_released_by_the_coordinator(
    town, coordinator, coordinator_client, started
):
    response = Client().post(
        _url(town, "thanks_new"),
        {
            "from_name": "Eine Nachbarin",
            "recipient_group": "Freiwillige Feuerwehr",
            "text": "Danke für den Einsatz beim Hochwasser.",
            "gestartet": started,
            "webseite": "",
        },
    )
    assert response.status_code == 302
    note = ThankYou.objects.get()
    assert note.recipient_id is None and note.from_user_id is None
    counts = {
        i.label: i.count for i in coordinator_client.get(_url(town, "inbox")).context["items"]
    }
    assert counts["Danke an Gruppen, die auf Freigabe warten"] == 1
    assert _wall_texts(town) == []
    coordinator_client.post(_url(town, "thanks_approve", pk=note.pk))
    assert _wall_texts(town) == ["Danke für den Einsatz beim Hochwasser."]
    assert AuditEntry.objects.filter(action="desk.thanks.released").exists()


def test_coordinator_keeps_a_groups_thanks_off_the_wall(town, coordinator_client):
    note = ThankYouFactory(town=town, recipient=None, recipient_group="Feuerwehr")
    page = coordinator_client.get(_url(town, "thanks_release")).text
    assert f'formaction="{_url(town, "thanks_reject", pk=note.pk)}"' in page
    assert coordinator_client.post(_url(town, "thanks_reject", pk=note.pk)).status_code == 302
    note.refresh_from_db()
    assert note.status == ThankYouStatus.PRIVATE
    assert AuditEntry.objects.filter(action="desk.thanks.rejected").exists()


def test_thanks_without_recipient_keeps_what_was_typed(town, started):
    response = Client().post(
        _url(town, "thanks_new"),
        {
            "from_name": "Anna",
            "recipient_group": "",
            "text": "Ein Dank ins Leere.",
            "gestartet": started,
            "webseite": "",
        },
    )
    assert response.status_code == 400
    assert "Bitte nennen Sie die Gruppe, der Sie danken." in response.text
    assert "Ein Dank ins Leere." in response.text and "Anna" in response.text
    assert not ThankYou.objects.exists()


def test_release_is_for_the_coordinator_only(town, make_member, client_for):
    person = make_member(town, Role.STAFF)
    assert client_for(person).get(_url(town, "thanks_release")).status_code == 403


def test_milestones_first_year_and_first_funded_project(town, make_member):
    today = timezone.localdate()
    veteran = make_member(town, Role.VOLUNTEER)
    make_member(town, Role.RESIDENT)  # joined today: no milestone
    Membership.objects.filter(user=veteran).update(
        created_at=timezone.now() - datetime.timedelta(days=370)
    )
    texts = [m.text for m in milestones(town, today=today)]
    assert "1 Mensch ist seit einem Jahr dabei." in texts

    from logbuch.fund.models import ApplicationStatus  # noqa: PLC0415
    from logbuch.fund.tests.factories import ApplicationFactory  # noqa: PLC0415

    ApplicationFactory(
        town=town,
        title="Bank am Dorfteich",
        status=ApplicationStatus.APPROVED,
        consent_publish=True,
        decided_at=timezone.now(),
    )
    texts = [m.text for m in milestones(town, today=today)]
    assert "Erstes Projekt aus dem Mitmach-Fonds gefördert: Bank am Dorfteich" in texts
    wall = Client().get(_url(town, "thanks_wall"))
    assert "Bank am Dorfteich" in wall.text
