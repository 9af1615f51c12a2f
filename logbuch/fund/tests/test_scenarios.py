"""Scenarios of real funds (Mitmach-Fonds Sachsen, Weißwasser Kleinprojektefonds,
Verfügungsfonds, ...) played through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from logbuch.fund import ledger
from logbuch.fund.errors import FundError, JuryError, PayoutError, RuleViolation
from logbuch.fund.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    CostType,
    Decision,
    DecisionMode,
    JuryMember,
    JuryVote,
    LedgerKind,
    Payout,
    PayoutSchedule,
    RepaymentClaim,
)
from logbuch.fund.services.applications import application_review_start, application_submit
from logbuch.fund.services.decisions import (
    application_decide,
    jury_conflict_declare,
    jury_decide,
    jury_tally,
    jury_vote_cast,
)
from logbuch.fund.services.payouts import (
    payout_make,
    proof_check,
    proof_missing_claim,
    proof_submit,
    repayment_record,
)
from logbuch.fund.tests.factories import (
    CallFactory,
    JuryMemberFactory,
    draft_application,
    funded_category,
    submitted_application,
)
from logbuch.towns.models import AuditEntry
from logbuch.towns.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def jury(category, n):
    return [JuryMemberFactory(town=category.town, fund=category.fund) for _ in range(n)]


def test_verein_1500_with_10_percent_own_share_jury_3_to_2_and_80_20_payout(town, coordinator):
    category = funded_category(
        town,
        budget_cents=2_000_000,
        actor=coordinator,
        own_share_percent=10,
        jury_quorum_percent=60,
        payout_schedule="split",
        first_payout_percent=80,
    )
    app = draft_application(
        category,
        applicant_type=ApplicantType.VEREIN,
        requested_cents=150_000,
        own_money_cents=17_000,
        costs=[(CostType.MATERIAL, 120_000), (CostType.RENT, 50_000)],
    )
    application_submit(application=app, actor=app.applicant)
    application_review_start(application=app, actor=coordinator)
    jurors = jury(category, 5)
    for juror, choice in zip(
        jurors, [JuryVote.Choice.YES] * 3 + [JuryVote.Choice.NO] * 2, strict=True
    ):
        jury_vote_cast(application=app, user=juror.user, choice=choice)
    decision = jury_decide(
        application=app,
        actor=coordinator,
        amount_cents=150_000,
        reason="Belebt den Marktplatz.",
        minutes="Sitzung vom 3. März, 5 Mitglieder.",
    )
    assert (decision.votes_yes, decision.votes_no) == (3, 2)
    assert decision.outcome == Decision.Outcome.APPROVED_FULL
    assert decision.minutes.startswith("Sitzung")

    first = payout_make(application=app, actor=coordinator, idempotency_key="a1")
    assert (first.kind, first.amount_cents) == (Payout.Kind.FIRST, 120_000)
    proof_submit(
        application=app, actor=app.applicant, report="Fest mit 300 Gästen.", spent_cents=150_000
    )
    assert proof_check(application=app, actor=coordinator, accepted_cents=150_000) is None
    final = payout_make(application=app, actor=coordinator, idempotency_key="a2")
    assert (final.kind, final.amount_cents) == (Payout.Kind.FINAL, 30_000)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert balance.paid == 150_000 and balance.open_commitments == 0
    assert balance.available == 2_000_000 - 150_000
    actions = set(AuditEntry.objects.filter(town=town).values_list("action", flat=True))
    assert {
        "fund.application.submitted",
        "fund.application.review_started",
        "fund.jury.vote_cast",
        "fund.application.decided",
        "fund.payout.made",
        "fund.proof.submitted",
        "fund.proof.checked",
        "fund.application.closed",
    } <= actions


@pytest.mark.parametrize(("min_age", "accepted"), [(18, False), (14, True)])
def test_a_16_year_old_is_refused_at_minimum_age_18_and_accepted_at_14(town, min_age, accepted):
    category = funded_category(town, person_min_age=min_age, applicant_types=[ApplicantType.PERSON])
    today = timezone.localdate()
    app = draft_application(
        category,
        applicant_type=ApplicantType.PERSON,
        applicant_birth_date=today.replace(year=today.year - 16) - timedelta(days=1),
        requested_cents=30_000,
        costs=[(CostType.MATERIAL, 30_000)],
    )
    if accepted:
        application_submit(application=app, actor=app.applicant)
        assert app.status == ApplicationStatus.SUBMITTED
    else:
        with pytest.raises(RuleViolation) as exc:
            application_submit(application=app, actor=app.applicant)
        assert exc.value.failures == [
            "Regel „Mindestalter“: Antragstellende Personen müssen mindestens 18 Jahre alt "
            "sein; Sie sind 16."
        ]


def test_16000_refused_at_a_15000_cap_and_a_second_idea_over_the_per_call_cap(town):
    category = funded_category(town, max_amount_cents=1_500_000, max_applications_per_call=1)
    call = CallFactory(town=town, fund=category.fund)
    applicant = UserFactory()
    too_much = draft_application(
        category,
        call=call,
        applicant=applicant,
        requested_cents=1_600_000,
        costs=[(CostType.EQUIPMENT, 1_600_000)],
    )
    with pytest.raises(RuleViolation) as exc:
        application_submit(application=too_much, actor=applicant)
    assert any(
        "Höchstbetrag" in f and "15.000,00 €" in f and "16.000,00 €" in f
        for f in exc.value.failures
    )

    first = draft_application(
        category,
        call=call,
        applicant=applicant,
        requested_cents=1_000_000,
        costs=[(CostType.EQUIPMENT, 1_000_000)],
    )
    application_submit(application=first, actor=applicant)
    second = draft_application(
        category,
        call=call,
        applicant=applicant,
        requested_cents=200_000,
        costs=[(CostType.MATERIAL, 200_000)],
    )
    with pytest.raises(RuleViolation) as exc:
        application_submit(application=second, actor=applicant)
    assert exc.value.failures == [
        "Regel „Anträge je Aufruf“: Je Antragsteller sind höchstens 1 Anträge in diesem Aufruf "
        "möglich; Sie haben schon 1 gestellt."
    ]


def test_in_kind_hours_are_credited_only_up_to_the_cap(town):
    category = funded_category(
        town,
        own_share_percent=30,
        in_kind_allowed=True,
        in_kind_hourly_rate_cents=1_500,
        in_kind_cap_percent=20,
    )
    # 40 h x 15 € = 600 €, but only 20 % of 1,000 € = 200 € count; 30 % (300 €) are needed.
    app = draft_application(
        category,
        requested_cents=70_000,
        own_money_cents=0,
        in_kind_hours=40,
        costs=[(CostType.MATERIAL, 100_000)],
    )
    with pytest.raises(RuleViolation) as exc:
        application_submit(application=app, actor=app.applicant)
    (failure,) = exc.value.failures
    assert "mindestens 30 % der Kosten" in failure
    assert "höchstens 20 % der Kosten (200,00 € von 600,00 €)" in failure
    # With 100 € of own money the 200 € credited hours make the 300 €.
    app.own_money_cents = 10_000
    app.requested_cents = 70_000
    app.save()
    application_submit(application=app, actor=app.applicant)


def test_verfuegungsfonds_style_50_percent_private_matching(town):
    category = funded_category(
        town, own_share_percent=50, applicant_types=[ApplicantType.BUSINESS, ApplicantType.VEREIN]
    )
    short = draft_application(
        category,
        applicant_type=ApplicantType.BUSINESS,
        requested_cents=100_000,
        own_money_cents=90_000,
        costs=[(CostType.EQUIPMENT, 200_000)],
    )
    with pytest.raises(RuleViolation) as exc:
        application_submit(application=short, actor=short.applicant)
    assert "mindestens 50 % der Kosten betragen, also 1.000,00 €" in exc.value.failures[-1]
    matched = draft_application(
        category,
        applicant_type=ApplicantType.BUSINESS,
        requested_cents=100_000,
        own_money_cents=100_000,
        costs=[(CostType.EQUIPMENT, 200_000)],
    )
    application_submit(application=matched, actor=matched.applicant)
    assert matched.status == ApplicationStatus.SUBMITTED


def test_late_proof_of_640_of_800_creates_a_160_repayment_claim(town, coordinator):
    category = funded_category(
        town, budget_cents=500_000, payout_schedule=PayoutSchedule.FULL, proof_deadline_weeks=4
    )
    app = submitted_application(category, requested_cents=80_000)
    application_decide(
        application=app,
        actor=coordinator,
        mode="jury",
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=80_000,
        reason="Kleinprojekt",
    )
    app.refresh_from_db()
    payout_make(application=app, actor=coordinator, idempotency_key="p")
    app.refresh_from_db()
    with time_machine.travel(app.proof_due_date + timedelta(days=20)):
        proof_submit(
            application=app, actor=app.applicant, report="Weniger gebraucht.", spent_cents=64_000
        )
        claim = proof_check(application=app, actor=coordinator, accepted_cents=64_000)
    assert claim is not None and claim.amount_cents == 16_000
    assert AuditEntry.objects.get(action="fund.proof.submitted").details["late"] is True
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PROOF_CHECKED
    before = ledger.bucket_balance(fund=category.fund, category=category).available
    repayment_record(claim=claim, actor=coordinator)
    after = ledger.bucket_balance(fund=category.fund, category=category)
    assert after.available == before + 16_000 == 500_000 - 64_000
    assert after.returned == 16_000
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED
    assert RepaymentClaim.objects.get().status == RepaymentClaim.Status.PAID


def test_a_juror_with_a_conflict_does_not_vote_and_the_quorum_is_recounted(town, coordinator):
    category = funded_category(town, jury_quorum_percent=60)
    app = submitted_application(category, requested_cents=50_000)
    jurors = jury(category, 5)
    # 5 members -> 3 votes needed. Two declare a conflict -> 3 eligible -> 2 votes needed.
    for juror in jurors[:2]:
        jury_conflict_declare(application=app, user=juror.user, reason="Vereinsmitglied")
    with pytest.raises(JuryError, match="befangen"):
        jury_vote_cast(application=app, user=jurors[0].user, choice=JuryVote.Choice.YES)
    jury_vote_cast(application=app, user=jurors[2].user, choice=JuryVote.Choice.YES)
    with pytest.raises(JuryError, match="nicht beschlussfähig: 2 Stimmen sind nötig"):
        jury_decide(
            application=app, actor=coordinator, amount_cents=50_000, reason="-", minutes="Protokoll"
        )
    jury_vote_cast(application=app, user=jurors[3].user, choice=JuryVote.Choice.YES)
    tally = jury_tally(application=app)
    assert (tally.members, tally.conflicted, tally.eligible, tally.quorum) == (5, 2, 3, 2)
    decision = jury_decide(
        application=app,
        actor=coordinator,
        amount_cents=40_000,
        reason="Gute Idee, Catering gekürzt.",
        minutes="Protokoll",
    )
    assert decision.outcome == Decision.Outcome.APPROVED_PARTIAL and decision.amount_cents == 40_000
    # Voting twice or after the decision is rejected.
    with pytest.raises(JuryError):
        jury_vote_cast(application=app, user=jurors[2].user, choice=JuryVote.Choice.NO)
    with pytest.raises(JuryError, match="schon entschieden"):
        jury_vote_cast(application=app, user=jurors[4].user, choice=JuryVote.Choice.NO)


def test_a_juror_voting_twice_is_rejected(town):
    category = funded_category(town)
    app = submitted_application(category)
    (juror,) = jury(category, 1)
    jury_vote_cast(application=app, user=juror.user, choice=JuryVote.Choice.YES)
    with pytest.raises(JuryError, match="schon abgestimmt"):
        jury_vote_cast(application=app, user=juror.user, choice=JuryVote.Choice.NO)
    assert JuryMember.objects.get().votes.count() == 1


def test_a_payout_clicked_twice_is_paid_once(town, coordinator):
    category = funded_category(town)
    app = submitted_application(category, requested_cents=100_000)
    application_decide(
        application=app,
        actor=coordinator,
        mode="jury",
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=100_000,
        reason="ok",
    )
    one = payout_make(application=app, actor=coordinator, idempotency_key="same")
    two = payout_make(application=app, actor=coordinator, idempotency_key="same")
    assert one.pk == two.pk
    # A retry with a fresh key does not pay the first instalment again either.
    with pytest.raises(PayoutError):
        payout_make(application=app, actor=coordinator, idempotency_key="other")
    assert Payout.objects.count() == 1
    assert ledger.bucket_balance(fund=category.fund, category=category).paid == 80_000
    assert app.ledger.filter(kind=LedgerKind.PAYOUT).count() == 1


def test_every_rule_failure_is_listed_at_once(town):
    category = funded_category(
        town,
        max_amount_cents=100_000,
        excluded_cost_types=[CostType.ALCOHOL],
        tiers_cents=[50_000, 100_000],
    )
    call = CallFactory(
        town=town,
        fund=category.fund,
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )
    app = draft_application(
        category,
        call=call,
        requested_cents=120_000,
        start_date=timezone.localdate() - timedelta(days=3),
        costs=[(CostType.ALCOHOL, 20_000), (CostType.MATERIAL, 150_000)],
    )
    with pytest.raises(RuleViolation) as exc:
        application_submit(application=app, actor=app.applicant)
    text = " ".join(exc.value.failures)
    for rule in [
        "Einsendeschluss",
        "Kein vorzeitiger Beginn",
        "Alkohol",
        "Höchstbetrag",
        "Förderstufen",
    ]:
        assert rule in text
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT


def test_fast_track_only_up_to_the_categorys_amount(town, coordinator):
    category = funded_category(town, fast_track_max_cents=50_000)
    small = submitted_application(category, requested_cents=50_000)
    application_decide(
        application=small,
        actor=coordinator,
        mode=DecisionMode.FAST_TRACK,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=50_000,
        reason="Klein und klar.",
    )
    big = submitted_application(category, requested_cents=60_000)
    with pytest.raises(FundError, match="Schnellverfahren"):
        application_decide(
            application=big,
            actor=coordinator,
            mode=DecisionMode.FAST_TRACK,
            outcome=Decision.Outcome.APPROVED_FULL,
            amount_cents=60_000,
            reason="zu groß",
        )


def test_a_missing_proof_turns_all_paid_money_into_a_claim(town, coordinator):
    category = funded_category(town, payout_schedule="split")
    app = submitted_application(
        category, requested_cents=100_000, end_date=timezone.localdate() + timedelta(days=40)
    )
    application_decide(
        application=app,
        actor=coordinator,
        mode="jury",
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=100_000,
        reason="ok",
    )
    payout_make(application=app, actor=coordinator, idempotency_key="x")
    app.refresh_from_db()
    with time_machine.travel(app.proof_due_date + timedelta(days=1)):
        claim = proof_missing_claim(application=app, actor=coordinator)
    assert claim is not None and claim.amount_cents == 80_000
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert balance.open_commitments == 0 and balance.released == 20_000
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.PROOF_CHECKED
