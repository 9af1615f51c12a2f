"""Accessibility statement, feedback form, privacy notice and imprint in a real browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, screenshot
from logbuch.logbook.tests.factories import ensure_catalogue
from logbuch.towns.models import Role, Town
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def musterstadt() -> Town:
    town = TownFactory(
        name="Musterstadt",
        slug="musterstadt",
        address="Marktplatz 1\n01234 Musterstadt",
        contact_name="Petra Beispiel",
        contact_email="rathaus@musterstadt.example",
    )
    admin = UserFactory(name="Olaf Ortsverwaltung", email="verwaltung@musterstadt.example")
    MembershipFactory(town=town, user=admin, role=Role.TOWN_ADMIN)
    return town


def test_skip_link_is_first_and_visible_on_focus(page: Page, musterstadt: Town) -> None:
    page.goto("/musterstadt/begriffe/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_url("**#inhalt", timeout=5000)
    assert page.url.endswith("#inhalt")


def test_feedback_from_a_phone_reaches_the_town_admin(
    make_page: Callable[..., Page], musterstadt: Town
) -> None:
    page = make_page(**SMALLEST)
    page.goto("/musterstadt/begriffe/")
    page.get_by_role("link", name="Barrierefreiheit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
    expect(page.get_by_label("Betroffene Seite")).to_have_value("/musterstadt/begriffe/")
    assert not has_horizontal_scroll(page), "the statement scrolls sideways at 320 px"
    axe_check(page, "accessibility-statement-320")
    screenshot(page, "accessibility-statement-320")

    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    axe_check(page, "accessibility-feedback-error")
    screenshot(page, "accessibility-feedback-error-320")

    page.get_by_label("Ihre Rückmeldung").fill("Die Tabelle ist auf dem Handy schwer lesbar.")
    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page.get_by_role("status").first).to_contain_text("Ihre Rückmeldung wurde gesendet")
    assert [m.to for m in mail.outbox] == [["verwaltung@musterstadt.example"]]


@pytest.mark.parametrize("path", ["/musterstadt/datenschutz/", "/musterstadt/impressum/"])
def test_privacy_and_imprint_are_accessible_on_a_phone(
    make_page: Callable[..., Page], musterstadt: Town, path: str
) -> None:
    page = make_page(**SMALLEST)
    page.goto(path)
    expect(page.locator("main")).to_contain_text("Marktplatz 1")
    assert not has_horizontal_scroll(page), f"{path} scrolls sideways at 320 px"
    axe_check(page, path)
    screenshot(page, "legal" + path.replace("/", "-").rstrip("-") + "-320")


def test_the_page_about_the_guide_is_reached_from_the_footer_on_a_phone(
    make_page: Callable[..., Page], musterstadt: Town
) -> None:
    ensure_catalogue()  # a transaction test starts from a flushed database
    page = make_page(**SMALLEST)
    page.goto("/musterstadt/begriffe/")
    page.locator("footer").get_by_role("link", name="Über den Leitfaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Über den Leitfaden")
    expect(page.locator("main")).to_contain_text("Stadtverein Weißwasser e.V.")
    expect(
        page.get_by_role("heading", name="Lokal beeinflussbare Faktoren", exact=False)
    ).to_be_visible()
    assert not has_horizontal_scroll(page), "the page about the guide scrolls sideways at 320 px"
    axe_check(page, "guide-320")
    screenshot(page, "guide-320")
