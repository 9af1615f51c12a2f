"""A list answer in the browser: a volunteer names places for S07 on a 320 px phone, the
coordinator carries one into the town's list of Räume, Verbündete and Akteure.

Two more volunteers answer through the services (the volunteers' group needs three answers
before anything of it is shown). Screenshots of the answer page at 320 and 1280 px.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.logbook.forms import AnswerForm
from logbuch.logbook.models import Lever, ListEntry, Round, TownListEntry
from logbuch.logbook.services.participation import (
    participation_for_member,
    participation_save,
    participation_submit,
)
from logbuch.logbook.services.rounds import round_close, round_open
from logbuch.towns.models import Role, Town, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue"),
]

MIN_TAP = 44  # px, WCAG 2.5.5 / KERN


def _open_round_for_volunteers(town: Town, coordinator: User) -> Round:
    """An anonymous round of three weeks, asking only the volunteers."""
    return round_open(
        town=town,
        actor=coordinator,
        title="Stellschrauben-Check 2026",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=21),
        groups=["volunteer"],
        anonymous=True,
    )


def _answer_s07(round_: Round, person: User, places: str) -> None:
    s07 = Lever.objects.get(town__isnull=True, code="S07")
    participation = participation_for_member(
        round_=round_, user=person, roles=frozenset({"volunteer"})
    )
    form = AnswerForm({f"v{s07.pk}": "2", f"l{s07.pk}_place": places}, levers=[s07])
    assert form.is_valid(), form.errors
    participation_save(participation=participation, entries=form.entries())
    participation_submit(participation=participation)


def _check_tap_targets(page: Page) -> None:
    """Every scale option of the first card is at least 44 × 44 px."""
    options = page.locator("section.lever-answer").first.locator("label.scale__option")
    assert options.count() == 6
    for i in range(options.count()):
        box = options.nth(i).bounding_box()
        assert box is not None
        assert box["width"] >= MIN_TAP and box["height"] >= MIN_TAP, box


def _answer_on_the_smallest_phone(phone: Page, person: User) -> None:
    """S07 with a list answer at 320 px: tap targets, sticky save, progress, axe, screenshot."""
    login(phone, person.email)
    phone.goto("/musterstadt/logbuch/")
    phone.get_by_role("button", name="Jetzt einschätzen").first.click()
    expect(phone.get_by_text("Teil 1 von 3")).to_be_visible()
    expect(phone.get_by_text("0 von 22 beantwortet")).to_be_visible()
    card = phone.locator("section.lever-answer", has_text="Möglichkeitsräume")
    expect(
        card.get_by_text("Wo und mit wem lassen sich Möglichkeitsräume schaffen?")
    ).to_be_visible()
    card.get_by_role("radio", name=re.compile("^3$")).check()
    expect(phone.get_by_text("1 von 22 beantwortet")).to_be_visible()  # counted as she goes
    card.get_by_role("textbox", name="Räume").fill(
        "Alte Schule: Erdgeschoss steht leer\n\n  Kirche  \nalte schule"
    )
    card.get_by_role("textbox", name="Verbündete").fill("Heimatverein")
    _check_tap_targets(phone)
    # The save button stays in reach while she is in the middle of the page.
    card.scroll_into_view_if_needed()
    save = phone.get_by_role("button", name="Speichern und weiter")
    box = save.bounding_box()
    assert box is not None and box["y"] + box["height"] <= SMALLEST["height"] + 1, box
    assert not has_horizontal_scroll(phone)
    axe_check(phone, "logbook-answer-320")
    phone.evaluate("() => window.scrollTo(0, 0)")
    screenshot(phone, "logbook-answer-320")
    save.click()
    expect(phone.get_by_text("Teil 2 von 3")).to_be_visible()
    expect(phone.get_by_text("1 von 22 beantwortet")).to_be_visible()
    for _ in range(2):
        phone.get_by_role("button", name=re.compile("^Speichern und (weiter|zum Abgeben)$")).click()
    phone.get_by_role("button", name="Einschätzung abgeben").click()
    expect(phone.get_by_role("heading", name="Vielen Dank!")).to_be_visible()


def test_a_list_answer_on_a_phone_ends_up_in_the_towns_list_of_places(
    make_page: Callable[..., Page], musterstadt: Town, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(musterstadt, Role.COORDINATOR, name="Anna Koordinatorin")
    lena = make_member(musterstadt, Role.VOLUNTEER, name="Lena Fischer")
    others = [make_member(musterstadt, Role.VOLUNTEER, name=n) for n in ("Jonas Weber", "Mia Wolf")]
    round_ = _open_round_for_volunteers(musterstadt, coordinator)
    _answer_s07(round_, others[0], "alte schule\nBahnhof")
    _answer_s07(round_, others[1], "Alte Schule: Saal im ersten Stock")

    _answer_on_the_smallest_phone(make_page(**SMALLEST), lena)
    stored = sorted(ListEntry.objects.filter(round=round_).values_list("text", "note"))
    assert ("Alte Schule", "Erdgeschoss steht leer") in stored
    assert ("Kirche", "") in stored and ("Heimatverein", "") in stored
    assert len(stored) == 3 + 3  # Lena's three, once each; two from Jonas, one from Mia

    desk = make_page()
    login(desk, coordinator.email)
    round_close(round_=round_, actor=coordinator)

    # The coordinator reads the results of S07 and carries "Alte Schule" into the list.
    desk.goto(f"/musterstadt/logbuch/runden/{round_.pk}/ergebnisse/")
    expect(desk.get_by_role("heading", name="Was genannt wurde")).to_be_visible()
    desk.get_by_role("link", name=re.compile("S07 Möglichkeitsräume")).first.click()
    entry = desk.locator("li.entry-list__item", has_text="Alte Schule")
    expect(entry).to_contain_text("3 Personen")
    axe_check(desk, "logbook-results-list-entries")
    screenshot(desk, "logbook-results-list-entries")
    entry.get_by_role("button", name=re.compile("^In die Liste übernehmen.*Alte Schule$")).click()
    expect(desk.get_by_text("„Alte Schule“ steht jetzt in der Liste des Ortes.")).to_be_visible()
    expect(entry).to_contain_text("in der Liste des Ortes")
    desk.get_by_role("link", name="Zur Liste des Ortes: Räume, Verbündete und Akteure").click()
    places = desk.locator("section", has=desk.get_by_role("heading", name=re.compile("^Räume")))
    expect(places).to_contain_text("Alte Schule")
    axe_check(desk, "logbook-town-list")
    screenshot(desk, "logbook-town-list")
    assert list(TownListEntry.objects.values_list("kind", "name")) == [("place", "Alte Schule")]


def test_answer_page_at_1280_px(
    make_page: Callable[..., Page], musterstadt: Town, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(musterstadt, Role.COORDINATOR, name="Anna Koordinatorin")
    volunteer = make_member(musterstadt, Role.VOLUNTEER, name="Lena Fischer")
    _open_round_for_volunteers(musterstadt, coordinator)
    page = make_page()
    login(page, volunteer.email)
    page.goto("/musterstadt/logbuch/")
    page.get_by_role("button", name="Jetzt einschätzen").first.click()
    first = page.locator("section.lever-answer").first
    first.get_by_role("radio", name=re.compile("^4 – ")).check()
    first.get_by_text("Beleg hinzufügen").click()
    first.get_by_label("Datum des Belegs").fill("14.03.2025")
    _check_tap_targets(page)
    assert not has_horizontal_scroll(page)
    axe_check(page, "logbook-answer-1280")
    screenshot(page, "logbook-answer-1280")
    page.get_by_role("button", name="Speichern und später weitermachen").click()
    expect(page.get_by_role("heading", name="Ihre Angaben sind gespeichert")).to_be_visible()
