"""The Mitmach-Fonds in the browser: the coordinator sets up "Mitmach-Fonds 2027", a club applies
for 1,500 € on a phone, the jury decides, two payouts, the proof of use, closed."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.browser import MOBILE, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.fund import ledger
from logbuch.fund.models import Application, ApplicationStatus, Fund, JuryMember, JuryVote
from logbuch.fund.services.decisions import jury_vote_cast
from logbuch.fund.services.setup import jury_member_add
from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YES, NO = JuryVote.Choice.YES, JuryVote.Choice.NO


def test_fund_from_setup_to_closed_project(  # noqa: PLR0915 - one journey, read top to bottom
    make_page: Callable[..., Page], musterstadt: Town, make_member: Callable[..., User]
) -> None:
    coordinator = make_member(
        musterstadt,
        Role.COORDINATOR,
        name="Anna Koordinatorin",
        email="koordination@musterstadt.example",
    )
    jurors = [
        make_member(
            musterstadt, Role.COUNCIL, name="Karin Neumann", email="karin@musterstadt.example"
        ),
        make_member(
            musterstadt, Role.BUSINESS, name="Andreas Lange", email="andreas@musterstadt.example"
        ),
        make_member(musterstadt, Role.STAFF, name="Jens Böhme", email="jens@musterstadt.example"),
        make_member(
            musterstadt, Role.VOLUNTEER, name="Lena Fischer", email="lena@musterstadt.example"
        ),
        make_member(
            musterstadt, Role.VOLUNTEER, name="Paul Weber", email="paul@musterstadt.example"
        ),
    ]
    club = UserFactory(name="Erika Muster", email="heimatverein@example.org")  # no role: a resident

    # 1. The coordinator sets up the fund (desktop).
    desk = make_page()
    login(desk, coordinator.email)
    desk.goto("/musterstadt/fonds/")
    desk.get_by_role("link", name="Neuen Fonds anlegen").click()
    desk.get_by_label("Name").fill("Mitmach-Fonds 2027")
    desk.get_by_label("Jahr").fill("2027")
    desk.get_by_role("button", name="Anlegen").click()
    expect(desk.get_by_role("heading", name="Mitmach-Fonds 2027 verwalten")).to_be_visible()
    fund = Fund.objects.get(town=musterstadt)
    for kind, name, amount in [
        ("Haushalt der Stadt", "Stadt Musterstadt", "12.000"),
        ("Fördermittel des Landes", "Land Sachsen", "6.000"),
        ("Unternehmen/Paten", "Stadtwerke", "2.000"),
    ]:
        form = desk.locator("form[action$='/quelle/']")
        form.get_by_label("Art").select_option(label=kind)
        form.get_by_label("Geldgeber").fill(name)
        form.get_by_label("Betrag (Euro)").fill(amount)
        form.get_by_role("button", name="Geldquelle buchen").click()
        expect(desk.get_by_text("Die Geldquelle ist gebucht.")).to_be_visible()
    desk.get_by_role("link", name="Förderbereich anlegen").click()
    desk.get_by_label("Name", exact=True).fill("Kleinprojekte")
    desk.get_by_label("Höchstbetrag je Antrag (Euro)").fill("1.500")
    desk.get_by_label("Eigenanteil (%)").fill("10")
    desk.get_by_label("Jury: beschlussfähig ab (% der nicht befangenen Mitglieder)").fill("60")
    desk.get_by_label("Budget dieses Förderbereichs (Euro)").fill("20.000")
    axe_check(desk, "fund-category-form")
    desk.get_by_role("button", name="Speichern").click()
    expect(desk.get_by_text("Der Förderbereich ist gespeichert.")).to_be_visible()
    jury_form = desk.locator("form[action$='/jury/']")
    assert jurors[0].email
    jury_form.get_by_label("E-Mail der Person").fill(jurors[0].email)
    jury_form.get_by_label("Rolle in der Jury").select_option(label="Vorsitz")
    jury_form.get_by_role("button", name="In die Jury aufnehmen").click()
    expect(desk.get_by_text("Karin Neumann ist jetzt in der Jury.")).to_be_visible()
    for user in jurors[1:]:
        jury_member_add(fund=fund, actor=coordinator, user=user, role=JuryMember.JuryRole.CLUB)
    desk.reload()
    axe_check(desk, "fund-manage")
    screenshot(desk, "fund-manage")
    assert ledger.fund_balance(fund=fund).allocated == 2_000_000

    # 2. A club applies for 1,500 € on a phone.
    phone = make_page(**MOBILE)
    login(phone, club.email)
    phone.goto("/musterstadt/fonds/")
    axe_check(phone, "fund-index-phone")
    phone.get_by_role("link", name="Antrag stellen").first.click()
    start = timezone.localdate() + datetime.timedelta(days=45)
    phone.get_by_label("Was wollen Sie tun?").fill("Bänke für den Stadtpark")
    phone.get_by_label("Beschreiben Sie Ihr Projekt in ein paar Sätzen").fill(
        "Wir bauen sechs Bänke am Teich, damit Ältere dort rasten können."
    )
    phone.get_by_label("Wem hilft es?").fill("Ältere, Familien, alle Spaziergänger")
    phone.get_by_label("Wo?").fill("Stadtpark am Teich")
    phone.get_by_label("Beginn").fill(start.isoformat())
    phone.get_by_label("Ende").fill((start + datetime.timedelta(days=14)).isoformat())
    phone.get_by_label("Wer beantragt").select_option(label="Verein")
    phone.get_by_label("Name der Gruppe, des Vereins oder der Einrichtung").fill("Heimatverein")
    phone.get_by_label("Wie viel Geld beantragen Sie? (Euro)").fill("1.500")
    phone.get_by_label("Eigenmittel (Euro)").fill("100")
    rows = phone.locator(".cost-row")
    rows.nth(0).get_by_label("Wofür?").fill("Holz und Beschläge")
    rows.nth(0).get_by_label("Kostenart").select_option(label="Material")
    rows.nth(0).get_by_label("Betrag (Euro)").fill("1.200")
    rows.nth(1).get_by_label("Wofür?").fill("Transporter")
    rows.nth(1).get_by_label("Kostenart").select_option(label="Miete")
    rows.nth(1).get_by_label("Betrag (Euro)").fill("500")
    axe_check(phone, "fund-application-form-phone")
    screenshot(phone, "fund-application-form-phone")
    phone.get_by_role("button", name="Antrag einreichen").click()
    # 100 € is less than 10 % of 1,700 €: the rule is named, the input stays.
    expect(phone.get_by_text("Regel „Eigenanteil“")).to_be_visible()
    expect(phone.get_by_label("Was wollen Sie tun?")).to_have_value("Bänke für den Stadtpark")
    axe_check(phone, "fund-application-rule-failure-phone")
    screenshot(phone, "fund-application-rule-failure-phone")
    phone.get_by_label("Eigenmittel (Euro)").fill("170")
    phone.get_by_role("button", name="Antrag einreichen").click()
    expect(phone.get_by_text("Ihr Antrag ist eingereicht.")).to_be_visible()
    assert not has_horizontal_scroll(phone)
    axe_check(phone, "fund-application-status-phone")
    screenshot(phone, "fund-application-status-phone")
    app = Application.objects.get()
    assert app.status == ApplicationStatus.SUBMITTED

    # 3. The jury decides: a juror votes in the browser, the others by service, 3:2.
    juror_page = make_page(**MOBILE)
    login(juror_page, jurors[0].email)
    juror_page.goto(f"/musterstadt/fonds/antraege/{app.pk}/")
    juror_page.get_by_label("Ja", exact=True).check()
    axe_check(juror_page, "fund-jury-vote")
    juror_page.get_by_role("button", name="Stimme abgeben").click()
    expect(juror_page.get_by_text("Ihre Stimme ist gezählt.")).to_be_visible()
    for user, choice in zip(jurors[1:], [YES, YES, NO, NO], strict=True):
        jury_vote_cast(application=app, user=user, choice=choice)
    assert JuryMember.objects.count() == 5

    desk.goto(f"/musterstadt/fonds/antraege/{app.pk}/")
    expect(desk.get_by_text("Bisher 3 ja, 2 nein")).to_be_visible()
    jury = desk.locator("form", has=desk.get_by_role("button", name="Jury-Entscheidung festhalten"))
    jury.get_by_label("Begründung").fill("Dauerhafter Nutzen; der Verein baut selbst.")
    jury.get_by_label("Protokoll der Jury").fill("Sitzung im Rathaus, 5 Mitglieder, 3 ja, 2 nein.")
    axe_check(desk, "fund-review-coordinator")
    screenshot(desk, "fund-review-coordinator")
    jury.get_by_role("button", name="Jury-Entscheidung festhalten").click()
    expect(desk.get_by_text("Die Entscheidung der Jury ist gespeichert.")).to_be_visible()

    # 4. First payout (80 %), clicked; the proof; check; final payout (20 %).
    expect(desk.get_by_text("Fällig: 1.200,00 €")).to_be_visible()
    desk.get_by_role("button", name="Auszahlung buchen").click()
    expect(desk.get_by_text("Auszahlung von 1.200,00 € ist gebucht.")).to_be_visible()

    phone.goto(f"/musterstadt/fonds/antraege/{app.pk}/")
    phone.get_by_role("link", name="Verwendungsnachweis einreichen").click()
    phone.get_by_label("Kurzer Bericht: Was ist passiert, wer war dabei?").fill(
        "Sechs Bänke stehen am Teich; 14 Leute haben mitgebaut."
    )
    phone.get_by_label("Summe der Belege (Euro)").fill("1.500")
    axe_check(phone, "fund-proof-phone")
    phone.get_by_role("button", name="Nachweis einreichen").click()
    expect(phone.get_by_text("Ihr Verwendungsnachweis ist eingegangen.")).to_be_visible()

    desk.goto(f"/musterstadt/fonds/antraege/{app.pk}/")
    desk.get_by_role("button", name="Als geprüft markieren").click()
    expect(desk.get_by_text("Der Verwendungsnachweis ist geprüft.")).to_be_visible()
    expect(desk.get_by_text("Fällig: 300,00 €")).to_be_visible()
    desk.get_by_role("button", name="Auszahlung buchen").click()
    expect(desk.get_by_text("Auszahlung von 300,00 € ist gebucht.")).to_be_visible()
    expect(desk.get_by_text("Abgeschlossen").first).to_be_visible()
    axe_check(desk, "fund-application-closed")
    screenshot(desk, "fund-application-closed")

    desk.goto(f"/musterstadt/fonds/verwaltung/{fund.pk}/kassenbuch/")
    axe_check(desk, "fund-ledger")
    screenshot(desk, "fund-ledger")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED
    balance = ledger.fund_balance(fund=fund)
    assert (balance.paid, balance.open_commitments, balance.available) == (150_000, 0, 1_850_000)

    # 5. The fund page works without login.
    anonymous = make_page(**MOBILE)
    anonymous.goto(f"/musterstadt/fonds/{fund.pk}/")
    expect(anonymous.get_by_role("heading", name="Mitmach-Fonds 2027")).to_be_visible()
    axe_check(anonymous, "fund-detail-public")
    screenshot(anonymous, "fund-detail-public")
