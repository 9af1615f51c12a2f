"""The Bürgerbus in the browser: the coordinator adds weekday shifts, two drivers sign up on
phones and swap, a resident asks for a ride without an account, the driver on shift confirms
it, the coverage heat map shows the gaps, and a driver downloads the Ehrenamtsnachweis."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.browser import MOBILE, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.services.models import HoursRecord, RequestStatus, ServiceRequest, Shift, SignUp
from logbuch.services.recurrence import BERLIN
from logbuch.services.services import setup
from logbuch.towns.models import Role, Town, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_buergerbus_from_plan_to_certificate(  # noqa: PLR0915 - one journey, read top to bottom
    make_page: Callable[..., Page], town: Town, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(
        town, Role.COORDINATOR, name="Anna Koordinatorin", email="koordination@musterstadt.example"
    )
    ute = make_member(town, Role.VOLUNTEER, name="Ute Fahrerin", email="ute@musterstadt.example")
    karl = make_member(town, Role.VOLUNTEER, name="Karl Fahrer", email="karl@musterstadt.example")
    bus = setup.service_create(
        town=town,
        actor=coordinator,
        name="Bürgerbus",
        slug="buergerbus",
        kind="bus",
        description="Ehrenamtliche fahren Sie zum Arzt und zum Einkaufen.",
        operating_hours="Montag bis Freitag 8–12 Uhr",
        takes_requests=True,
        request_label="Fahrt",
        seats_per_shift=7,
    )

    # 1. The coordinator adds the weekday plan (desktop).
    desk = make_page()
    login(desk, coordinator.email)
    desk.goto("/musterstadt/dienste/")
    desk.get_by_role("link", name="Bürgerbus").first.click()
    desk.get_by_role("link", name="Neuer Schichtplan").click()
    desk.get_by_label("Bezeichnung").fill("Vormittagsfahrten")
    for day in ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"):
        desk.get_by_label(day).check()
    desk.get_by_label("Ab", exact=True).fill(timezone.localdate().isoformat())
    desk.get_by_label("Beginn", exact=True).fill("08:00")
    desk.get_by_label("Ende", exact=True).fill("07:00")
    desk.get_by_label("Mindestens Personen").fill("1")
    desk.get_by_label("Höchstens Personen").fill("1")
    desk.get_by_role("button", name="Schichtplan speichern").click()
    expect(desk.get_by_text("Das Ende muss nach dem Beginn liegen.").first).to_be_visible()
    expect(desk.get_by_label("Bezeichnung")).to_have_value("Vormittagsfahrten")
    axe_check(desk, "services-plan-form")
    desk.get_by_label("Ende", exact=True).fill("12:00")
    desk.get_by_role("button", name="Schichtplan speichern").click()
    expect(desk.get_by_text("Schichten stehen bereit")).to_be_visible()
    shift = (
        Shift.objects.filter(service=bus, starts_at__gt=timezone.now() + timedelta(days=3))
        .order_by("starts_at")
        .first()
    )
    assert shift is not None

    # 2. Ute signs up on her phone.
    phone_ute = make_page(**MOBILE)
    login(phone_ute, ute.email)
    phone_ute.goto(f"/musterstadt/dienste/schichten/{shift.pk}/")
    phone_ute.get_by_role("button", name="Eintragen").click()
    expect(phone_ute.get_by_text("Sie sind eingetragen. Danke!")).to_be_visible()
    axe_check(phone_ute, "services-shift-signed-up")
    screenshot(phone_ute, "services-shift-mobile")
    assert not has_horizontal_scroll(phone_ute)

    # 3. Ute offers it for swap, Karl takes it over in one step.
    phone_ute.get_by_role("button", name="Zum Tausch anbieten").click()
    expect(phone_ute.get_by_text("zum Tausch angeboten").first).to_be_visible()
    phone_karl = make_page(**MOBILE)
    login(phone_karl, karl.email)
    phone_karl.goto(f"/musterstadt/dienste/schichten/{shift.pk}/")
    phone_karl.get_by_role("button", name="Schicht von Ute Fahrerin übernehmen").click()
    expect(phone_karl.get_by_text("Sie haben die Schicht übernommen. Danke!")).to_be_visible()
    assert SignUp.objects.get(shift=shift, status="signed_up").user == karl

    # 4. A resident asks for a ride without an account.
    resident = make_page(**MOBILE)
    resident.goto("/musterstadt/dienste/buergerbus/")
    resident.get_by_role("link", name="Fahrt anfragen").click()
    local = shift.starts_at.astimezone(BERLIN)
    resident.get_by_label("Ihr Name").fill("Erna Pohl")
    resident.get_by_label("Telefon").fill("03431 55501")
    resident.get_by_label("Tag", exact=True).fill(local.date().isoformat())
    resident.get_by_label("Uhrzeit").fill("19:00")
    resident.get_by_label("Was genau?").fill("Von der Lindenstraße 7 zur Hausarztpraxis")
    resident.get_by_role("button", name="Anfrage senden").click()
    expect(resident.get_by_text("nicht unterwegs").first).to_be_visible()
    expect(resident.get_by_label("Was genau?")).to_have_value(
        "Von der Lindenstraße 7 zur Hausarztpraxis"
    )
    axe_check(resident, "services-request-form-error")
    resident.get_by_label("Uhrzeit").fill("08:30")
    resident.get_by_role("button", name="Anfrage senden").click()
    expect(resident.get_by_text("Angefragt")).to_be_visible()
    axe_check(resident, "services-request-status")
    screenshot(resident, "services-request-status")

    # 5. Karl, on shift, confirms it; the run sheet lists it.
    phone_karl.goto(f"/musterstadt/dienste/schichten/{shift.pk}/")
    phone_karl.get_by_role("button", name="Bestätigen").click()
    expect(phone_karl.get_by_text("Bestätigt: Erna Pohl.")).to_be_visible()
    assert ServiceRequest.objects.get().status == RequestStatus.CONFIRMED
    phone_karl.get_by_role("link", name="Fahrplan zum Ausdrucken").click()
    expect(phone_karl.get_by_role("cell", name="Erna Pohl")).to_be_visible()
    axe_check(phone_karl, "services-run-sheet")

    # 6. The coverage heat map shows the shifts nobody holds yet.
    desk.goto("/musterstadt/dienste/abdeckung/")
    expect(desk.get_by_role("heading", name="Unterbesetzte Schichten")).to_be_visible()
    expect(desk.get_by_text("Person fehlt").first).to_be_attached()
    axe_check(desk, "services-coverage")
    screenshot(desk, "services-coverage")

    # 7. Ute's confirmed hours give her a certificate.
    HoursRecord.objects.create(
        town=town, user=ute, service=bus, day=timezone.localdate(), minutes=240
    )
    phone_ute.goto("/musterstadt/dienste/stunden/")
    axe_check(phone_ute, "services-hours")
    # WeasyPrint needs a few seconds on a busy machine (fonts load on the first PDF).
    with phone_ute.expect_download(timeout=60_000) as download_info:
        phone_ute.get_by_role("link", name="Ehrenamtsnachweis").click(timeout=60_000)
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    assert "Ute Fahrerin" in pdf.pages[0].extract_text()
