"""Ansprechpersonen: found by topic, on the start page, reached without seeing an address."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from logbuch.desk.models import ContactPerson

from .factories import ContactPersonFactory

pytestmark = pytest.mark.django_db


def _url(town, name, **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


def test_found_by_topic_and_no_address_shown(town):
    clubs = ContactPersonFactory(town=town, name="Frau Berger", topics="Vereine, Ehrenamt")
    ContactPersonFactory(town=town, name="Herr Kaya", topics="Pflege, Nachbarschaftshilfe")
    page = Client().get(_url(town, "contacts") + "?thema=verein").text
    assert "Frau Berger" in page and "Herr Kaya" not in page
    detail = Client().get(_url(town, "contact", pk=clubs.pk)).text
    assert clubs.email not in detail and "Vereine, Ehrenamt" in detail


def test_shown_on_the_town_start_page(town):
    ContactPersonFactory(town=town, name="Frau Berger", topics="Vereine")
    page = Client().get(reverse("towns:home", kwargs={"town_slug": town.slug})).text
    assert "Frau Berger" in page and "Ansprechpersonen" in page


def test_the_relay_form_forwards_without_revealing_addresses(
    town, started, django_capture_on_commit_callbacks
):
    person = ContactPersonFactory(town=town, email="berger@rathaus.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            _url(town, "contact", pk=person.pk),
            {"name": "Otto", "email": "otto@example.org", "text": "Frage zum Verein",
             "gestartet": started},
        )  # fmt: skip
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["berger@rathaus.example"]]
    assert "otto@example.org" in mail.outbox[0].body


def test_coordinator_keeps_the_list(town, coordinator_client):
    response = coordinator_client.post(
        _url(town, "contacts_manage"),
        {"name": "Frau Berger", "topics": "Vereine", "position": 0},
    )
    assert response.status_code == 302
    person = ContactPerson.objects.in_town(town).get()
    assert coordinator_client.post(_url(town, "contact_remove", pk=person.pk)).status_code == 302
    assert not ContactPerson.objects.exists()
