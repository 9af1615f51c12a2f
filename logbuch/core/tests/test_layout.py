"""The base layout: skip link, landmarks, language switch without JavaScript, town switcher."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db


class Landmarks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def _parse(html: str) -> Landmarks:
    parser = Landmarks()
    parser.feed(html)
    return parser


def _pages(town):
    return [
        reverse("home"),
        reverse("accessibility"),
        reverse("towns:home", kwargs={"town_slug": town.slug}),
        reverse("towns:glossary", kwargs={"town_slug": town.slug}),
        reverse("accounts:login"),
        "/gibt-es-nicht/",
    ]


def test_every_page_has_skip_link_landmarks_and_language(client, town):
    for url in _pages(town):
        page = _parse(client.get(url).text)
        assert page.all("html")[0]["lang"] == "de", url
        assert len(page.all("main")) == 1, url
        main_id = page.all("main")[0]["id"]
        first_link = page.all("a")[0]
        assert first_link["href"] == f"#{main_id}", f"{url}: skip link must come first"
        assert "skip-link" in (first_link["class"] or ""), url
        assert len(page.all("header")) == 1, url
        assert len(page.all("footer")) == 1, url
        navs = page.all("nav")
        assert navs, url
        assert all(n.get("aria-label") for n in navs), f"{url}: every nav needs a name"
        assert any(
            m.get("name") == "viewport" and "width=device-width" in (m.get("content") or "")
            for m in page.all("meta")
        ), url


def test_town_pages_have_a_main_navigation(client, town):
    page = _parse(client.get(reverse("towns:home", kwargs={"town_slug": town.slug})).text)
    labels = [n.get("aria-label") for n in page.all("nav")]
    assert "Hauptnavigation" in labels


def test_page_titles_name_the_page_and_town(client, town):
    text = client.get(reverse("towns:glossary", kwargs={"town_slug": town.slug})).text
    found = re.search(r"<title>(.*?)</title>", text, re.S)
    assert found is not None
    title = found[1]
    assert "Musterstadt" in title
    assert "Logbuch" in title


def test_language_switch_works_without_javascript(client, town):
    url = reverse("towns:home", kwargs={"town_slug": town.slug})
    page = _parse(client.get(url).text)
    forms = [f for f in page.all("form") if f.get("action") == reverse("set_language")]
    assert forms and forms[0]["method"] == "get"
    response = client.get(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["httponly"]
    english = client.get(url).text
    assert '<html lang="en"' in english
    assert "Skip to content" in english
    assert "Accessibility" in english
    client.get(reverse("set_language"), {"language": "de", "next": url})
    german = client.get(url).text
    assert '<html lang="de"' in german
    assert "Zum Inhalt springen" in german


def test_error_pages_are_translated(client, town):
    client.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert "This town does not exist here" in client.get("/gibt-es-nicht/").text


def test_language_switch_ignores_foreign_next(client):
    response = client.get(
        reverse("set_language"), {"language": "en", "next": "https://boese.example/"}
    )
    assert response.status_code == 302
    assert "boese.example" not in response["Location"]


def test_town_switcher_lists_only_my_towns(client_for, town, other_town, make_member):
    from logbuch.towns.tests.factories import TownFactory  # noqa: PLC0415

    TownFactory(name="Fremdhausen", slug="fremdhausen")
    user = make_member(town, Role.VOLUNTEER)
    make_member(other_town, Role.VOLUNTEER, email="zweite@example.org")
    from logbuch.towns.tests.factories import MembershipFactory  # noqa: PLC0415

    MembershipFactory(town=other_town, user=user)
    client = client_for(user)
    text = client.get(reverse("towns:home", kwargs={"town_slug": town.slug})).text
    assert 'id="town-switch"' in text
    assert 'value="beispieldorf"' in text
    assert 'value="fremdhausen"' not in text
    assert 'for="town-switch"' in text  # labelled for screen readers
    response = client.get(reverse("switch_town"), {"ort": "beispieldorf"})
    assert response["Location"] == reverse("towns:home", kwargs={"town_slug": "beispieldorf"})
    response = client.get(reverse("switch_town"), {"ort": "fremdhausen"})
    assert response["Location"] == reverse("home")


def test_town_switcher_hidden_with_one_town(client_for, town, make_member):
    client = client_for(make_member(town, Role.VOLUNTEER))
    text = client.get(reverse("towns:home", kwargs={"town_slug": town.slug})).text
    assert 'id="town-switch"' not in text


# --- CSS: visible focus, contrast, small screens -------------------------------------------

CSS = Path(settings.BASE_DIR, "logbuch/core/static/core/logbuch.css").read_text(encoding="utf-8")


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_focus_is_always_visible():
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid", CSS)
    assert re.search(r"\.skip-link:focus\s*{[^}]*left:", CSS)
    assert "outline: none" not in CSS
    assert "outline:none" not in CSS


def test_text_colours_meet_aa_contrast_on_our_backgrounds():
    """Every text colour in logbuch.css reaches 4.5:1 on its rule's own background, or, for a
    rule without one, on white and on the light grey bands."""
    page_backgrounds = ["#ffffff", "#f3f5f8"]
    checked = []
    for body in re.findall(r"{([^{}]*)}", CSS):
        colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", body)
        own = re.findall(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", body)
        checked += [(c, bg) for c in colours for bg in (own or page_backgrounds)]
    assert checked
    weak = [(c, bg, round(_contrast(c, bg), 2)) for c, bg in checked if _contrast(c, bg) < 4.5]
    assert not weak, weak


def test_layout_has_no_fixed_widths_that_break_320px():
    widths = [int(w) for w in re.findall(r"(?<![-\w])(?:min-)?width:\s*(\d+)px", CSS)]
    assert all(w <= 320 for w in widths), widths
