"""Everyone proposes, the coordinator enables: a Vorschlag from the results page to progress.

A closed round of Musterstadt shows a gap on "Gegenseitiges Verständnis". A volunteer proposes
a measure from that row of the results page on a 320 px phone, another volunteer supports and
comments on it, the coordinator accepts it and names a member of staff responsible, and that
person (no coordinator) marks progress on the measure's page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.logbook.models import Measure, MeasureStatus, Round, Support
from logbuch.logbook.tests.results_data import GAP_LEVER, levers_of, round_with_a_gap
from logbuch.towns.models import Role, Town, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]

TITLE = "Tandem-Abende von Verwaltung und Ehrenamt"


@pytest.fixture
def musterstadt(musterstadt: Town) -> Town:
    """Musterstadt after a closed round that shows a gap on GAP_LEVER."""
    round_with_a_gap(musterstadt)
    return musterstadt


def test_a_volunteers_proposal_is_supported_accepted_and_carried_on(  # noqa: PLR0915
    make_page: Callable[..., Page], musterstadt: Town, make_member: Callable[..., User]
) -> None:
    vera = make_member(
        musterstadt, Role.VOLUNTEER, name="Vera Ehrenamt", email="vera@musterstadt.example"
    )
    paul = make_member(
        musterstadt, Role.VOLUNTEER, name="Paul Ehrenamt", email="paul@musterstadt.example"
    )
    coordinator = make_member(
        musterstadt, Role.COORDINATOR, name="Katrin Vogel", email="koordination@musterstadt.example"
    )
    sam = make_member(musterstadt, Role.STAFF, name="Sam Rathaus", email="sam@musterstadt.example")
    round_pk = Round.objects.get(town=musterstadt).pk

    # A volunteer on a small phone proposes a measure from the gap row of the results page.
    phone = make_page(**SMALLEST)
    login(phone, vera.email)
    phone.goto(f"/musterstadt/logbuch/runden/{round_pk}/ergebnisse/")
    gaps = phone.locator("section", has=phone.get_by_role("heading", name="Wahrnehmungslücken"))
    gaps.get_by_role("link", name=re.compile(rf"^Maßnahme vorschlagen\W+\w+ {GAP_LEVER}$")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Maßnahme vorschlagen")
    expect(phone.get_by_label("Stellschraube")).to_have_value(
        str(next(lv.pk for lv in levers_of(musterstadt) if lv.title == GAP_LEVER))
    )
    phone.get_by_label("Titel").fill(TITLE)
    phone.get_by_label("Was soll passieren, und warum?").fill(
        "Einmal im Monat planen Verwaltung und Ehrenamt gemeinsam."
    )
    axe_check(phone, "logbook-proposal-form-320")
    screenshot(phone, "logbook-proposal-form-320")
    assert not has_horizontal_scroll(phone), "the proposal form scrolls sideways at 320 px"
    phone.get_by_role("button", name="Vorschlagen").click()
    expect(phone.get_by_text("Ihr Vorschlag steht jetzt zur Unterstützung bereit")).to_be_visible()
    proposal = Measure.objects.get(title=TITLE)
    assert (proposal.status, proposal.round_id) == (MeasureStatus.PROPOSED, round_pk)
    axe_check(phone, "logbook-proposal-detail-320")
    screenshot(phone, "logbook-proposal-detail-320")
    assert not has_horizontal_scroll(phone)

    # Another volunteer finds it in the list, supports it with one click and comments.
    desk = make_page()
    login(desk, paul.email)
    desk.goto("/musterstadt/logbuch/vorschlaege/")
    expect(desk.get_by_text("1 Unterstützung", exact=True)).to_be_visible()
    axe_check(desk, "logbook-proposal-list")
    screenshot(desk, "logbook-proposal-list")
    desk.get_by_role("link", name=TITLE).click()
    desk.get_by_role("button", name="Vorschlag unterstützen").click()
    expect(desk.get_by_text("Sie unterstützen diesen Vorschlag.").first).to_be_visible()
    desk.get_by_label("Ihr Kommentar").fill("Ich bringe den Beamer mit.")
    desk.get_by_role("button", name="Kommentar speichern").click()
    expect(desk.get_by_text("Ich bringe den Beamer mit.")).to_be_visible()
    assert Support.objects.filter(measure=proposal).count() == 2
    expect(desk.get_by_role("heading", name="Entscheiden")).to_have_count(0)
    axe_check(desk, "logbook-proposal-supported")
    screenshot(desk, "logbook-proposal-supported")

    # The coordinator accepts it and names a member of staff responsible.
    boss = make_page()
    login(boss, coordinator.email)
    boss.goto("/musterstadt/logbuch/vorschlaege/")
    boss.get_by_role("link", name=TITLE).click()
    boss.get_by_role("link", name="Annehmen").click()
    boss.get_by_label("Verantwortliche Person").select_option(str(sam.pk))
    boss.get_by_label("Fällig am").fill("2026-12-31")
    axe_check(boss, "logbook-proposal-accept")
    screenshot(boss, "logbook-proposal-accept")
    boss.get_by_role("button", name="Annehmen").click()
    expect(boss.get_by_text("Der Vorschlag ist angenommen")).to_be_visible()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.owner_user_id) == (MeasureStatus.PLANNED, sam.pk)

    # The responsible person, no coordinator, marks progress on a phone.
    staff = make_page(**SMALLEST)
    login(staff, sam.email)
    staff.goto(f"/musterstadt/logbuch/massnahmen/{proposal.pk}/")
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(staff.get_by_text("Vera Ehrenamt")).to_be_visible()
    staff.get_by_label("Neuer Status").select_option("running")
    staff.get_by_role("button", name="Status speichern").click()
    expect(staff.get_by_text("Neuer Status: läuft.")).to_be_visible()
    staff.get_by_label("Was ist passiert?").fill("Erster Tandem-Abend mit 14 Leuten.")
    staff.get_by_role("button", name="Notiz speichern").click()
    expect(staff.get_by_text("Erster Tandem-Abend mit 14 Leuten.")).to_be_visible()
    axe_check(staff, "logbook-measure-progress-320")
    screenshot(staff, "logbook-measure-progress-320")
    assert not has_horizontal_scroll(staff)
    proposal.refresh_from_db()
    assert proposal.status == MeasureStatus.RUNNING

    # Vera sees the outcome on her phone.
    phone.goto(f"/musterstadt/logbuch/vorschlaege/{proposal.pk}/")
    expect(phone.get_by_text("Der Vorschlag ist jetzt eine Maßnahme des Ortes.")).to_be_visible()
