"""The Anlaufstelle's lists (concerns, Biete/Suche, contact persons, "wir haben getan") use the
shared filter bar: with htmx a filter or a page link reloads only the list (the template's
`results` partial); without it, the whole page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from logbuch.core.tests.html import links_swapped_into_the_list
from logbuch.desk.models import ConcernCategory, ConcernStatus

from .factories import BoardPostFactory, ConcernFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("concern_list", "?stand=offen&thema=traffic"),
    ("board", "?art=offer"),
    ("contacts", "?thema=ampel"),
    ("said_done", "?thema=traffic"),
]


def _setup(town, coordinator):
    ConcernFactory(town=town, category=ConcernCategory.TRAFFIC, text="Ampel kaputt")
    ConcernFactory(
        town=town,
        category=ConcernCategory.TRAFFIC,
        status=ConcernStatus.DONE,
        resolved_at=timezone.now(),
        is_public=True,
        public_title="Ampel repariert",
    )
    BoardPostFactory(town=town, title="Ampel-Lotsen gesucht")
    ContactPersonFactory(town=town, name="Frau Berger", topics="Ampel, Verkehr")


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_the_whole_page_loads_htmx_and_an_htmx_request_gets_the_list_only(
    town, coordinator, client_for, name, query
):
    _setup(town, coordinator)
    client = client_for(coordinator)
    url = reverse(f"desk:{name}", kwargs={"town_slug": town.slug}) + query
    page = client.get(url)
    assert "<html" in page.text and "htmx.min.js" in page.text
    assert 'hx-get="' in page.text and 'id="liste"' in page.text and "<form" in page.text
    assert 'id="treffer"' in page.text and "hx-swap-oob" not in page.text
    assert "Alle zeigen" in page.text

    part = client.get(url, headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and "<form" not in part.text
    assert part.text.lstrip().startswith('<div id="liste"')
    assert "Ampel" in part.text
    assert links_swapped_into_the_list(part.text) == []
    assert 'hx-swap-oob="innerHTML:#treffer"' in part.text
    assert "HX-Request" in part["Vary"]

    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_the_contact_search_is_a_filter_form_field_with_the_active_term(town):
    ContactPersonFactory(town=town, name="Frau Berger", topics="Vereine")
    url = reverse("desk:contacts", kwargs={"town_slug": town.slug})
    text = Client().get(url, {"thema": "verein"}).text
    assertInHTML('<label class="kern-label" for="f-thema">Thema</label>', text)
    assert 'value="verein"' in text and 'id="f-thema"' in text


def test_the_public_page_filters_by_topic_only(town):
    text = Client().get(reverse("desk:said_done", kwargs={"town_slug": town.slug})).text
    assert 'id="f-thema"' in text and 'id="f-stand"' not in text
