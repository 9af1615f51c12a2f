"""Anlaufstelle in the browser: a resident submits a concern on a phone (360 px) without and
with JavaScript, the coordinator hands it on, the responsible person answers, the public page
shows it, a resident books a slot. axe clean, screenshots in test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.browser import (
    HUMAN_PAUSE_MS,
    MOBILE,
    axe_check,
    has_horizontal_scroll,
    login,
    screenshot,
    watch,
)
from logbuch.desk.models import Appointment, Concern, ConcernStatus
from logbuch.desk.tests.conftest import jpeg_with_gps
from logbuch.desk.tests.factories import OfficeFactory, SlotFactory
from logbuch.towns.models import Role, Town, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_concern(page: Page, text: str) -> None:
    page.get_by_label("Sorge").check()
    page.get_by_label("Thema").select_option("traffic")
    page.get_by_label("Ihr Anliegen").fill(text)
    page.get_by_label("Ort oder Adresse").fill("Spielplatz Lindenstraße")


def _submit_without_javascript(
    browser: Browser, live_server: Any, town: Town, tmp_path: Any
) -> None:
    context = browser.new_context(
        viewport=MOBILE, locale="de-DE", java_script_enabled=False, base_url=live_server.url
    )
    nojs = context.new_page()
    watch(nojs)
    nojs.goto(f"/{town.slug}/anlaufstelle/anliegen/neu/")
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_with_gps())
    _fill_concern(nojs, "Die Laterne am Spielplatz ist seit zwei Wochen aus.")
    nojs.get_by_label("Nein, ich bleibe anonym").check()
    nojs.get_by_label("Foto").set_input_files(str(photo))
    assert not has_horizontal_scroll(nojs)
    # axe needs scripts; it checks the same pages with JavaScript below.
    screenshot(nojs, "desk-concern-form-360-nojs")
    nojs.wait_for_timeout(HUMAN_PAUSE_MS)
    nojs.get_by_role("button", name="Anliegen senden").click()
    expect(nojs.get_by_role("heading", name="Ihr Anliegen", exact=True)).to_be_visible()
    tracking = re.search(r"/stand/([A-Z0-9-]+)/", nojs.url)
    assert tracking, nojs.url
    code = tracking.group(1)
    expect(nojs.get_by_text(code).first).to_be_visible()
    screenshot(nojs, "desk-concern-tracking-360-nojs")
    context.close()


def _answer_and_publish(person: Page, staff: User, town: Town, concern: Concern) -> None:
    login(person, staff.email)
    person.goto(f"/{town.slug}/anlaufstelle/anliegen/{concern.pk}/")
    person.get_by_label("Antwort", exact=True).fill("Die Leuchte ist getauscht.")
    person.get_by_label("Öffentlich zeigen, wenn das Anliegen erledigt ist").check()
    person.get_by_role("button", name="Antwort senden").click()
    person.get_by_label("Neuer Stand").select_option("done")
    person.get_by_role("button", name="Stand speichern").click()
    person.get_by_label("Öffentlicher Titel").fill("Laterne am Spielplatz brennt wieder")
    person.get_by_label("Auf „Ihr habt gesagt – wir haben getan“ zeigen").check()
    person.get_by_role("button", name="Speichern", exact=True).click()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DONE and concern.is_public


def test_concern_from_phone_to_public_page_and_a_booked_slot(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    browser: Browser,
    live_server: Any,
    make_page: Callable[..., Page],
    tmp_path: Any,
    make_member: Callable[..., User],
) -> None:
    coordinator = make_member(town, Role.COORDINATOR, name="Clara Koordinatorin")
    staff = make_member(town, Role.STAFF, name="Bernd Bauhof")
    office = OfficeFactory(town=town)
    slots = SlotFactory.create_batch(3, town=town, office=office)

    # 1. A resident without an account, on a phone, without JavaScript, with a photo.
    _submit_without_javascript(browser, live_server, town, tmp_path)

    # 2. With JavaScript: the character counter, and a concern with contact details.
    phone = make_page(**MOBILE)
    phone.goto(f"/{town.slug}/anlaufstelle/anliegen/neu/")
    _fill_concern(phone, "Die Hecke verdeckt die Sicht.")
    expect(phone.get_by_text("29 / 4000")).to_be_visible()
    phone.get_by_label("Ihr Name").fill("Karl Beispiel")
    phone.get_by_label("E-Mail").fill("karl@example.org")
    axe_check(phone, "desk-concern-form")
    screenshot(phone, "desk-concern-form-360")
    phone.wait_for_timeout(HUMAN_PAUSE_MS)
    phone.get_by_role("button", name="Anliegen senden").click()
    expect(phone.get_by_text("Noch keine Antwort. Wir melden uns.")).to_be_visible()
    axe_check(phone, "desk-concern-tracking")
    assert not has_horizontal_scroll(phone)

    concern = Concern.objects.get(anonymous=True)
    assert concern.photo and concern.name == ""

    # 3. The coordinator hands it on.
    desk = make_page()
    login(desk, coordinator.email)
    desk.goto(f"/{town.slug}/anlaufstelle/eingang/")
    axe_check(desk, "desk-inbox")
    screenshot(desk, "desk-inbox")
    desk.get_by_role("link", name="Neue Anliegen, noch nicht weitergegeben").click()
    desk.get_by_role("link", name=re.compile("Laterne am Spielplatz")).click()
    desk.get_by_label("Weitergeben an").select_option(str(staff.pk))
    desk.get_by_role("button", name="Weitergeben", exact=True).click()
    expect(desk.get_by_text("Weitergegeben an Bernd Bauhof.")).to_be_visible()
    axe_check(desk, "desk-concern-detail")
    screenshot(desk, "desk-concern-detail")

    # 4. The responsible person answers, closes it and shows it publicly.
    _answer_and_publish(make_page(), staff, town, concern)

    # 5. The public page shows it, without the resident's text.
    phone.goto(f"/{town.slug}/anlaufstelle/wir-haben-getan/")
    expect(phone.get_by_text("Laterne am Spielplatz brennt wieder")).to_be_visible()
    expect(phone.get_by_text("Die Leuchte ist getauscht.")).to_be_visible()
    assert "seit zwei Wochen" not in phone.content()
    axe_check(phone, "desk-said-done")
    screenshot(phone, "desk-said-done-360")

    # 6. A resident books a slot in the Sprechstunde, without an account.
    phone.goto(f"/{town.slug}/anlaufstelle/termine/")
    axe_check(phone, "desk-slots")
    screenshot(phone, "desk-slots-360")
    phone.get_by_role("link", name=re.compile("Uhr buchen")).first.click()
    phone.get_by_label("Ihr Name").fill("Erika Muster")
    phone.get_by_label("Telefon oder E-Mail").fill("0351 123456")
    phone.get_by_role("button", name="Verbindlich buchen").click()
    expect(phone.get_by_text("Ihr Termin ist gebucht.")).to_be_visible()
    axe_check(phone, "desk-appointment")
    screenshot(phone, "desk-appointment-360")
    assert Appointment.objects.get().slot_id == slots[0].pk
