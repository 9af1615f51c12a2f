"""The page about the guide: who wrote it, its four recommendations and its heading, public; the
check's name in English."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from logbuch.logbook.models import Recommendation
from logbuch.towns.models import Town

pytestmark = pytest.mark.django_db

HEADING = "Lokal beeinflussbare Faktoren – Stellschrauben, die vor Ort justiert werden können"


def _urls(town: Town) -> list[str]:
    return [reverse("guide"), reverse("logbook:guide", kwargs={"town_slug": town.slug})]


@pytest.mark.parametrize("in_town", [True, False])
def test_anyone_reads_who_wrote_the_guide(client: Client, town: Town, in_town: bool) -> None:
    url = _urls(town)[0 if not in_town else 1]
    response = client.get(url)
    assert response.status_code == 200
    text = response.text
    for credit in (
        "„Logbuch Kleinstadt gestalten“ aus Weißwasser (2019)",
        "Stadtverein Weißwasser e.V.",
        "Stadtverwaltung Weißwasser",
        "„Kleinstadt_gestalten“",
        "Logbuch Kleinstadt gestalten (Weißwasser 2019)",
    ):
        assert credit in text
    assert f'<h2 class="kern-heading-medium" id="stellschrauben">{HEADING}</h2>' in text


def test_the_page_shows_the_four_recommendations_word_for_word(client: Client) -> None:
    text = client.get(reverse("guide")).text
    recommendations = list(Recommendation.objects.order_by("position"))
    assert len(recommendations) == 4
    for rec in recommendations:
        assert rec.title in text
        assert rec.text in text  # the guide's quotation marks are not escaped
    assert "Ein Begriff je Sache" in text
    assert "Einfache Sprache" not in text
    assert "(vgl. Kap. 4)" not in text
    assert "Ermöglichung durch übergeordnete Ebenen" in text
    assert "Werden noch immer Projekte, oder inzwischen Prozesse gefördert?" in text


def test_a_towns_own_stellschraube_is_not_part_of_the_guide(client: Client, town: Town) -> None:
    from logbuch.logbook.tests.factories import LeverFactory  # noqa: PLC0415

    own = LeverFactory(town=town, question="Gibt es genug Bänke am Markt?")
    text = client.get(reverse("logbook:guide", kwargs={"town_slug": town.slug})).text
    assert own.question not in text


def test_the_page_reads_the_catalogue_in_a_fixed_number_of_queries(
    client: Client, settings, django_assert_max_num_queries
) -> None:
    settings.VISITOR_PAGE_SECONDS = 0  # measure the view, not the page cache
    client.get(reverse("guide"))  # warm what the layout caches
    with django_assert_max_num_queries(4):
        assert client.get(reverse("guide")).status_code == 200


def test_the_logbook_start_page_and_the_footer_link_to_it(
    client: Client, volunteer_client: Client, town: Town
) -> None:
    town_guide = reverse("logbook:guide", kwargs={"town_slug": town.slug})
    start = volunteer_client.get(reverse("logbook:index", kwargs={"town_slug": town.slug}))
    assert f'href="{town_guide}"' in start.text
    assert "„Logbuch Kleinstadt gestalten“ (Weißwasser 2019)" in start.text
    footer = client.get(reverse("towns:home", kwargs={"town_slug": town.slug})).text
    footer = footer.split('<footer class="site-footer">', 1)[1]
    assert f'href="{town_guide}"' in footer
    home_footer = client.get(reverse("home")).text.split('<footer class="site-footer">', 1)[1]
    assert f'href="{reverse("guide")}"' in home_footer


def test_the_english_name_of_the_check_is_plain_english(volunteer_client: Client, town) -> None:
    volunteer_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    text = volunteer_client.get(reverse("logbook:index", kwargs={"town_slug": town.slug})).text
    assert '<html lang="en"' in text
    title = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert title is not None
    assert title[1].strip() == "Co-creation check"
    assert "Adjusting" not in text
    po = (django_settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    assert "djusting-screw" not in po
    assert "About the guide" in volunteer_client.get(_urls(town)[1]).text
