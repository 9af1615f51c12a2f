"""Austauschort (Biete/Suche): list and filters, posting, relay, matches, reports, moderation."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from logbuch.desk.board import board_matches
from logbuch.desk.models import BoardPost, BoardReport, BoardStatus
from logbuch.towns.models import AuditEntry, Role

from .factories import BoardPostFactory, BoardReportFactory

pytestmark = pytest.mark.django_db


def _url(town, name="board", **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


def _in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_list_shows_only_active_unexpired_posts_and_filters(town):
    BoardPostFactory(town=town, title="Biete Rasenmäher", category="things")
    BoardPostFactory(town=town, title="Suche Mitfahrt", kind="request", category="lifts")
    BoardPostFactory(town=town, title="Abgelaufen", expires_on=_in(-1))
    BoardPostFactory(town=town, title="Ausgeblendet", status=BoardStatus.HIDDEN)
    client = Client()
    titles = {p.title for p in client.get(_url(town)).context["page"].object_list}
    assert titles == {"Biete Rasenmäher", "Suche Mitfahrt"}
    by_kind = client.get(_url(town), {"art": "request"}).context["page"].object_list
    assert [p.title for p in by_kind] == ["Suche Mitfahrt"]
    by_cat = client.get(_url(town), {"bereich": "things"}).context["page"].object_list
    assert [p.title for p in by_cat] == ["Biete Rasenmäher"]
    found = client.get(_url(town), {"suche": "rasen"}).context["page"].object_list
    assert [p.title for p in found] == ["Biete Rasenmäher"]


def test_list_query_count_does_not_grow_with_rows(town, django_assert_max_num_queries):
    BoardPostFactory(town=town)
    client = Client()
    with django_assert_max_num_queries(10) as one:
        assert client.get(_url(town)).status_code == 200
    BoardPostFactory.create_batch(12, town=town)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(_url(town))
    assert len(response.context["page"].object_list) == 13


def test_member_posts_and_visitor_may_not(town, make_member, client_for):
    data = {
        "kind": "offer",
        "category": "skills",
        "title": "Fahrradreparatur",
        "text": "Ich repariere Fahrräder gegen Kuchen.",
        "expires_on": _in(20).isoformat(),
    }
    response = Client().post(_url(town, "board_new"), data)
    assert response.status_code in (302, 403) and not BoardPost.objects.exists()
    person = make_member(town, Role.RESIDENT)
    response = client_for(person).post(_url(town, "board_new"), data)
    assert response.status_code == 302
    post = BoardPost.objects.get()
    assert post.author == person and post.town == town


def test_the_form_suggests_an_expiry_a_month_ahead(town, make_member, client_for):
    person = make_member(town, Role.VOLUNTEER)
    page = client_for(person).get(_url(town, "board_new")).text
    assert f'name="expires_on" value="{_in(30):%d.%m.%Y}"' in page


def test_bad_expiry_keeps_what_was_typed(town, make_member, client_for):
    person = make_member(town, Role.VOLUNTEER)
    response = client_for(person).post(
        _url(town, "board_new"),
        {
            "kind": "request",
            "category": "rooms",
            "title": "Raum für Chorprobe",
            "text": "Wir suchen donnerstags einen Raum.",
            "expires_on": _in(200).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Höchstens 90 Tage im Voraus." in response.text
    assert "Raum für Chorprobe" in response.text
    assert "Wir suchen donnerstags einen Raum." in response.text
    assert not BoardPost.objects.exists()


def test_relay_mails_author_without_showing_the_address(
    town, started, django_capture_on_commit_callbacks
):
    post = BoardPostFactory(town=town, author__email="autorin@example.org")
    page = Client().get(_url(town, "board_post", pk=post.pk))
    assert "autorin@example.org" not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            _url(town, "board_post", pk=post.pk),
            {
                "name": "Bernd",
                "email": "bernd@example.org",
                "text": "Ich hätte Interesse.",
                "gestartet": started,
                "webseite": "",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["autorin@example.org"]]
    assert "bernd@example.org" in mail.outbox[0].body


def test_relay_honeypot_refuses_and_keeps_text(town, started):
    post = BoardPostFactory(town=town)
    response = Client().post(
        _url(town, "board_post", pk=post.pk),
        {
            "name": "Bot",
            "email": "bot@example.org",
            "text": "Kaufen Sie jetzt!",
            "gestartet": started,
            "webseite": "http://spam.example",
        },
    )
    assert response.status_code == 400
    assert "Kaufen Sie jetzt!" in response.text
    assert not mail.outbox


def test_hidden_post_is_not_found_for_visitors(town):
    post = BoardPostFactory(town=town, status=BoardStatus.HIDDEN)
    assert Client().get(_url(town, "board_post", pk=post.pk)).status_code == 404


def test_entry_page_with_matches_query_count_is_constant(town, django_assert_max_num_queries):
    offer = BoardPostFactory(town=town, kind="offer", category="things", title="Rasenmäher")
    client = Client()

    def wanted(n):
        BoardPostFactory.create_batch(
            n, town=town, kind="request", category="things", title="Rasenmäher gesucht"
        )

    wanted(1)
    with django_assert_max_num_queries(10) as one:
        client.get(_url(town, "board_post", pk=offer.pk))
    wanted(12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(_url(town, "board_post", pk=offer.pk))
    assert response.text.count("Suche: Rasenmäher gesucht") == len(response.context["matches"])
    assert len(response.context["matches"]) > 1


def _pair(town, offer_text, request_text, category="skills"):
    offer = BoardPostFactory(town=town, kind="offer", category=category, **offer_text)
    wanted = BoardPostFactory(town=town, kind="request", category=category, **request_text)
    return offer, wanted


def test_matches_share_category_and_words_on_either_database(town):
    offer, wanted = _pair(
        town,
        {"title": "Fahrrad reparieren", "text": "Ich repariere gern Fahrrad und Roller."},
        {"title": "Fahrrad kaputt", "text": "Wer hilft beim Fahrrad?"},
    )
    BoardPostFactory(town=town, kind="request", category="things", title="Fahrrad gesucht")
    BoardPostFactory(town=town, kind="request", category="skills", title="Klavierstunden")
    assert board_matches(offer) == [wanted]
    assert board_matches(wanted) == [offer]


@pytest.mark.postgres
def test_matches_use_german_stemming_on_postgresql(town):
    assert connection.vendor == "postgresql"
    offer, wanted = _pair(
        town,
        {"title": "Fahrräder reparieren", "text": "Schläuche und Bremsen."},
        {"title": "Mein Fahrrad", "text": "Der Schlauch ist platt."},
    )
    assert board_matches(offer) == [wanted]


def test_matches_word_overlap_fallback_on_sqlite(town, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the fallback runs on SQLite")
    offer, wanted = _pair(
        town,
        {"title": "Fahrräder reparieren", "text": "Bremsen einstellen."},
        {"title": "Bremsen quietschen", "text": "Hilfe gesucht."},
    )
    assert board_matches(offer) == [wanted]


def test_report_counts_in_inbox_and_coordinator_hides_and_restores(
    town, coordinator, coordinator_client
):
    post = BoardPostFactory(town=town)
    response = Client().post(
        _url(town, "board_report", pk=post.pk), {"reason": "Das ist Werbung für einen Shop."}
    )
    assert response.status_code == 302
    counts = {
        i.label: i.count for i in coordinator_client.get(_url(town, "inbox")).context["items"]
    }
    assert counts["Hinweise auf Missbrauch in Biete/Suche"] == 1

    coordinator_client.post(_url(town, "board_hide", pk=post.pk))
    post.refresh_from_db()
    assert post.status == BoardStatus.HIDDEN
    assert BoardReport.objects.get().outcome == BoardReport.Outcome.HIDDEN
    assert Client().get(_url(town, "board_post", pk=post.pk)).status_code == 404

    coordinator_client.post(_url(town, "board_restore", pk=post.pk))
    post.refresh_from_db()
    assert post.status == BoardStatus.ACTIVE
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"desk.board.hidden", "desk.board.restored"} <= actions


def test_empty_report_gets_a_message(town):
    post = BoardPostFactory(town=town)
    response = Client().post(_url(town, "board_report", pk=post.pk), {"reason": " "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie hier etwas hinein." in response.text
    assert not BoardReport.objects.exists()


def test_dismissing_reports_keeps_the_post(town, coordinator, coordinator_client):
    report = BoardReportFactory(town=town)
    page = coordinator_client.get(_url(town, "board_moderation")).text
    assert f'formaction="{_url(town, "board_keep", pk=report.post.pk)}"' in page
    response = coordinator_client.post(_url(town, "board_keep", pk=report.post.pk))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.outcome == BoardReport.Outcome.DISMISSED
    assert report.post.status == BoardStatus.ACTIVE


def test_moderation_is_for_the_coordinator_only(town, make_member, client_for):
    person = make_member(town, Role.STAFF)
    assert client_for(person).get(_url(town, "board_moderation")).status_code == 403


def test_author_closes_own_post(town, make_member, client_for):
    person = make_member(town, Role.RESIDENT)
    post = BoardPostFactory(town=town, author=person)
    other = BoardPostFactory(town=town)
    client = client_for(person)
    assert client.post(_url(town, "board_close", pk=post.pk)).status_code == 302
    assert client.post(_url(town, "board_close", pk=other.pk)).status_code == 403
    post.refresh_from_db()
    assert post.status == BoardStatus.CLOSED
