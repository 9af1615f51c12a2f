"""Accessibility statement with feedback form, privacy notice and imprint (global and per town)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logbuch.core.tests.urlsweep import database_fingerprint
from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db

BITV_SECTIONS = [
    "Stand der Vereinbarkeit mit den Anforderungen",
    "Nicht barrierefreie Inhalte",
    "Erstellung dieser Erklärung",
    "Feedback und Kontakt",
    "Durchsetzungsverfahren",
]


def _statement_url(town=None):
    if town is None:
        return reverse("accessibility")
    return reverse("towns:accessibility", kwargs={"town_slug": town.slug})


@pytest.mark.parametrize("in_town", [True, False])
def test_statement_has_every_bitv_section(client, town, in_town):
    response = client.get(_statement_url(town if in_town else None))
    assert response.status_code == 200
    for heading in BITV_SECTIONS:
        assert heading in response.text
    assert "27.11.2026" in response.text or "27. November 2026" in response.text
    if in_town:
        assert "Sachsen" in response.text  # the town's Bundesland names the enforcement body


def test_every_page_links_to_the_statement(client, client_for, town, make_member):
    pages = [
        reverse("home"),
        reverse("towns:home", kwargs={"town_slug": town.slug}),
        reverse("towns:glossary", kwargs={"town_slug": town.slug}),
        reverse("accounts:login"),
        "/gibt-es-nicht/",
    ]
    for url in pages:
        text = client.get(url).text
        assert 'href="/barrierefreiheit/?seite=' in text or (
            f'href="/{town.slug}/barrierefreiheit/?seite=' in text
        ), url
    member = client_for(make_member(town, Role.COORDINATOR))
    text = member.get(reverse("towns:members", kwargs={"town_slug": town.slug})).text
    assert f'href="/{town.slug}/barrierefreiheit/?seite=' in text


def test_page_address_is_prefilled_from_the_link(client, town):
    url = _statement_url(town) + "?seite=/musterstadt/begriffe/"
    response = client.get(url)
    assert 'value="/musterstadt/begriffe/"' in response.text


def test_feedback_reaches_the_town_admins_after_commit(
    client, town, make_member, django_capture_on_commit_callbacks
):
    make_member(town, Role.TOWN_ADMIN, email="verwaltung@musterstadt.example")
    make_member(town, Role.TOWN_ADMIN, Role.COORDINATOR, email="buergermeisterin@example.org")
    make_member(town, Role.COORDINATOR, email="koordination@example.org")
    before = database_fingerprint()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _statement_url(town),
            {
                "message": "Die Schrift im Menü ist zu klein.",
                "page_url": "/musterstadt/begriffe/",
                "name": "Erika Muster",
                "email": "erika@example.org",
            },
            REMOTE_ADDR="203.0.113.9",
            HTTP_USER_AGENT="Testbrowser/1.0",
        )
    assert response.status_code == 302
    assert response["Location"] == _statement_url(town) + "?gesendet=1#rueckmeldung"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["buergermeisterin@example.org", "verwaltung@musterstadt.example"]
    assert "Musterstadt" in sent.subject
    assert "Die Schrift im Menü ist zu klein." in sent.body
    assert "/musterstadt/begriffe/" in sent.body
    assert "203.0.113.9" not in sent.body
    assert "Testbrowser" not in sent.body
    # Nothing is stored: not the feedback, not an address, not even a session.
    assert database_fingerprint() == before
    assert "sessionid" not in response.cookies
    confirmation = client.get(response["Location"])
    assert "Ihre Rückmeldung wurde gesendet" in confirmation.text


def test_feedback_falls_back_to_the_towns_contact_address(
    client, town, django_capture_on_commit_callbacks
):
    town.contact_email = "rathaus@musterstadt.example"
    town.save(update_fields=["contact_email"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_statement_url(town), {"message": "Kontrast zu schwach"})
    assert mail.outbox[0].to == ["rathaus@musterstadt.example"]


def test_global_feedback_goes_to_the_installation_admins(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = ["betrieb@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_statement_url(), {"message": "Fehlende Alternativtexte"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["betrieb@example.org"]


def test_global_feedback_without_admins_goes_to_the_sender_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_statement_url(), {"message": "Fehlende Alternativtexte"})
    assert mail.outbox[0].to == [settings.DEFAULT_FROM_EMAIL]


def test_feedback_without_message_shows_the_error_summary(client, town):
    response = client.post(_statement_url(town), {"name": "Erika", "email": "kein-mail"})
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text
    assert 'href="#id_message"' in response.text
    assert 'href="#id_email"' in response.text
    assert mail.outbox == []
    title = response.text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Fehler: ")
    assert "<title>Fehler" not in client.get(_statement_url(town)).text


def test_feedback_page_address_must_be_on_this_site(
    client, town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _statement_url(town), {"message": "x", "page_url": "https://boese.example/phish"}
        )
    assert "boese.example" not in mail.outbox[0].body


@pytest.mark.parametrize(("name", "kind"), [("privacy", "datenschutz"), ("imprint", "impressum")])
def test_default_legal_pages_show_the_towns_data(client, town, name, kind):
    town.address = "Marktplatz 1\n01234 Musterstadt"
    town.contact_name = "Bürgermeisterin Petra Beispiel"
    town.contact_email = "rathaus@musterstadt.example"
    town.save()
    response = client.get(reverse(f"towns:{name}", kwargs={"town_slug": town.slug}))
    assert response.status_code == 200
    assert "Marktplatz 1" in response.text
    assert "Bürgermeisterin Petra Beispiel" in response.text
    assert "rathaus@musterstadt.example" in response.text


LEGAL = [("privacy", "datenschutz"), ("imprint", "impressum")]


@pytest.mark.parametrize("page", LEGAL)
def test_a_town_can_replace_its_legal_page(client, town, other_town, template_dir, page):
    name, kind = page
    own = template_dir / "towns" / town.slug
    own.mkdir(parents=True)
    (own / f"{kind}.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Eigener Text von Musterstadt</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    mine = client.get(reverse(f"towns:{name}", kwargs={"town_slug": town.slug}))
    assert "Eigener Text von Musterstadt" in mine.text
    theirs = client.get(reverse(f"towns:{name}", kwargs={"town_slug": other_town.slug}))
    assert "Eigener Text von Musterstadt" not in theirs.text
    assert "Beispieldorf" in theirs.text


GLOBAL_LEGAL_TEXT = {
    "privacy": [
        "<h1",
        "Datenschutzerklärung",
        "Für diese Installation als Ganzes ist ihr Betreiber verantwortlich.",
        "nur technisch nötige Cookies",
        "Auskunft über Ihre Daten (Art. 15 DSGVO)",
        "Beschwerde bei einer Aufsichtsbehörde für den Datenschutz (Art. 77 DSGVO)",
    ],
    "imprint": [
        "<h1",
        "Impressum",
        "Jeder Ort in Logbuch hat ein eigenes Impressum",
        "Logbuch ist freie Software unter der Lizenz EUPL 1.2.",
    ],
}


@pytest.mark.parametrize("name", ["privacy", "imprint"])
def test_global_legal_pages_say_who_is_responsible_and_name_no_town(client, town, name):
    town.contact_email = "rathaus@musterstadt.example"
    town.save(update_fields=["contact_email"])
    response = client.get(reverse(name))
    assert response.status_code == 200
    for text in GLOBAL_LEGAL_TEXT[name]:
        assert text in response.text, text
    assert "rathaus@musterstadt.example" not in response.text
    assert "Angaben nach § 5 Digitale-Dienste-Gesetz" not in response.text


def test_statement_page_needs_few_queries(client, town):
    with CaptureQueriesContext(connection) as ctx:
        client.get(_statement_url(town))
    assert len(ctx) <= 3


def test_feedback_is_capped_per_town_and_hour_and_keeps_what_was_typed(
    client, town, other_town, monkeypatch, django_capture_on_commit_callbacks
):
    from logbuch.core import views  # noqa: PLC0415

    monkeypatch.setattr(views, "FEEDBACK_PER_HOUR", 2)
    town.contact_email = "rathaus@musterstadt.example"
    town.save(update_fields=["contact_email"])
    other_town.contact_email = "rathaus@beispieldorf.example"
    other_town.save(update_fields=["contact_email"])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            assert client.post(_statement_url(town), {"message": f"Nr. {n}"}).status_code == 302
        refused = client.post(
            _statement_url(town), {"message": "Die dritte Rückmeldung", "name": "Erika"}
        )
        other = client.post(_statement_url(other_town), {"message": "Anderer Ort"})
    assert refused.status_code == 200
    assert "Gerade sind sehr viele Rückmeldungen eingegangen" in refused.text
    assert "Die dritte Rückmeldung" in refused.text and 'value="Erika"' in refused.text
    assert other.status_code == 302
    assert [m.to for m in mail.outbox] == [
        ["rathaus@musterstadt.example"],
        ["rathaus@musterstadt.example"],
        ["rathaus@beispieldorf.example"],
    ]
