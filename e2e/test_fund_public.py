"""Mitmach-Fonds in the browser: the public page without login, a public vote by paper code on a
phone (360 px), the code sheet and the yearly report of the coordinator."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.browser import MOBILE, axe_check, has_horizontal_scroll, login, screenshot
from logbuch.fund import ledger
from logbuch.fund.models import (
    ApplicationStatus,
    Attachment,
    DecisionMode,
    Fund,
    FundSource,
    LedgerKind,
    PublicVoting,
)
from logbuch.fund.services.setup import fund_source_add
from logbuch.fund.services.voting import voter_codes_generate, voting_totals
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    AttachmentFactory,
    CategoryFactory,
    DecisionFactory,
    FundFactory,
    PayoutFactory,
    ProofOfUseFactory,
    PublicVoteOptionFactory,
    PublicVotingFactory,
)
from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain-colour PNG, so the photo on the public page is a real, visible image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = solid_png(480, 270, (60, 120, 90))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def coordinator(town: Town) -> User:
    user = UserFactory(name="Anna Koordinatorin", email="koordination@musterstadt.example")
    MembershipFactory(town=town, user=user, role=Role.COORDINATOR)
    return user


@pytest.fixture
def fund(town: Town, coordinator: User) -> Fund:
    fund = FundFactory(
        town=town,
        name="Mitmach-Fonds 2027",
        year=timezone.localdate().year,
        description="Kleine Projekte, schnell entschieden.",
    )
    category = CategoryFactory(town=town, fund=fund, name="Miteinander")
    fund_source_add(
        fund=fund,
        actor=coordinator,
        kind=FundSource.Kind.TOWN_BUDGET,
        name="Haushalt der Stadt",
        amount_cents=2_000_000,
        category=category,
    )
    projects = [
        ("Bank am Teich", "Heimatverein Musterstadt", ApplicationStatus.CLOSED, DecisionMode.JURY),
        ("Kinderfest im Park", "Elternrat Grundschule", ApplicationStatus.PAID, DecisionMode.JURY),
        (
            "Repair-Café",
            "Initiative Reparieren",
            ApplicationStatus.APPROVED,
            DecisionMode.FAST_TRACK,
        ),
    ]
    for title, group, status, mode in projects:
        app = ApplicationFactory(
            town=town,
            category=category,
            title=title,
            organisation_name=group,
            status=status,
            requested_cents=150_000,
            approved_cents=150_000,
            consent_publish=True,
        )
        DecisionFactory(
            town=town,
            application=app,
            mode=mode,
            amount_cents=150_000,
            reason="Bringt Menschen aus dem Viertel zusammen.",
            votes_yes=4,
            votes_no=1,
        )
        # The money moves through the ledger, as the services book it, so the page's totals
        # match the projects shown.
        ledger.book(
            fund=fund,
            kind=LedgerKind.COMMITMENT,
            amount_cents=150_000,
            reason="Bewilligung",
            author=coordinator,
            category=category,
            application=app,
        )
        if status != ApplicationStatus.APPROVED:
            payout = PayoutFactory(town=town, application=app, amount_cents=120_000)
            ledger.book(
                fund=fund,
                kind=LedgerKind.PAYOUT,
                amount_cents=120_000,
                reason="Auszahlung",
                author=coordinator,
                category=category,
                application=app,
                payout=payout,
            )
        if status == ApplicationStatus.CLOSED:
            ProofOfUseFactory(
                town=town,
                application=app,
                report="Die Bank steht, und jeden Abend sitzen Nachbarn darauf.",
                checked_at=timezone.now(),
            )
            AttachmentFactory(
                town=town,
                application=app,
                kind=Attachment.Kind.PHOTO,
                content_type="image/png",
                original_name="bank.png",
                file=ContentFile(PNG, name="bank.png"),
                size=len(PNG),
            )
    return fund


def test_the_public_page_works_without_login(make_page: Callable[..., Page], fund: Fund) -> None:
    page = make_page()
    page.goto(f"/musterstadt/fonds/{fund.pk}/transparenz/")
    expect(page.get_by_role("heading", name="Mitmach-Fonds 2027", level=1)).to_be_visible()
    expect(page.get_by_text("Bank am Teich")).to_be_visible()
    expect(page.get_by_text("Heimatverein Musterstadt")).to_be_visible()
    # the totals come from the ledger: 3 × 1,500 € committed, 2 × 1,200 € paid
    money = page.locator("main").inner_text()
    assert "2.400,00\u00a0€" in money
    assert "15.500,00\u00a0€" in money
    expect(page.get_by_role("link", name="Tabelle (CSV)")).to_be_visible()
    image = page.get_by_role("img", name="Foto zum Projekt Bank am Teich")
    expect(image).to_be_visible()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth === 480", arg=image.element_handle()
    )
    assert "Anmelden" in page.locator("header").inner_text()  # nobody is signed in
    axe_check(page, "fund-public")
    screenshot(page, "fund-public")

    page.get_by_role("link", name="Werkschau: abgeschlossene Projekte").click()
    expect(page.get_by_role("heading", name="Werkschau", level=1)).to_be_visible()
    expect(page.get_by_text("jeden Abend sitzen Nachbarn darauf")).to_be_visible()
    expect(page.get_by_text("Kinderfest im Park")).to_have_count(0)
    axe_check(page, "fund-werkschau")
    screenshot(page, "fund-werkschau")


@pytest.fixture
def voting(fund: Fund, coordinator: User) -> PublicVoting:
    now = timezone.now()
    voting = PublicVotingFactory(
        town=fund.town,
        fund=fund,
        category=fund.categories.get(),
        title="Bürgerhaushalt Musterstadt",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        votes_per_voter=2,
        allow_cumulation=False,
        budget_cents=500_000,
    )
    for title in ("Trinkbrunnen am Markt", "Bücherschrank", "Sitzbänke am Radweg"):
        PublicVoteOptionFactory(
            town=fund.town,
            voting=voting,
            application__title=title,
            application__status=ApplicationStatus.VOTING,
            application__category=fund.categories.get(),
        )
    return voting


def test_a_public_vote_by_paper_code_on_a_phone(
    make_page: Callable[..., Page], voting: PublicVoting, coordinator: User
) -> None:
    code = voter_codes_generate(voting=voting, count=3, actor=coordinator)[0]
    page = make_page(**MOBILE)
    page.goto(f"/musterstadt/fonds/abstimmung/{voting.pk}/")
    expect(page.get_by_role("heading", name="Bürgerhaushalt Musterstadt")).to_be_visible()
    assert not has_horizontal_scroll(page)
    axe_check(page, "fund-vote-360")
    screenshot(page, "fund-vote-360")

    page.get_by_label("Ihr Code vom Stimmzettel").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Weiter zum Stimmzettel").click()
    expect(page.get_by_role("heading", name="Ihr Stimmzettel")).to_be_visible()
    page.get_by_label("Trinkbrunnen am Markt").check()
    page.get_by_label("Bücherschrank").check()
    page.get_by_label("Sitzbänke am Radweg").check()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_text("3 Stimmen vergeben, erlaubt sind 2").first).to_be_visible()
    assert not has_horizontal_scroll(page)
    axe_check(page, "fund-ballot-error-360")
    screenshot(page, "fund-ballot-error-360")

    page.get_by_label("Sitzbänke am Radweg").uncheck()
    page.get_by_role("button", name="Stimme abgeben").click()
    expect(page.get_by_role("heading", name="Danke, Ihre Stimme ist gezählt")).to_be_visible()
    axe_check(page, "fund-vote-thanks-360")
    screenshot(page, "fund-vote-thanks-360")
    assert sum(voting_totals(voting=voting).values()) == 2

    # The same code a second time counts once: the page says so.
    page.goto(f"/musterstadt/fonds/abstimmung/{voting.pk}/")
    page.get_by_label("Ihr Code vom Stimmzettel").fill(code)
    page.get_by_role("button", name="Weiter zum Stimmzettel").click()
    expect(page.get_by_text("Mit diesem Zugang wurde schon abgestimmt").first).to_be_visible()
    assert sum(voting_totals(voting=voting).values()) == 2


def test_coordinator_prints_codes_and_reads_the_report(
    make_page: Callable[..., Page], voting: PublicVoting, coordinator: User
) -> None:
    voter_codes_generate(voting=voting, count=4, actor=coordinator)
    page = make_page()
    login(page, coordinator.email)
    page.goto(f"/musterstadt/fonds/abstimmung/{voting.pk}/verwalten/")
    expect(page.get_by_role("heading", name="Bürgerhaushalt Musterstadt")).to_be_visible()
    axe_check(page, "fund-vote-manage")
    page.get_by_role("link", name="Codebogen drucken").click()
    expect(page.locator(".code-sheet__code")).to_have_count(4)
    axe_check(page, "fund-code-sheet")
    screenshot(page, "fund-code-sheet")

    page.goto(f"/musterstadt/fonds/bericht/{timezone.localdate().year}/")
    expect(page.get_by_role("heading", name="Bericht", level=1)).to_be_visible()
    axe_check(page, "fund-year-report")
    screenshot(page, "fund-year-report")
