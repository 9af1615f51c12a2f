"""Austauschort and Motivationsgeber in the browser: two members post an offer and a request on
Biete/Suche and the board suggests one for the other; a visitor on a 320 px phone writes to the
author through the relay and reports an entry, the coordinator hides it. Thanks to a person
(shown once the person agrees) and to a group (shown once the coordinator releases) reach the
Dankeswand. axe clean at 1280 and 320 px, screenshots in test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from e2e.browser import (
    HUMAN_PAUSE_MS,
    SMALLEST,
    axe_check,
    has_horizontal_scroll,
    login,
    screenshot,
)
from logbuch.desk.models import BoardPost, BoardStatus, ThankYou, ThankYouStatus
from logbuch.towns.models import Role, Town, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _post(page: Page, town: Town, *, kind: str, title: str, text: str) -> None:
    page.goto(f"/{town.slug}/anlaufstelle/biete-suche/")
    page.get_by_role("link", name="Eintrag schreiben").click()
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Bereich").select_option("things")
    page.get_by_label("Überschrift").fill(title)
    page.get_by_label("Beschreibung").fill(text)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Ihr Eintrag steht jetzt in Biete/Suche.")).to_be_visible()


def _report_and_hide(phone: Page, desk: Page, town: Town, coordinator: User) -> None:
    post = BoardPost.objects.get(title="Rasenmäher gesucht")
    phone.goto(f"/{town.slug}/anlaufstelle/biete-suche/{post.pk}/")
    phone.get_by_text("Eintrag melden").click()
    phone.get_by_label("Was stimmt nicht mit diesem Eintrag?").fill("Das ist Werbung.")
    phone.get_by_role("button", name="Melden").click()
    expect(phone.get_by_text("Danke für den Hinweis.")).to_be_visible()

    login(desk, coordinator.email)
    desk.goto(f"/{town.slug}/anlaufstelle/eingang/")
    desk.get_by_role("link", name="Hinweise auf Missbrauch in Biete/Suche").click()
    expect(desk.get_by_text("Das ist Werbung.")).to_be_visible()
    axe_check(desk, "desk-board-moderation")
    screenshot(desk, "desk-board-moderation-1280")
    desk.get_by_role("button", name="Ausblenden").click()
    expect(desk.get_by_text("Der Eintrag ist ausgeblendet.")).to_be_visible()
    post.refresh_from_db()
    assert post.status == BoardStatus.HIDDEN
    phone.goto(f"/{town.slug}/anlaufstelle/biete-suche/")
    expect(phone.get_by_role("link", name="Suche: Rasenmäher gesucht")).to_have_count(0)


def test_board_offer_and_request_match_relay_report_and_moderation(
    town: Town, make_page: Callable[..., Page], live_server: Any, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(town, Role.COORDINATOR, name="Clara Koordinatorin")
    anna = make_member(town, Role.VOLUNTEER, name="Anna Gärtner")
    bernd = make_member(town, Role.VOLUNTEER, name="Bernd Beispiel")

    # 1. Anna offers a lawnmower; Bernd looks for one and is shown Anna's offer.
    first = make_page()
    login(first, anna.email)
    first.goto(f"/{town.slug}/anlaufstelle/biete-suche/neu/")
    axe_check(first, "desk-board-form")
    screenshot(first, "desk-board-form-1280")
    _post(
        first,
        town,
        kind="Biete",
        title="Rasenmäher zu verleihen",
        text="Ein elektrischer Rasenmäher, gern für ein Wochenende.",
    )
    second = make_page()
    login(second, bernd.email)
    _post(
        second,
        town,
        kind="Suche",
        title="Rasenmäher gesucht",
        text="Ich suche einen Rasenmäher für den Garten am Pfarrhaus.",
    )
    matches = second.get_by_role("heading", name="Passt vielleicht dazu")
    expect(matches).to_be_visible()
    expect(second.get_by_role("link", name="Biete: Rasenmäher zu verleihen")).to_be_visible()
    axe_check(second, "desk-board-post-matches")
    screenshot(second, "desk-board-post-1280")

    # 2. A visitor on the smallest phone filters the board and writes to Anna via the relay.
    phone = make_page(**SMALLEST)
    phone.goto(f"/{town.slug}/anlaufstelle/biete-suche/")
    phone.get_by_label("Art").select_option("offer")
    phone.get_by_role("button", name="Anzeigen").click()
    expect(phone.get_by_role("status").filter(has_text="1 Eintrag")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    axe_check(phone, "desk-board-320")
    screenshot(phone, "desk-board-320")
    phone.get_by_role("link", name="Biete: Rasenmäher zu verleihen").click()
    assert anna.email
    assert anna.email not in phone.content()
    phone.get_by_label("Ihr Name").fill("Doris Nachbarin")
    phone.get_by_label("Ihre E-Mail-Adresse").fill("doris@example.org")
    phone.get_by_label("Ihre Nachricht").fill("Ich würde ihn gern am Samstag ausleihen.")
    axe_check(phone, "desk-board-post-320")
    screenshot(phone, "desk-board-post-320")
    phone.wait_for_timeout(HUMAN_PAUSE_MS)
    phone.get_by_role("button", name="Senden").click()
    expect(phone.get_by_text("Ihre Nachricht ist unterwegs.")).to_be_visible()
    relayed = [m for m in mail.outbox if m.to == [anna.email]]
    assert relayed and "am Samstag ausleihen" in relayed[-1].body

    # 3. The visitor reports Bernd's entry; the coordinator sees it in the inbox and hides it.
    _report_and_hide(phone, make_page(), town, coordinator)


def _thank_a_person(member: Page, person: Page, town: Town, sender: User, anna: User) -> None:
    login(member, sender.email)
    member.goto(f"/{town.slug}/anlaufstelle/danke/sagen/")
    member.get_by_label("Von").fill("Bernd")
    member.get_by_label("An eine Person").select_option(str(anna.pk))
    member.get_by_label("Ihr Dank").fill("Danke, dass du jeden Dienstag den Bus fährst.")
    member.wait_for_timeout(HUMAN_PAUSE_MS)
    member.get_by_role("button", name="Senden").click()
    thanks = ThankYou.objects.get(recipient=anna)
    assert thanks.status == ThankYouStatus.WAITING

    login(person, anna.email)
    person.goto(f"/{town.slug}/anlaufstelle/danke/an-mich/")
    expect(person.get_by_text("den Bus fährst")).to_be_visible()
    axe_check(person, "desk-thanks-mine")
    screenshot(person, "desk-thanks-mine-1280")
    person.get_by_role("button", name="An der Dankeswand zeigen").click()
    expect(person.get_by_text("Der Dank steht jetzt an der Dankeswand.")).to_be_visible()


def test_thanks_reach_the_wall_once_the_person_agrees_or_the_coordinator_releases(
    town: Town, make_page: Callable[..., Page], live_server: Any, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(town, Role.COORDINATOR, name="Clara Koordinatorin")
    anna = make_member(town, Role.VOLUNTEER, name="Anna Gärtner")
    bernd = make_member(town, Role.VOLUNTEER, name="Bernd Beispiel")

    # 1. A visitor on the smallest phone thanks a group.
    phone = make_page(**SMALLEST)
    phone.goto(f"/{town.slug}/anlaufstelle/danke/")
    phone.get_by_role("link", name="Danke sagen").click()
    phone.get_by_label("Von").fill("Familie Schulze")
    phone.get_by_label("An eine Gruppe").fill("die Freiwillige Feuerwehr")
    phone.get_by_label("Ihr Dank").fill("Danke für den schnellen Einsatz beim Hochwasser!")
    assert not has_horizontal_scroll(phone)
    axe_check(phone, "desk-thanks-form-320")
    screenshot(phone, "desk-thanks-form-320")
    phone.wait_for_timeout(HUMAN_PAUSE_MS)
    phone.get_by_role("button", name="Senden").click()
    expect(phone.get_by_role("heading", name="Dankeswand")).to_be_visible()
    assert "Hochwasser" not in phone.content()  # waits for the coordinator

    # 2. A member thanks Anna by name; Anna agrees to show it.
    _thank_a_person(make_page(), make_page(), town, bernd, anna)

    # 3. The coordinator releases the group's thanks from the inbox.
    desk = make_page()
    login(desk, coordinator.email)
    desk.goto(f"/{town.slug}/anlaufstelle/eingang/")
    desk.get_by_role("link", name="Danke an Gruppen, die auf Freigabe warten").click()
    expect(desk.get_by_text("Hochwasser")).to_be_visible()
    axe_check(desk, "desk-thanks-release")
    desk.get_by_role("button", name="Freigeben").click()
    expect(desk.get_by_text("Freigegeben.")).to_be_visible()

    # 4. The wall shows both, on a phone and on a desktop.
    phone.goto(f"/{town.slug}/anlaufstelle/danke/")
    expect(phone.get_by_text("Familie Schulze an die Freiwillige Feuerwehr")).to_be_visible()
    expect(phone.get_by_text(re.compile("Bernd an Anna Gärtner"))).to_be_visible()
    assert not has_horizontal_scroll(phone)
    axe_check(phone, "desk-thanks-wall-320")
    screenshot(phone, "desk-thanks-wall-320")
    desk.goto(f"/{town.slug}/anlaufstelle/danke/")
    axe_check(desk, "desk-thanks-wall")
    screenshot(desk, "desk-thanks-wall-1280")
