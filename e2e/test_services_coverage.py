"""The coordinator's view of the Daseinsvorsorge in the browser, on the demo's Bürgerbus: the
coverage page warns first that the bus hangs on few drivers, a single extra shift (a market
day, not from a plan) is added and shows as a gap, and the coordinator's inbox counts the
uncovered shifts. axe clean at 1280 and 320 px, screenshots in test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.services import demo
from logbuch.services.models import Shift
from logbuch.towns.models import Role, Town, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coverage_warns_of_the_bus_factor_and_a_single_shift_shows_as_a_gap(
    make_page: Callable[..., Page], town: Town, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(town, Role.COORDINATOR, name="Clara Koordinatorin")
    people = {
        "coordinator": [coordinator],
        "staff": [make_member(town, Role.STAFF, name="Bernd Bauhof")],
        "volunteer": [make_member(town, Role.VOLUNTEER, name=f"Fahrerin {i}") for i in range(8)],
    }
    demo.build_demo(town=town, people=people)

    desk = make_page()
    login(desk, coordinator.email)
    desk.goto(f"/{town.slug}/dienste/abdeckung/")
    warning = desk.locator(".kern-alert--warning").filter(has_text="Bürgerbus hängt an")
    expect(warning).to_be_visible()
    warning_box, heatmap_box = warning.bounding_box(), desk.locator(".heatmap").bounding_box()
    assert warning_box and heatmap_box
    assert warning_box["y"] < heatmap_box["y"]
    axe_check(desk, "services-coverage-demo")
    screenshot(desk, "services-coverage-demo-1280")

    # A market day: one shift outside any plan, nobody on it yet.
    day = timezone.localdate() + timedelta(days=5)
    desk.goto(f"/{town.slug}/dienste/dorfladen/")
    desk.get_by_role("link", name="Einzelne Schicht anlegen").click()
    desk.get_by_label("Tag").fill(day.isoformat())
    desk.get_by_label("Beginn").fill("14:00")
    desk.get_by_label("Ende").fill("13:00")
    desk.get_by_label("Mindestens Personen").fill("2")
    desk.get_by_label("Höchstens Personen").fill("4")
    desk.get_by_role("button", name="Schicht anlegen").click()
    expect(desk.get_by_text("Das Ende muss nach dem Beginn liegen.").first).to_be_visible()
    expect(desk.get_by_label("Mindestens Personen")).to_have_value("2")
    axe_check(desk, "services-single-shift-error")
    screenshot(desk, "services-single-shift-error-1280")
    desk.get_by_label("Ende").fill("18:00")
    desk.get_by_role("button", name="Schicht anlegen").click()
    expect(desk.get_by_text("Die Schicht ist angelegt.")).to_be_visible()
    shift = Shift.objects.get(plan__isnull=True, service__slug="dorfladen")
    assert timezone.localtime(shift.starts_at).hour == 14

    # The coordinator's inbox counts it with the other gaps and leads to the coverage page.
    desk.goto(f"/{town.slug}/anlaufstelle/eingang/")
    desk.get_by_role("link", name="Unterbesetzte Schichten in den nächsten vier Wochen").click()
    expect(desk.get_by_role("heading", name="Abdeckung der nächsten vier Wochen")).to_be_visible()

    phone = make_page(**SMALLEST)
    login(phone, coordinator.email)
    phone.goto(f"/{town.slug}/dienste/abdeckung/")
    expect(phone.locator(".kern-alert--warning").first).to_be_visible()
    assert not has_horizontal_scroll(phone)
    axe_check(phone, "services-coverage-demo-320")
    screenshot(phone, "services-coverage-demo-320")
