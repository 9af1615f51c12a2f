"""The yearly fund report for the council and the funding body (HTML and PDF)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from logbuch.fund.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Category,
    Fund,
)
from logbuch.fund.selectors.reports import year_report
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    CostItemFactory,
    FundFactory,
    PayoutFactory,
    RepaymentClaimFactory,
)
from logbuch.fund.tests.helpers import url
from logbuch.towns.models import Role, Town, User


def decided(
    category: Category,
    *,
    approved: int | None,
    days: int,
    applicant_type: str = ApplicantType.VEREIN,
    own: int = 0,
    hours: int = 0,
    costs: int = 0,
) -> Application:
    submitted = timezone.now() - timedelta(days=30)
    app = ApplicationFactory(
        town=category.town,
        category=category,
        applicant_type=applicant_type,
        requested_cents=approved or 100_000,
        approved_cents=approved,
        own_money_cents=own,
        in_kind_hours=hours,
        status=ApplicationStatus.PAID if approved else ApplicationStatus.REJECTED,
        submitted_at=submitted,
        decided_at=submitted + timedelta(days=days),
    )
    if costs:
        CostItemFactory(town=category.town, application=app, amount_cents=costs)
    if approved:
        PayoutFactory(town=category.town, application=app, amount_cents=approved)
    return app


def test_year_report_totals(fund: Fund) -> None:
    culture = CategoryFactory(
        town=fund.town, fund=fund, name="Kultur", in_kind_hourly_rate_cents=1500
    )
    green = CategoryFactory(town=fund.town, fund=fund, name="Grün", in_kind_hourly_rate_cents=1500)
    decided(culture, approved=150_000, days=10, own=15_000, hours=20, costs=165_000)
    decided(culture, approved=50_000, days=20, applicant_type="person")
    decided(green, approved=None, days=30, applicant_type="initiative")
    claim_app = decided(green, approved=80_000, days=40, applicant_type="initiative")
    RepaymentClaimFactory(town=fund.town, application=claim_app, amount_cents=16_000)
    ApplicationFactory(town=fund.town, category=green)  # a draft does not count
    report = year_report(town=fund.town, year=2027)
    lines = {line.label: line for line in report.by_category}
    assert (lines["Kultur"].submitted, lines["Kultur"].approved) == (2, 2)
    assert lines["Kultur"].approved_cents == 200_000
    assert lines["Kultur"].paid_cents == 200_000
    assert (lines["Grün"].approved, lines["Grün"].rejected) == (1, 1)
    types = {line.label: line for line in report.by_applicant_type}
    assert types["Initiative ohne Rechtsform"].submitted == 2
    assert types["Einzelperson"].approved_cents == 50_000
    assert report.own_money_cents == 15_000
    assert report.in_kind_hours == 20
    assert report.in_kind_value_cents == 30_000
    # Volume: the one cost plan 1,650 € + (500 € + 800 € fund money without a plan) + 300 € hours.
    assert report.volume_cents == 165_000 + 130_000 + 30_000
    assert report.approved_cents == 280_000
    assert report.leverage == pytest.approx(325_000 / 280_000)
    assert report.median_days_to_decision == pytest.approx(25, abs=0.01)
    assert report.open_claims_cents == 16_000
    assert report.balance.allocated == 2_000_000


def test_year_report_ignores_other_years_and_towns(fund: Fund, other_town: Town) -> None:
    decided(CategoryFactory(town=fund.town, fund=fund), approved=100_000, days=5)
    old = FundFactory(town=fund.town, year=2026)
    decided(CategoryFactory(town=fund.town, fund=old), approved=999_00, days=5)
    foreign = FundFactory(town=other_town, year=2027)
    decided(CategoryFactory(town=other_town, fund=foreign), approved=777_00, days=5)
    report = year_report(town=fund.town, year=2027)
    assert report.approved_cents == 100_000
    assert [f.pk for f in report.funds] == [fund.pk]


def test_council_reads_the_report_as_html_and_pdf(
    fund: Fund, client_for: Callable[[User], Client], make_member: Callable[..., User]
) -> None:
    decided(CategoryFactory(town=fund.town, fund=fund, name="Kultur"), approved=150_000, days=7)
    council = client_for(make_member(fund.town, Role.COUNCIL))
    html = council.get(url("year_report", fund.town, year=2027))
    assert html.status_code == 200
    body = html.content.decode()
    assert "Mitmach-Fonds Musterstadt: Bericht 2027" in body
    assert "1.500,00\u00a0€" in body
    pdf = council.get(url("year_report_pdf", fund.town, year=2027))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Bericht 2027" in text
    assert "Kultur" in text


def test_residents_do_not_see_the_report(
    fund: Fund, client_for: Callable[[User], Client], make_member: Callable[..., User]
) -> None:
    resident = client_for(make_member(fund.town, Role.RESIDENT))
    assert resident.get(url("year_report", fund.town, year=2027)).status_code == 403
    assert resident.get(url("year_report_pdf", fund.town, year=2027)).status_code == 403
    assert Client().get(url("year_report", fund.town, year=2027)).status_code == 302


def test_report_query_count_does_not_grow(
    fund: Fund, coordinator_client: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    category = CategoryFactory(town=fund.town, fund=fund)
    decided(category, approved=100_000, days=3, costs=120_000)
    with django_assert_max_num_queries(20) as one:
        coordinator_client.get(url("year_report", fund.town, year=2027))
    first = len(one.captured_queries)  # now: the writes below outgrow Django's query log
    for i in range(15):
        decided(
            CategoryFactory(town=fund.town, fund=fund) if i % 5 == 0 else category,
            approved=100_000 if i % 3 else None,
            days=i + 1,
            costs=120_000,
        )
        RepaymentClaimFactory(
            town=fund.town, application__category=category, application__town=fund.town
        )
    cache.clear()  # measure the uncached report again …
    coordinator_client.get(url("report_index", fund.town))  # … with the session cached again
    with django_assert_max_num_queries(first):
        response = coordinator_client.get(url("year_report", fund.town, year=2027))
    assert response.status_code == 200


def test_report_index_redirects_to_this_year(coordinator_client: Client, town: Town) -> None:
    response = coordinator_client.get(url("report_index", town))
    assert response.status_code == 302
    assert response["Location"] == url("year_report", town, year=timezone.localdate().year)
