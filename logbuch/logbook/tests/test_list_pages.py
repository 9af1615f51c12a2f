"""The measures board and the town logbook: filters as Django forms, and with htmx a filter or
a page link reloads only the list (the template's `results` partial); without it, the page."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.asserts import assertInHTML

from logbuch.core.tests.html import links_swapped_into_the_list
from logbuch.logbook.models import MeasureStatus
from logbuch.logbook.tests.factories import JournalEntryFactory, MeasureFactory
from logbuch.logbook.tests.helpers import url
from logbuch.towns.models import Town

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["measure_board", "journal"])
def test_the_whole_page_loads_htmx_and_an_htmx_request_gets_the_list_only(
    town: Town, coordinator_client: Client, name: str
) -> None:
    MeasureFactory(town=town, title="Bank am Teich")
    JournalEntryFactory(town=town, title="Bank am Teich")
    page = coordinator_client.get(url(name, town))
    assert "<html" in page.text and "htmx.min.js" in page.text
    assert 'hx-get="' in page.text and 'id="liste"' in page.text
    assert 'id="treffer"' in page.text and "hx-swap-oob" not in page.text

    part = coordinator_client.get(url(name, town), headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and "<form" not in part.text
    assert part.text.lstrip().startswith('<div id="liste"')
    assert "Bank am Teich" in part.text
    assert links_swapped_into_the_list(part.text) == []
    # The count lives outside the list (a live region that stays), updated out of band.
    assert 'hx-swap-oob="innerHTML:#treffer"' in part.text
    assert "HX-Request" in part["Vary"]

    # The back button with no htmx snapshot asks for the whole page.
    restore = coordinator_client.get(
        url(name, town), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.text


def test_the_board_filters_are_djangos_selects_with_the_active_choice(
    town: Town, coordinator_client: Client
) -> None:
    MeasureFactory(town=town, title="Läuft", status=MeasureStatus.RUNNING)
    MeasureFactory(town=town, title="Geplant", status=MeasureStatus.PLANNED)
    html = coordinator_client.get(url("measure_board", town) + "?status=running").text
    assertInHTML(f'<option value="running" selected>{MeasureStatus.RUNNING.label}</option>', html)
    assertInHTML('<label class="kern-label" for="f-status">Status</label>', html)
    assert "Läuft" in html and "Geplant" not in html
    # An unknown value shows no error, only "alle".
    odd = coordinator_client.get(url("measure_board", town) + "?status=quatsch").text
    assert "Bitte prüfen Sie" not in odd


def test_page_links_keep_the_filters(town: Town, coordinator_client: Client) -> None:
    for i in range(27):
        MeasureFactory(town=town, title=f"M{i}", status=MeasureStatus.RUNNING)
    html = coordinator_client.get(url("measure_board", town) + "?status=running").text
    assert 'href="?status=running&amp;seite=2"' in html
