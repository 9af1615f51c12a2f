"""The Stellschrauben-Check's busiest pages on the smallest phone (320 px): the answer page, the
results and the measure board with the guide's three parts. Axe clean, nothing scrolls sideways,
and a screenshot of each (test-artifacts/after-*-320.png) for a person to look at."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.logbook.tests.factories import DemandFactory, MeasureFactory
from logbuch.logbook.tests.results_data import add_answers, levers_of, open_round
from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]


@pytest.fixture
def coordinator(musterstadt: Town, coordinator: User) -> User:
    """Katrin Vogel also works for the town, so she answers the Check herself."""
    MembershipFactory(town=musterstadt, user=coordinator, role=Role.STAFF)
    return coordinator


def check(page: Page, name: str) -> None:
    axe_check(page, name)
    assert not has_horizontal_scroll(page), name
    screenshot(page, name)


def test_answer_results_and_board_fit_the_smallest_phone(
    make_page: Callable[..., Page], musterstadt: Town, coordinator: User
) -> None:
    levers = levers_of(musterstadt)
    closed = open_round(musterstadt, title="Check 2025", closed=True)
    for i, lever in enumerate(levers):
        add_answers(closed, lever, "staff", [4, 3, 3] if i % 3 else [1, 2, 1])
        add_answers(closed, lever, "volunteer", [1, 2, None] if i % 3 else [3, 3, 4])
    current = open_round(musterstadt, groups=["staff"], title="Zwischenstand 2026")
    local = [lv for lv in levers if not lv.is_higher_level]
    MeasureFactory(town=musterstadt, title="Organigramm veröffentlichen", lever=local[0])
    MeasureFactory(town=musterstadt, title="Konsenspapier im Stadtrat", lever=local[-1])
    DemandFactory(
        town=musterstadt,
        lever=next(lv for lv in levers if lv.is_higher_level),
        addressee="Sächsisches Staatsministerium für Regionalentwicklung",
    )

    phone = make_page(**SMALLEST)
    login(phone, coordinator.email)

    phone.goto("/musterstadt/logbuch/")
    phone.get_by_role("button", name="Jetzt einschätzen").first.click()
    phone.wait_for_url(f"**/runden/{current.pk}/einschaetzen/1/")
    expect(phone.get_by_text("Teil 1 von 3")).to_be_visible()
    check(phone, "after-answer-320")

    phone.goto(f"/musterstadt/logbuch/runden/{closed.pk}/ergebnisse/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Check 2025")
    check(phone, "after-results-320")

    phone.goto("/musterstadt/logbuch/massnahmen/")
    higher = phone.locator("section.board-part").last
    expect(higher.get_by_role("link", name="Forderungen an Land und Bund")).to_be_visible()
    expect(higher).to_contain_text("Sächsisches Staatsministerium")
    check(phone, "after-board-320")
