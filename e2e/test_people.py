"""People and accounts in the browser: invite, join, members list, invalid link, profile."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from e2e.browser import SMALLEST, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.towns.models import Membership, Role, Town, User
from logbuch.towns.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(musterstadt: Town) -> User:
    user = UserFactory(name="Anna Koordinatorin", email="koordination@musterstadt.example")
    MembershipFactory(town=musterstadt, user=user, role=Role.COORDINATOR)
    for name, role in [
        ("Jens Böhme", Role.STAFF),
        ("Lena Fischer", Role.VOLUNTEER),
        ("Karin Neumann", Role.COUNCIL),
        ("Andreas Lange (Bäckerei Lange)", Role.BUSINESS),
        ("Ingrid Fuchs", Role.RESIDENT),
    ]:
        MembershipFactory(town=musterstadt, user=UserFactory(name=name), role=role)
    return user


def test_coordinator_invites_and_the_new_person_joins(
    make_page: Callable[..., Page], musterstadt: Town, coordinator: User
) -> None:
    page = make_page()
    login(page, coordinator.email)
    expect(page.get_by_role("heading", name="Was wartet")).to_be_visible()
    axe_check(page, "town-home-coordinator")
    screenshot(page, "town-home-coordinator")

    page.goto("/musterstadt/verwaltung/menschen/")
    axe_check(page, "members")
    screenshot(page, "members")

    page.get_by_role("link", name="Person einladen").first.click()
    page.get_by_label("E-Mail", exact=True).fill("nora.neu@example.org")
    page.get_by_label("Name").fill("Nora Neu")
    page.get_by_label("Ehrenamtliche").check()
    page.get_by_label("Bürgerinnen und Bürger").check()
    axe_check(page, "invitation-form")
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_text("Die Einladung an nora.neu@example.org ist unterwegs.")).to_be_visible()
    axe_check(page, "invitations")
    screenshot(page, "invitations")

    # The same address again: a form error, and what was typed stays.
    page.get_by_role("link", name="Person einladen").first.click()
    page.get_by_label("E-Mail", exact=True).fill("nora.neu@example.org")
    page.get_by_label("Stadtrat").check()
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_role("alert")).to_contain_text("schon eine Einladung unterwegs")
    expect(page.get_by_label("Stadtrat")).to_be_checked()
    axe_check(page, "invitation-form-error")
    screenshot(page, "invitation-form-error")

    assert len(mail.outbox) == 1
    found = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    link = found.group(0)
    newcomer = make_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Einladung nach Musterstadt")).to_be_visible()
    axe_check(newcomer, "invitation-accept")
    screenshot(newcomer, "invitation-accept")
    newcomer.get_by_label("Ihr Name").fill("Nora Neu")
    newcomer.get_by_label("Passwort", exact=True).fill("ein-gutes-passwort-7")
    newcomer.get_by_label("Passwort wiederholen").fill("ein-gutes-passwort-7")
    newcomer.get_by_role("button", name="Konto anlegen und beitreten").click()
    expect(newcomer.get_by_text("Willkommen in Musterstadt!")).to_be_visible()
    nora = User.objects.get(email="nora.neu@example.org")
    assert set(
        Membership.objects.filter(user=nora, town=musterstadt).values_list("role", flat=True)
    ) == {"volunteer", "resident"}

    # Used once: the link now explains itself and offers to ask for a new one.
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Diese Einladung gilt nicht mehr")).to_be_visible()
    expect(
        newcomer.get_by_role("button", name="Koordinierungsstelle um neue Einladung bitten")
    ).to_be_visible()
    axe_check(newcomer, "invitation-invalid")
    screenshot(newcomer, "invitation-invalid")


def test_members_page_fits_the_smallest_phone(
    make_page: Callable[..., Page], musterstadt: Town, coordinator: User
) -> None:
    page = make_page(**SMALLEST)
    login(page, coordinator.email)
    page.goto("/musterstadt/verwaltung/menschen/?rolle=volunteer")
    expect(page.get_by_role("rowheader", name="Lena Fischer")).to_be_attached()
    screenshot(page, "members-320")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.kern-table-responsive')
                && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 8)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right | 0}`)"""
    )
    assert not has_horizontal_scroll(page), f"the members page scrolls sideways at 320 px: {wide}"
    axe_check(page, "members-320")


def test_profile_page(make_page: Callable[..., Page], musterstadt: Town, coordinator: User) -> None:
    page = make_page()
    login(page, coordinator.email)
    page.goto("/konto/")
    axe_check(page, "profile")
    screenshot(page, "profile")
    page.get_by_label("Sprache", exact=True).select_option("en")
    page.get_by_role("button", name="Speichern").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/konto/loeschen/")
    axe_check(page, "account-delete")
