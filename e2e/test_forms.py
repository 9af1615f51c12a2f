"""Forms in the browser at 320 px: KERN fields drawn by the renderer, the German file input
with and without JavaScript, dates typed as TT.MM.JJJJ, and what follows a refused submit."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, screenshot, watch
from logbuch.towns.models import Town

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONCERN_FORM = "/musterstadt/anlaufstelle/anliegen/neu/"


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "Laterne am Spielplatz.png"
    path.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e221bc330000000049454e44ae426082"
        )
    )
    return path


def test_the_concern_form_at_320_px(
    make_page: Callable[..., Page], town: Town, photo: Path
) -> None:
    page = make_page(**SMALLEST)
    page.goto(CONCERN_FORM)
    # The file input: a German button and the chosen file's name instead of the browser's text.
    box = page.locator("[data-file-input]")
    expect(box.locator(".file-input__button")).to_have_text("Datei auswählen")
    expect(box.locator(".file-input__name")).to_have_text("Keine Datei ausgewählt")
    page.get_by_label("Foto").set_input_files(str(photo))
    expect(box.locator(".file-input__name")).to_have_text("Laterne am Spielplatz.png")
    # Each option of a radio group is a tap target of at least 44 px.
    heights = page.eval_on_selector_all(
        "fieldset .kern-form-check > label", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    # The textarea is as wide as the form column.
    widths = page.evaluate(
        """() => { const t = document.querySelector('textarea');
        const box = t.parentElement.getBoundingClientRect();
        return [t.getBoundingClientRect().width, box.width]; }"""
    )
    assert widths[0] >= widths[1] - 1, widths
    assert not has_horizontal_scroll(page)
    axe_check(page, "concern form 320 px")
    screenshot(page, "forms-concern-320")
    # A refused submit: the title says so and the focus is on the error summary.
    page.get_by_role("button", name="Anliegen senden").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    expect(page.locator("#fehler")).to_be_focused()
    radio_group = page.locator("fieldset#id_kind")
    described = radio_group.get_attribute("aria-describedby") or ""
    assert "id_kind_error" in described.split()
    expect(page.locator("#id_kind_error")).to_contain_text("Bitte wählen Sie")
    screenshot(page, "forms-concern-refused-320")


def test_without_javascript_the_browsers_file_input_is_usable(
    browser: Browser, live_server: Any, town: Town, photo: Path
) -> None:
    context = browser.new_context(
        viewport=SMALLEST, locale="de-DE", java_script_enabled=False, base_url=live_server.url
    )
    try:
        page = context.new_page()
        watch(page)
        page.goto(CONCERN_FORM)
        native = page.get_by_label("Foto")
        expect(native).to_be_visible()
        expect(page.locator(".file-input__button")).to_be_hidden()
        native.set_input_files(str(photo))
        assert native.evaluate("el => el.files[0].name") == "Laterne am Spielplatz.png"
        assert not has_horizontal_scroll(page)
        screenshot(page, "forms-concern-320-nojs")
    finally:
        context.close()


def test_a_date_is_typed_as_tt_mm_jjjj(make_page: Callable[..., Page], town: Town) -> None:
    """The resident's ride request: a date and a time field, in German, 24 hours."""
    from logbuch.services.tests.factories import ServiceFactory  # noqa: PLC0415

    service = ServiceFactory(town=town, takes_requests=True)
    page = make_page(**SMALLEST)
    page.goto(f"/musterstadt/dienste/{service.slug}/anfragen/")
    day = page.get_by_label("Tag", exact=True)
    assert day.get_attribute("type") == "text"
    described_by = day.get_attribute("aria-describedby")
    assert described_by
    expect(page.locator(f"#{described_by.split()[0]}")).to_contain_text("TT.MM.JJJJ")
    time = page.get_by_label("Uhrzeit")
    assert time.get_attribute("type") == "text"
    expect(page.get_by_text("24-Stunden-Format")).to_be_visible()
    day.fill("24.12.2026")
    assert not has_horizontal_scroll(page)
    screenshot(page, "forms-request-dates-320")
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_label("Tag", exact=True)).to_have_value("24.12.2026")
