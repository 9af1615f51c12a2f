"""Stellschrauben-Check results in the browser: the gap, a measure, the council report as PDF.

A closed round of Musterstadt with 3 staff and 3 volunteer answers on every Stellschraube (built
in the database; the answering itself is covered by test_logbook_answering.py): staff rate
"Gegenseitiges Verständnis" high, volunteers low. The coordinator sees the gap on a phone and on
a desktop, creates a measure from that Stellschraube and downloads the PDF report.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.browser import MOBILE, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.logbook.models import Measure
from logbuch.logbook.tests.results_data import GAP_LEVER, levers_of, round_with_a_gap
from logbuch.towns.models import Town, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]


@pytest.fixture
def round_with_answers(musterstadt: Town) -> int:
    return round_with_a_gap(musterstadt).pk


def test_coordinator_sees_the_gap_creates_a_measure_and_downloads_the_report(  # noqa: PLR0915
    make_page: Callable[..., Page],
    coordinator: User,
    round_with_answers: int,
) -> None:
    results = f"/musterstadt/logbuch/runden/{round_with_answers}/ergebnisse/"

    phone = make_page(**MOBILE)
    login(phone, coordinator.email)
    phone.goto(results)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Ergebnisse: Check 2026")
    gaps = phone.locator("section", has=phone.get_by_role("heading", name="Wahrnehmungslücken"))
    first_gap = gaps.get_by_role("row").nth(1)
    expect(first_gap).to_contain_text(GAP_LEVER)
    expect(first_gap).to_contain_text("Profis sehen es besser")
    axe_check(phone, "logbook-results-360")
    screenshot(phone, "logbook-results-360")
    assert not has_horizontal_scroll(phone), "the results page scrolls sideways at 360 px"

    desk = make_page()
    login(desk, coordinator.email)
    desk.goto(results)
    expect(desk.locator("svg.radar__svg").first).to_be_visible()
    axe_check(desk, "logbook-results-desktop")
    screenshot(desk, "logbook-results-desktop")

    # Drill down into the Stellschraube with the largest gap, then act on it.
    desk.get_by_role("link", name=re.compile(rf"^\w+ {GAP_LEVER}$")).click()
    expect(desk.get_by_role("heading", name="Verteilung nach Gruppen")).to_be_visible()
    axe_check(desk, "logbook-results-lever")
    screenshot(desk, "logbook-results-lever")
    desk.get_by_role("link", name="Maßnahme anlegen").click()
    desk.get_by_label("Titel").fill("Tandems aus Verwaltung und Ehrenamt")
    desk.get_by_label("Ziel").fill("Einmal im Monat gemeinsam planen")
    desk.get_by_label("oder verantwortliche Rolle").select_option("staff")
    desk.get_by_label("Fällig am").fill("2026-12-31")
    axe_check(desk, "logbook-measure-form")
    desk.get_by_role("button", name="Speichern").click()
    expect(desk.get_by_text("Die Maßnahme wurde angelegt.")).to_be_visible()
    measure = Measure.objects.get()
    assert measure.lever.title == GAP_LEVER
    assert measure.round_id == round_with_answers
    desk.get_by_label("Was ist passiert?").fill("Erstes Tandem-Treffen im Rathaus.")
    desk.get_by_role("button", name="Fortschrittsnotiz speichern").click()
    expect(desk.get_by_text("Erstes Tandem-Treffen im Rathaus.")).to_be_visible()
    axe_check(desk, "logbook-measure-detail")
    screenshot(desk, "logbook-measure-detail")

    desk.goto("/musterstadt/logbuch/massnahmen/")
    expect(desk.get_by_role("link", name="Tandems aus Verwaltung und Ehrenamt")).to_be_visible()
    axe_check(desk, "logbook-measure-board")
    screenshot(desk, "logbook-measure-board")
    # A filter reloads only the list (htmx); the address follows, the page stays.
    desk.evaluate("window.stillHere = true")
    desk.get_by_label("Status", exact=True).select_option("dropped")
    expect(desk).to_have_url(re.compile(r"status=dropped"))
    expect(desk.get_by_text("Keine Maßnahmen gefunden.")).to_be_visible()
    expect(desk.get_by_role("status").filter(has_text="0 Maßnahmen")).to_be_attached()
    assert desk.evaluate("window.stillHere === true")
    phone.goto("/musterstadt/logbuch/massnahmen/")
    axe_check(phone, "logbook-measure-board-360")
    screenshot(phone, "logbook-measure-board-360")

    # The council report: HTML print view, then the PDF download.
    desk.goto(f"/musterstadt/logbuch/runden/{round_with_answers}/bericht/")
    expect(desk.get_by_role("heading", name="Wahrnehmungslücken")).to_be_visible()
    axe_check(desk, "logbook-report")
    screenshot(desk, "logbook-report")
    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="Als PDF herunterladen").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for heading in (
        "Bericht für den Stadtrat",
        "Zusammenfassung",
        "Stärken",
        "Größte Lücken",
        "Wahrnehmungslücken",
        "Maßnahmen",
        "Entwicklung",
    ):
        assert heading in text, heading
    assert "Tandems aus Verwaltung und Ehrenamt" in text
    assert GAP_LEVER in text


def test_the_town_logbook_is_readable_on_a_phone(
    make_page: Callable[..., Page], coordinator: User, musterstadt: Town
) -> None:
    phone = make_page(**MOBILE)
    login(phone, coordinator.email)
    phone.goto("/musterstadt/logbuch/eintraege/neu/")
    phone.get_by_label("Datum", exact=True).fill("2026-03-12")
    phone.get_by_label("Art", exact=True).select_option("decision")
    phone.get_by_label("Titel", exact=True).fill("Ratsbeschluss: ko-kreative Kleinstadt")
    phone.get_by_label("Text").fill("Der Stadtrat hat einstimmig beschlossen.")
    phone.get_by_label(
        f"{levers_of(musterstadt)[0].code} {levers_of(musterstadt)[0].title}"
    ).check()
    axe_check(phone, "logbook-journal-form-360")
    phone.get_by_role("button", name="Speichern").click()
    expect(
        phone.get_by_role("heading", name="Ratsbeschluss: ko-kreative Kleinstadt")
    ).to_be_visible()
    axe_check(phone, "logbook-journal-360")
    screenshot(phone, "logbook-journal-360")
    assert not has_horizontal_scroll(phone)
