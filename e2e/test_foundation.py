"""The foundation as a new user meets it: town list, login, dashboard, language switch, 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import (
    ARTIFACTS,
    SMALLEST,
    assert_page_clean,
    axe_check,
    has_horizontal_scroll,
    html_lang,
    login,
    problems_of,
    screenshot,
)
from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COORDINATOR_EMAIL = "koordination@musterstadt.example"


@pytest.fixture
def musterstadt() -> Town:
    return TownFactory(name="Musterstadt", slug="musterstadt", population=12400)


@pytest.fixture
def coordinator_of_musterstadt(musterstadt: Town) -> User:
    user = UserFactory(name="Katrin Vogel", email=COORDINATOR_EMAIL)
    MembershipFactory(town=musterstadt, user=user, role=Role.COORDINATOR)
    for role in (Role.STAFF, Role.VOLUNTEER, Role.VOLUNTEER, Role.COUNCIL, Role.BUSINESS):
        MembershipFactory(town=musterstadt, role=role)
    return user


def test_town_list_fits_the_smallest_phone(
    make_page: Callable[..., Page], musterstadt: Town
) -> None:
    TownFactory(name="Beispieldorf", slug="beispieldorf", bundesland="TH", population=2100)
    page = make_page(**SMALLEST)
    page.goto("/")
    expect(page.get_by_role("link", name="Musterstadt")).to_be_visible()
    expect(page.get_by_role("link", name="Beispieldorf")).to_be_visible()
    assert not has_horizontal_scroll(page), "the town list scrolls sideways at 320 px"
    axe_check(page, "town-list-320")
    screenshot(page, "town-list-320")


def test_kern_css_and_font_are_served(page: Page, musterstadt: Town) -> None:
    page.goto("/")
    rule_counts = page.evaluate(
        "() => [...document.styleSheets].filter(s => s.href && s.href.includes('kern.min'))"
        ".map(s => s.cssRules.length)"
    )
    assert len(rule_counts) == 1, "KERN stylesheet not loaded"
    assert rule_counts[0] > 100, rule_counts
    assert page.evaluate("() => document.fonts.check('16px \"Fira Sans\"')")


def test_coordinator_logs_in_and_sees_the_dashboard(
    page: Page, coordinator_of_musterstadt: User, live_url: Callable[..., str]
) -> None:
    page.goto("/konto/anmelden/")
    axe_check(page, "login")
    screenshot(page, "login")

    login(page, COORDINATOR_EMAIL)
    page.goto(live_url("towns:home", town_slug="musterstadt"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Musterstadt")
    expect(page.get_by_text("Willkommen, Katrin")).to_be_visible()
    expect(page.get_by_role("row", name="Ehrenamtliche 2")).to_be_visible()
    axe_check(page, "dashboard")
    screenshot(page, "dashboard")
    page.screenshot(path=str(ARTIFACTS / "dashboard-viewport.png"))  # docs/screenshot-dashboard.png


def test_dashboard_works_on_a_phone(
    mobile_page: Page, coordinator_of_musterstadt: User, live_url: Callable[..., str]
) -> None:
    login(mobile_page, COORDINATOR_EMAIL)
    mobile_page.goto(live_url("towns:home", town_slug="musterstadt"))
    expect(mobile_page.get_by_role("row", name="Ehrenamtliche 2")).to_be_visible()
    assert not has_horizontal_scroll(mobile_page), "the dashboard scrolls sideways at 360 px"
    axe_check(mobile_page, "dashboard-360")
    screenshot(mobile_page, "dashboard-360")


def test_language_switch_to_english_and_back(
    page: Page, coordinator_of_musterstadt: User, live_url: Callable[..., str]
) -> None:
    login(page, COORDINATOR_EMAIL)
    dashboard = live_url("towns:home", town_slug="musterstadt")
    page.goto(dashboard)
    assert html_lang(page) == "de"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url == dashboard, "the switch returns to the same page"
    assert html_lang(page) == "en"
    expect(page.get_by_role("button", name="Deutsch")).to_be_visible()
    expect(page.get_by_text("Welcome, Katrin")).to_be_visible()  # compiled by `make messages`
    axe_check(page, "dashboard-en")
    screenshot(page, "dashboard-en")

    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.url == dashboard
    assert html_lang(page) == "de"
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_text("Willkommen, Katrin")).to_be_visible()


def test_unknown_town_answers_a_german_404_with_a_way_back(page: Page, musterstadt: Town) -> None:
    response = page.goto("/gibt-es-nicht/")
    assert response is not None
    assert response.status == 404
    assert html_lang(page) == "de"
    back = page.get_by_role("link", name="Zur Liste aller Orte")
    expect(back).to_be_visible()
    axe_check(page, "town-not-found")
    screenshot(page, "town-not-found")
    back.click()
    expect(page.get_by_role("link", name="Musterstadt")).to_be_visible()


def test_harness_reports_a_csp_violation(page: Page, musterstadt: Town) -> None:
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    with pytest.raises(AssertionError, match="Content Security Policy"):
        assert_page_clean(page)
    problems_of(page).clear()


def test_harness_reports_a_serious_axe_violation(page: Page, musterstadt: Town) -> None:
    page.goto("/")
    page.evaluate(
        "() => document.querySelector('main').appendChild(document.createElement('button'))"
    )
    with pytest.raises(pytest.fail.Exception, match="button-name"):
        axe_check(page, "harness-self-test")
