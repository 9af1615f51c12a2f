"""Stellschrauben-Check in the browser: a coordinator opens a round, six people answer on phones.

3 staff and 3 volunteers answer at 360 px width (five signed in, one volunteer with a printed
code and no account); staff rate recognition culture and mutual understanding high, volunteers
low. The results part of the flow lives in the results helper's own e2e file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from e2e.browser import MOBILE, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.logbook.models import Answer, Participation, Round
from logbuch.logbook.services.participation import round_codes_create
from logbuch.logbook.services.rounds import round_open
from logbuch.towns.models import Role, Town, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]

GAP_LEVERS = {"Gelebte Anerkennungskultur", "Gegenseitiges Verständnis"}


def _rating(value: int) -> re.Pattern[str]:
    """The accessible name of a scale option: "0 – <pole>", "1", …, "4 – <pole>"."""
    return re.compile(rf"^{value}( – .*)?$")


def _answer_all_steps(page: Page, *, usual: int, gap: int, shoot: str | None = None) -> None:
    """Rates every Stellschraube on the three area pages, then submits."""
    for step in (1, 2, 3):
        expect(page.get_by_text(f"Teil {step} von 3")).to_be_visible()
        sections = page.locator("section.lever-answer")
        for i in range(sections.count()):
            section = sections.nth(i)
            title = section.locator("h2").inner_text()
            value = gap if any(title.endswith(t) for t in GAP_LEVERS) else usual
            section.get_by_role("radio", name=_rating(value)).check()
        if shoot and step == 1:
            section = sections.nth(0)
            section.get_by_text("Kommentar hinzufügen").click()
            section.get_by_label("Kommentar").fill("Der Ratsbeschluss steht noch aus.")
            axe_check(page, f"{shoot}-step-1")
            screenshot(page, f"{shoot}-step-1")
            assert not has_horizontal_scroll(page)
        label = "Speichern und weiter" if step < 3 else "Speichern und zum Abgeben"
        page.get_by_role("button", name=label).click()
    expect(page.get_by_role("heading", name="Einschätzung abgeben")).to_be_visible()
    if shoot:
        axe_check(page, f"{shoot}-submit")
        screenshot(page, f"{shoot}-submit")
    page.get_by_role("button", name="Einschätzung abgeben").click()
    expect(page.get_by_role("heading", name="Vielen Dank!")).to_be_visible()
    if shoot:
        axe_check(page, f"{shoot}-thanks")
        screenshot(page, f"{shoot}-thanks")


def _open_round_and_print_a_code(desk: Page, town: Town, coordinator: User) -> tuple[Round, str]:
    # The coordinator opens the round on a desktop.
    login(desk, coordinator.email)
    desk.goto("/musterstadt/logbuch/")
    expect(desk.get_by_role("heading", name="Stellschrauben-Check", level=1)).to_be_visible()
    axe_check(desk, "logbook-index")
    screenshot(desk, "logbook-index")
    desk.get_by_role("link", name="Neue Runde eröffnen").first.click()
    today = timezone.localdate()
    desk.get_by_label("Titel").fill("Stellschrauben-Check 2026")
    desk.get_by_label("Beginn").fill(today.isoformat())
    desk.get_by_label("Ende").fill((today + datetime.timedelta(days=21)).isoformat())
    groups = desk.get_by_role("group", name="Beteiligte Gruppen")
    groups.get_by_label("Hauptberufliche").check()
    groups.get_by_label("Ehrenamtliche").check()
    axe_check(desk, "logbook-round-new")
    desk.get_by_role("button", name="Runde eröffnen").click()
    expect(desk.get_by_text("Die Runde ist eröffnet.")).to_be_visible()
    round_ = Round.objects.get(town=town)

    # One volunteer has no email address: the coordinator prints codes (at least 3 at a time,
    # so no single code stands for one person) and gives her one.
    desk.get_by_role("link", name="Codes ausdrucken").click()
    desk.get_by_label("Gruppe").select_option("volunteer")
    desk.get_by_label("Anzahl Codes").fill("3")
    desk.get_by_role("button", name="Codes erzeugen").click()
    code = desk.locator(".code-sheet__code").first.inner_text()
    axe_check(desk, "logbook-code-sheet")
    screenshot(desk, "logbook-code-sheet")

    return round_, code


def test_coordinator_opens_a_round_and_six_people_answer_on_phones(
    make_page: Callable[..., Page], musterstadt: Town, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(musterstadt, Role.COORDINATOR, name="Anna Koordinatorin")
    staff = [
        make_member(musterstadt, Role.STAFF, name=n)
        for n in ("Sabine Hofmann", "Thomas Krause", "Claudia Schulze")
    ]
    volunteers = [
        make_member(musterstadt, Role.VOLUNTEER, name=n) for n in ("Lena Fischer", "Jonas Weber")
    ]

    desk = make_page()
    round_, code = _open_round_and_print_a_code(desk, musterstadt, coordinator)

    # Five people answer on their phones, signed in.
    for number, (person, usual, gap) in enumerate(
        [(p, 3, 4) for p in staff] + [(p, 2, 0) for p in volunteers]
    ):
        phone = make_page(**MOBILE)
        login(phone, person.email)
        phone.goto("/musterstadt/logbuch/")
        phone.get_by_role("button", name="Jetzt einschätzen").first.click()
        _answer_all_steps(
            phone, usual=usual, gap=gap, shoot="logbook-answer-phone" if number == 0 else None
        )
        phone.context.close()

    # The sixth, with the printed code and no account.
    phone = make_page(**MOBILE)
    phone.goto("/musterstadt/logbuch/code/")
    axe_check(phone, "logbook-code-entry")
    phone.get_by_label("Ihr Code").fill(code.lower())
    phone.get_by_role("button", name="Weiter").click()
    _answer_all_steps(phone, usual=2, gap=0)

    # The same code a second time: the neutral message, nothing stored twice.
    phone.goto("/musterstadt/logbuch/code/")
    phone.get_by_label("Ihr Code").fill(code)
    phone.get_by_role("button", name="Weiter").click()
    expect(phone.locator("#id_code_error")).to_contain_text(
        "Dieser Link oder Code gilt nicht (mehr)."
    )

    assert Participation.objects.filter(round=round_, status="submitted").count() == 6
    assert Answer.objects.filter(round=round_).count() == 6 * 22
    assert (
        Answer.objects.filter(round=round_, group="staff", lever__code="S09", value=4).count() == 3
    )
    assert (
        Answer.objects.filter(round=round_, group="volunteer", lever__code="S09", value=0).count()
        == 3
    )
    assert Answer.objects.filter(round=round_).exclude(comment="").count() == 1

    desk.goto(f"/musterstadt/logbuch/runden/{round_.pk}/")
    progress = desk.get_by_role("table", name="Teilnahmen je Gruppe (ohne Namen)")
    expect(progress.get_by_role("row", name="Hauptberufliche 3")).to_be_visible()
    expect(progress.get_by_role("row", name="Ehrenamtliche 3")).to_be_visible()
    batches = desk.get_by_role("table", name="Code-Stapel dieser Runde")
    expect(batches.get_by_role("row", name="Ehrenamtliche 3 weniger als 3")).to_be_visible()
    axe_check(desk, "logbook-round-detail")
    screenshot(desk, "logbook-round-detail")


def test_answering_works_without_javascript(
    browser: Browser, live_server: Any, musterstadt: Town, make_member: Callable[..., User]
) -> None:
    """Phones with JavaScript off: plain forms and <details> carry the whole flow."""
    coordinator = make_member(musterstadt, Role.COORDINATOR, name="Anna Koordinatorin")
    round_ = round_open(
        town=musterstadt,
        actor=coordinator,
        title="Ohne JavaScript",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=7),
        groups=["volunteer"],
        anonymous=True,
    )
    code = round_codes_create(round_=round_, group="volunteer", count=3, actor=coordinator)[0]
    context = browser.new_context(
        viewport=MOBILE, java_script_enabled=False, base_url=live_server.url, locale="de-DE"
    )
    try:
        phone = context.new_page()
        phone.goto("/musterstadt/logbuch/code/")
        phone.get_by_label("Ihr Code").fill(code)
        phone.get_by_role("button", name="Weiter").click()
        first = phone.locator("section.lever-answer").first
        first.get_by_label("weiß nicht", exact=True).check()
        first.get_by_text("Kommentar hinzufügen").click()
        first.get_by_label("Kommentar").fill("Ohne Skript geht es auch.")
        phone.get_by_role("button", name="Speichern und später weitermachen").click()
        expect(phone.get_by_role("heading", name="Ihre Angaben sind gespeichert")).to_be_visible()
        screenshot(phone, "logbook-answer-saved-no-js")
        phone.get_by_role("link", name="Doch gleich weitermachen").click()
        for _ in range(3):
            phone.get_by_role(
                "button", name=re.compile("^Speichern und (weiter|zum Abgeben)$")
            ).click()
        phone.get_by_role("button", name="Einschätzung abgeben").click()
        expect(phone.get_by_role("heading", name="Vielen Dank!")).to_be_visible()
    finally:
        context.close()
    answer = Answer.objects.get(round=round_)
    assert answer.dont_know
    assert answer.participation_id is None
    assert answer.comment == "Ohne Skript geht es auch."
