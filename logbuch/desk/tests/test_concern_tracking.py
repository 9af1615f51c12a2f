"""Following a concern without an account: code link, replies, neutral answers, rate limit."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from logbuch.desk.models import ConcernCategory, ConcernKind, ConcernMessage, MessageAuthor
from logbuch.desk.services import concerns as services

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    """The page's main part without the per-response CSRF token."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def _track(town, code):
    return reverse("desk:concern_track", kwargs={"town_slug": town.slug, "code": code})


@pytest.fixture
def submitted(town):
    return services.concern_submit(
        town=town,
        kind=ConcernKind.IDEA,
        category=ConcernCategory.GREEN,
        text="Mehr Bänke am Teich.",
        anonymous=True,
    )


def test_the_code_link_shows_status_and_private_answers(town, coordinator, submitted):
    concern, code = submitted
    services.concern_answer(
        concern=concern, author=coordinator, text="Wir prüfen das.", public=False
    )
    response = Client().get(_track(town, code))
    assert response.status_code == 200
    assert "Mehr Bänke am Teich." in response.text
    assert "Wir prüfen das." in response.text
    assert "in Bearbeitung" in response.text


def test_the_code_is_found_whatever_the_spelling(town, submitted):
    _concern, code = submitted
    sloppy = code.lower().replace("-", " ")
    response = Client().post(
        reverse("desk:concern_track_form", kwargs={"town_slug": town.slug}), {"code": sloppy}
    )
    assert response.status_code == 302


def test_the_submitter_writes_back_without_an_account(town, submitted):
    concern, code = submitted
    response = Client().post(_track(town, code), {"text": "Am besten unter der Linde."})
    assert response.status_code == 302
    message = ConcernMessage.objects.get(concern=concern)
    assert message.author_kind == MessageAuthor.SUBMITTER and not message.is_public


def test_a_wrong_code_gets_the_same_neutral_answer_as_a_malformed_one(town, submitted):
    _concern, code = submitted
    wrong = "ABCD-EFGH-JKMN"
    one_off = code[:-1] + ("2" if code[-1] != "2" else "3")
    answers = [Client().get(_track(town, value)) for value in (wrong, "x", one_off)]
    assert {r.status_code for r in answers} == {404}
    texts = {_main(r.text) for r in answers}
    assert len(texts) == 1
    assert "Zu diesem Code können wir nichts anzeigen." in answers[0].text


def test_a_tracking_link_of_town_a_does_not_open_in_town_b(town, other_town, submitted):
    _concern, code = submitted
    assert Client().get(_track(town, code)).status_code == 200
    response = Client().get(_track(other_town, code))
    assert response.status_code == 404
    assert "Mehr Bänke" not in response.text


def test_guessing_codes_is_rate_limited(town, submitted):
    _concern, code = submitted
    client = Client()
    for i in range(30):
        client.get(_track(town, f"AAAA-BBBB-CC{i:02d}"), REMOTE_ADDR="192.0.2.9")
    blocked = client.get(_track(town, code), REMOTE_ADDR="192.0.2.9")
    assert blocked.status_code == 404
    assert "Mehr Bänke" not in blocked.text
    assert client.get(_track(town, code), REMOTE_ADDR="192.0.2.10").status_code == 200
