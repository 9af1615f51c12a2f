"""The council report and the Forderung in the browser (issue 12, items 3 and 4).

Musterstadt's closed round asked staff, council and volunteers; last year's round asked other
groups, so the trend must say it leaves that round out. Staff rate E01 high, volunteers low,
and most volunteers say "weiß nicht" on E02. The coordinator goes from the gap on E01 to a
Forderung (first without addressee: the form keeps the text), then reads the report on a phone
(320 px) and a desktop (1280 px): participation, "unklar – erst informieren", "Was wir von Land
und Bund brauchen" with the Forderung, and the appendix.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.logbook.models import Demand, ParticipationStatus
from logbuch.logbook.tests.factories import ParticipationFactory
from logbuch.logbook.tests.results_data import add_answers, levers_of, open_round
from logbuch.towns.models import Town, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]


@pytest.fixture
def round_pk(musterstadt: Town) -> int:
    last_year = open_round(
        musterstadt,
        groups=["staff", "volunteer"],
        title="Check 2025",
        closed=True,
        starts_on=timezone.localdate() - datetime.timedelta(days=380),
    )
    round_ = open_round(
        musterstadt, groups=["staff", "council", "volunteer"], title="Check 2026", closed=True
    )
    for group, invited, answered in (("staff", 5, 4), ("council", 4, 3), ("volunteer", 9, 6)):
        for i in range(invited):
            done = i < answered
            ParticipationFactory(
                town=musterstadt,
                round=round_,
                group=group,
                status=ParticipationStatus.SUBMITTED if done else ParticipationStatus.INVITED,
                submitted_at=timezone.now() if done else None,
            )
    staff: list[int | None]
    council: list[int | None]
    volunteer: list[int | None]
    for lever in levers_of(musterstadt):
        add_answers(last_year, lever, "staff", [2, 2, 2])
        add_answers(last_year, lever, "volunteer", [2, 2, 2])
        if lever.code == "E01":
            staff, council, volunteer = [3, 3, 4, 3], [3, 3, 3], [0, 1, 0, 1, 0, 1]
        elif lever.code == "E02":
            staff, council, volunteer = [1, None, 1, 1], [None, None, 1], [None] * 5 + [0]
        else:
            staff, council, volunteer = [3, 2, 3, 2], [2, 2, 3], [2, 3, 2, 2, 3, 2]
        comment = "Der Förderantrag hatte 34 Seiten." if lever.code == "E04" else ""
        add_answers(round_, lever, "staff", staff)
        add_answers(round_, lever, "council", council)
        add_answers(round_, lever, "volunteer", volunteer, comment=comment)
    return round_.pk


def test_coordinator_writes_a_demand_and_reads_the_report(
    make_page: Callable[..., Page], coordinator: User, round_pk: int
) -> None:
    desk = make_page()
    login(desk, coordinator.email)
    desk.goto(f"/musterstadt/logbuch/runden/{round_pk}/ergebnisse/")
    expect(
        desk.get_by_role("heading", name="Ermöglichung durch übergeordnete Ebenen")
    ).to_be_visible()
    desk.get_by_role("link", name=re.compile(r"^Forderung anlegen\W+E01 ")).click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Neue Forderung an Land oder Bund")

    text = "Land und Bund fördern Prozesse statt Projekte: eine feste Koordinierungsstelle."
    desk.get_by_label("Forderung", exact=True).fill(text)
    desk.get_by_role("button", name="Speichern").click()
    expect(desk.get_by_text("Bitte geben Sie an, an wen die Forderung geht").first).to_be_visible()
    expect(desk.get_by_label("Forderung", exact=True)).to_have_value(text)
    axe_check(desk, "logbook-demand-form-error")
    screenshot(desk, "logbook-demand-form-error-1280")

    phone = make_page(**SMALLEST)
    login(phone, coordinator.email)
    phone.goto(desk.url)
    axe_check(phone, "logbook-demand-form-320")
    screenshot(phone, "logbook-demand-form-320")
    assert not has_horizontal_scroll(phone), "the Forderung form scrolls sideways at 320 px"

    desk.get_by_label("An wen").fill("Land Sachsen")
    desk.get_by_label("Abgeschickt am").fill(timezone.localdate().isoformat())
    desk.get_by_role("button", name="Speichern").click()
    expect(desk.get_by_text("Die Forderung wurde angelegt.")).to_be_visible()
    demand = Demand.objects.get()
    assert (demand.addressee, demand.round_id, demand.lever.code) == (
        "Land Sachsen",
        round_pk,
        "E01",
    )
    axe_check(desk, "logbook-demand-list")
    screenshot(desk, "logbook-demand-list-1280")

    report = f"/musterstadt/logbuch/runden/{round_pk}/bericht/"
    desk.goto(report)
    expect(desk.get_by_role("heading", name="Beteiligung")).to_be_visible()
    turnout = desk.locator("table.turnout")
    expect(turnout.get_by_role("row").filter(has_text="Hauptberufliche").first).to_contain_text(
        "80"
    )
    expect(desk.locator(".unclear-list")).to_contain_text("E02")
    land = desk.get_by_role("heading", name="Was wir von Land und Bund brauchen")
    expect(land).to_be_visible()
    expect(desk.locator("ul.demands")).to_contain_text("an Land Sachsen")
    expect(desk.locator(".trend-warning")).to_contain_text("Check 2025")
    expect(desk.get_by_text("„Der Förderantrag hatte 34 Seiten.“").first).to_be_visible()
    axe_check(desk, "logbook-report-1280")
    screenshot(desk, "logbook-report-1280")

    phone.goto(report)
    expect(phone.get_by_role("heading", name="Was wir von Land und Bund brauchen")).to_be_visible()
    axe_check(phone, "logbook-report-320")
    screenshot(phone, "logbook-report-320")
    assert not has_horizontal_scroll(phone), "the report scrolls sideways at 320 px"
