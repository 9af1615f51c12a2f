"""The demo fund: 20,000 € from three sources, eight applications, one full cycle."""

from __future__ import annotations

import pytest

from logbuch.fund import ledger
from logbuch.fund.demo import FUND_NAME, build_demo
from logbuch.fund.models import Application, ApplicationStatus, Fund, LedgerEntry, RepaymentClaim
from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db


def people_of(town, make_member):
    counts = {
        "coordinator": 1,
        "staff": 2,
        "council": 3,
        "volunteer": 4,
        "business": 2,
        "resident": 3,
    }
    return {role: [make_member(town, Role(role)) for _ in range(n)] for role, n in counts.items()}


def test_demo_fund_is_complete_and_idempotent(town, make_member, django_assert_max_num_queries):
    people = people_of(town, make_member)
    with django_assert_max_num_queries(1500):
        build_demo(town=town, people=people)
    fund = Fund.objects.in_town(town).get(name=FUND_NAME)
    balance = ledger.fund_balance(fund=fund)
    assert balance.allocated == 2_000_000
    statuses = sorted(Application.objects.in_town(town).values_list("status", flat=True))
    assert len(statuses) == 8
    assert {
        ApplicationStatus.CLOSED,
        ApplicationStatus.PAID,
        ApplicationStatus.APPROVED,
        ApplicationStatus.QUESTION,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.DRAFT,
        ApplicationStatus.PROOF_CHECKED,
    } == set(statuses)
    assert RepaymentClaim.objects.get().amount_cents == 16_000
    assert balance.available >= 0
    rows = LedgerEntry.objects.count()
    build_demo(town=town, people=people)
    assert LedgerEntry.objects.count() == rows
