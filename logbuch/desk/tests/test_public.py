"""„Ihr habt gesagt – wir haben getan“: only public resolved concerns, no personal data."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from logbuch.desk.models import ConcernCategory, ConcernStatus
from logbuch.desk.selectors import public_figures
from logbuch.desk.services import concerns as services

from .factories import ConcernFactory, ConcernMessageFactory

pytestmark = pytest.mark.django_db


def _url(town):
    return reverse("desk:said_done", kwargs={"town_slug": town.slug})


def _resolved(town, **kw):
    now = timezone.now()
    defaults = dict(
        status=ConcernStatus.DONE,
        created_at=now - datetime.timedelta(days=10),
        first_answer_at=now - datetime.timedelta(days=8),
        resolved_at=now - datetime.timedelta(days=1),
        is_public=True,
        public_title="Laterne am Spielplatz brennt wieder",
    )
    return ConcernFactory(town=town, **{**defaults, **kw})


def test_shows_public_resolved_concerns_without_personal_data(town, coordinator):
    shown = _resolved(town, name="Karl Geheim", email="karl.geheim@example.org", phone="0351 999")
    ConcernMessageFactory(town=town, concern=shown, text="Neue Leuchte ist drin.", is_public=True)
    ConcernMessageFactory(town=town, concern=shown, text="Interne Rückfrage", is_public=False)
    _resolved(town, is_public=False, public_title="", text="Nicht öffentlich")
    ConcernFactory(town=town, is_public=False, text="Noch offen")
    page = Client().get(_url(town)).text
    assert "Laterne am Spielplatz brennt wieder" in page
    assert "Neue Leuchte ist drin." in page
    for private in ("Karl Geheim", "karl.geheim@", "0351 999", "Interne Rückfrage",
                    shown.text, "Nicht öffentlich", "Noch offen"):  # fmt: skip
        assert private not in page


def test_each_card_names_kind_topic_and_state_as_django_displays_them(town):
    concern = _resolved(town, category=ConcernCategory.GREEN)
    page = Client().get(_url(town)).text
    labels = (
        concern.get_kind_display(),
        concern.get_category_display(),
        concern.get_status_display(),
    )
    assert (concern.kind_label, concern.category_label, concern.status_label) == labels
    assert " · ".join(labels) in page


def test_filter_by_category(town):
    _resolved(town, category=ConcernCategory.GREEN, public_title="Bänke am Teich")
    _resolved(town, category=ConcernCategory.TRAFFIC, public_title="Zebrastreifen an der Schule")
    page = Client().get(_url(town) + "?thema=green").text
    assert "Bänke am Teich" in page and "Zebrastreifen" not in page


def test_figures_medians_and_open_by_age(town, coordinator):
    now = timezone.now()
    for answer_days, resolve_days in ((1, 3), (2, 5), (6, 9)):
        ConcernFactory(
            town=town,
            status=ConcernStatus.DONE,
            created_at=now - datetime.timedelta(days=20),
            first_answer_at=now - datetime.timedelta(days=20 - answer_days),
            resolved_at=now - datetime.timedelta(days=20 - resolve_days),
        )
    ConcernFactory(town=town, created_at=now - datetime.timedelta(days=2))
    ConcernFactory(town=town, created_at=now - datetime.timedelta(days=40))
    ConcernFactory(town=town, created_at=now - datetime.timedelta(days=200))
    figures = public_figures(town)
    assert figures.median_days_to_answer == 2.0
    assert figures.median_days_to_resolution == 5.0
    assert [n for _label, n in figures.open_by_age] == [1, 0, 1, 1]


def test_publishing_needs_a_title_without_personal_data(town, coordinator, client_for):
    concern = _resolved(town, is_public=False, public_title="")
    url = reverse("desk:concern_publish", kwargs={"town_slug": town.slug, "pk": concern.pk})
    response = client_for(coordinator).post(url, {"is_public": "on", "public_title": ""})
    assert response.status_code == 400
    services.concern_publish(
        concern=concern, public_title="Bank repariert", public=True, actor=coordinator
    )
    assert "Bank repariert" in Client().get(_url(town)).text


def test_public_page_query_count_is_constant(town, django_assert_max_num_queries):
    client = Client()
    _resolved(town)
    with django_assert_max_num_queries(10) as one:
        client.get(_url(town))
    for _ in range(12):
        concern = _resolved(town)
        ConcernMessageFactory(town=town, concern=concern, is_public=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(_url(town))
    assert len(response.context["page"].object_list) == 13
