"""The rules as pure functions: facts in, German sentences out (no database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from logbuch.fund import rules
from logbuch.fund.models import (
    ApplicantType,
    Call,
    Category,
    CostType,
    JuryMajority,
    ProofDeadlineKind,
)
from logbuch.fund.services.decisions import JuryTally, _majority, proof_due_date

NOW = datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))
TODAY = NOW.date()


def category(**rules_):
    defaults = {
        "name": "Kleinprojekte",
        "max_amount_cents": 150_000,
        "max_applications_per_call": 1,
    }
    return Category(**{**defaults, **rules_})


def facts(**kw):
    defaults = {
        "applicant_type": "club",
        "birth_date": None,
        "resides_in_town": True,
        "requested_cents": 100_000,
        "own_money_cents": 0,
        "in_kind_hours": 0,
        "start_date": TODAY + timedelta(days=30),
        "end_date": TODAY + timedelta(days=40),
        "costs": [rules.Cost(CostType.MATERIAL, 100_000)],
    }
    return rules.ApplicationFacts(**{**defaults, **kw})


def check(cat, f, call=None):
    return rules.check_application(category=cat, call=call, facts=f, now=NOW, today=TODAY)


def test_a_clean_application_passes():
    assert check(category(), facts()) == []


def test_applicant_types_name_who_may_apply():
    (failure,) = check(
        category(applicant_types=[ApplicantType.VEREIN, ApplicantType.SCHOOL]),
        facts(applicant_type=ApplicantType.BUSINESS),
    )
    assert (
        failure.startswith("Regel „Wer darf beantragen“") and "Verein, Schule oder Kita" in failure
    )


def test_people_must_live_in_town_and_give_their_birth_date():
    failures = check(category(), facts(applicant_type="person", resides_in_town=False))
    assert any("Geburtsdatum" in f for f in failures)
    assert any("Regel „Wohnsitz“" in f for f in failures)


def test_waiting_period_for_repeat_beneficiaries():
    cat = category(waiting_period_years=2)
    (failure,) = check(cat, facts(last_funded_year=2026))
    assert "Regel „Wartezeit“" in failure and "2 Jahren" in failure and "2026" in failure
    assert check(cat, facts(last_funded_year=2024)) == []


def test_call_not_yet_open_and_closed():
    early = Call(
        name="Herbst", opens_at=NOW + timedelta(days=3), closes_at=NOW + timedelta(days=30)
    )
    assert any("erst ab" in f for f in check(category(), facts(), call=early))
    late = Call(
        name="Frühling", opens_at=NOW - timedelta(days=30), closes_at=NOW - timedelta(hours=1)
    )
    assert any("Regel „Einsendeschluss“" in f for f in check(category(), facts(), call=late))
    rolling = Call(name="Laufend", opens_at=NOW - timedelta(days=30), closes_at=None)
    assert check(category(), facts(), call=rolling) == []


def test_no_retroactive_funding_counts_from_the_expected_decision_date():
    call = Call(
        name="R",
        opens_at=NOW - timedelta(days=1),
        closes_at=None,
        decision_on=TODAY + timedelta(days=60),
    )
    (failure,) = check(category(), facts(), call=call)
    assert "Regel „Kein vorzeitiger Beginn“" in failure
    assert check(category(no_retroactive_funding=False), facts(), call=call) == []


def test_minimum_fixed_amount_and_tiers():
    assert any(
        "Regel „Mindestbetrag“" in f
        for f in check(category(min_amount_cents=200_000, max_amount_cents=500_000), facts())
    )
    assert any(
        "Regel „Fester Betrag“" in f for f in check(category(fixed_amount_cents=50_000), facts())
    )
    cat = category(tiers_cents=[50_000, 80_000], max_amount_cents=500_000)
    assert any("Regel „Förderstufen“" in f for f in check(cat, facts()))
    assert rules.totals(category=cat, facts=facts(requested_cents=60_000)).tier_cents == 80_000


def test_admin_flat_rate_adds_to_eligible_costs_and_excluded_costs_do_not_count():
    cat = category(admin_flat_rate_percent=7, excluded_cost_types=[CostType.ALCOHOL])
    t = rules.totals(
        category=cat,
        facts=facts(
            costs=[rules.Cost(CostType.MATERIAL, 100_000), rules.Cost(CostType.ALCOHOL, 5_000)]
        ),
    )
    assert (t.eligible_costs_cents, t.flat_rate_cents, t.total_costs_cents) == (
        100_000,
        7_000,
        107_000,
    )


def test_eligible_cost_types_whitelist():
    failures = check(
        category(eligible_cost_types=[CostType.MATERIAL]),
        facts(costs=[rules.Cost(CostType.FEE, 100_000)]),
    )
    assert any("„Honorar“ werden in diesem Förderbereich nicht gefördert" in f for f in failures)


@given(
    hours=st.integers(min_value=0, max_value=10_000),
    costs=st.integers(min_value=1, max_value=10_000_000),
    rate=st.integers(min_value=0, max_value=10_000),
    cap=st.integers(min_value=0, max_value=100),
)
def test_in_kind_credit_never_exceeds_value_or_cap(hours, costs, rate, cap):
    cat = category(in_kind_allowed=True, in_kind_hourly_rate_cents=rate, in_kind_cap_percent=cap)
    value, credited = rules.in_kind_credit(category=cat, hours=hours, total_costs_cents=costs)
    assert value == hours * rate
    assert 0 <= credited <= value
    assert credited <= costs * cap // 100


def test_proof_deadline_fixed_date_or_weeks_after_the_end():
    end = date(2027, 6, 30)
    weeks = category(proof_deadline_kind=ProofDeadlineKind.WEEKS_AFTER_END, proof_deadline_weeks=8)
    assert proof_due_date(category=weeks, end_date=end, today=TODAY) == date(2027, 8, 25)
    fixed = category(
        proof_deadline_kind=ProofDeadlineKind.FIXED_DATE, proof_deadline_date=date(2027, 12, 31)
    )
    assert proof_due_date(category=fixed, end_date=end, today=TODAY) == date(2027, 12, 31)


def test_two_thirds_majority():
    tally = JuryTally(members=5, conflicted=0, eligible=5, quorum=3, yes=3, no=2, abstain=0)
    assert _majority(tally, JuryMajority.SIMPLE)
    assert not _majority(tally, JuryMajority.TWO_THIRDS)
    assert _majority(JuryTally(5, 0, 5, 3, 4, 2, 0), JuryMajority.TWO_THIRDS)
