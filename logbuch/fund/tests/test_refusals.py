"""Refusals say what is true (issue 9, finding 10), and who may apply without a role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from logbuch.fund import ledger
from logbuch.fund.errors import AwardsExceedBudget
from logbuch.fund.models import (
    Application,
    ApplicationStatus,
    Category,
    LedgerEntry,
    LedgerKind,
    PublicVoting,
)
from logbuch.fund.services.voting import (
    AssemblyLine,
    Credential,
    assembly_record,
    ballot_cast,
    voter_codes_generate,
    voting_create,
)
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    funded_category,
    submitted_application,
)
from logbuch.fund.tests.helpers import url
from logbuch.fund.tests.test_views import form_data
from logbuch.towns.models import Membership, Town, User
from logbuch.towns.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _vote_over(category: Category, coordinator: User, euros: list[int]) -> PublicVoting:
    apps = [
        submitted_application(
            category,
            title=f"Projekt {n}",
            requested_cents=e * 100,
            consent_publish=True,
            submitted_at=timezone.now() - timedelta(minutes=10 - n),
        )
        for n, e in enumerate(euros)
    ]
    voting = voting_create(
        fund=category.fund,
        category=category,
        title="Kiezkasse",
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() + timedelta(days=1),
        votes_per_voter=len(apps),
        allow_cumulation=False,
        budget_cents=sum(euros) * 100,
        applications=apps,
        actor=coordinator,
    )
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    ballot_cast(
        voting=voting,
        credential=Credential(code=code),
        choices=dict.fromkeys(voting.options.values_list("pk", flat=True), 1),
    )
    PublicVoting.objects.filter(pk=voting.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(hours=1)
    )
    return voting


def test_a_refused_vote_count_names_the_free_amount_and_that_nothing_was_booked(
    coordinator_client: Client, town: Town, coordinator: User
) -> None:
    category = funded_category(town, budget_cents=200_000, actor=coordinator)
    # 1,200 € fit; then 1,000 € meet only 800 € inside the attempt. Free are 2,000 €.
    voting = _vote_over(category, coordinator, [1_200, 1_000])
    response = coordinator_client.post(url("fund:voting_count", town, pk=voting.pk), follow=True)
    body = response.content.decode()
    assert "nur 2.000,00 € frei" in body
    assert "Es wurde nichts gebucht." in body
    assert "800,00" not in body
    assert not LedgerEntry.objects.filter(kind=LedgerKind.COMMITMENT).exists()
    assert ledger.bucket_balance(fund=category.fund, category=category).available == 200_000


def test_a_refused_assembly_names_the_free_amount_and_that_nothing_was_booked(
    town: Town, coordinator: User
) -> None:
    category = funded_category(town, budget_cents=200_000, actor=coordinator)
    apps = [
        submitted_application(category, title=f"Projekt {e}", requested_cents=e * 100)
        for e in (1_200, 1_000)
    ]
    with pytest.raises(AwardsExceedBudget) as refused:
        assembly_record(
            fund=category.fund,
            category=category,
            held_on=timezone.localdate(),
            place="Bürgerhaus",
            attendees=40,
            budget_cents=220_000,
            minutes="Protokoll",
            lines=[AssemblyLine(application=a, votes_yes=10) for a in apps],
            actor=coordinator,
        )
    assert refused.value.available_cents == 200_000
    assert refused.value.needed_cents == 220_000
    assert "nur 2.000,00 € frei. Es wurde nichts gebucht." in str(refused.value)
    assert not LedgerEntry.objects.filter(kind=LedgerKind.COMMITMENT).exists()


def test_a_refused_rule_change_shows_the_reason_and_keeps_the_input(
    coordinator_client: Client, town: Town, coordinator: User
) -> None:
    category = funded_category(town, budget_cents=500_000, actor=coordinator)
    voting = _vote_over(category, coordinator, [1_000, 1_000])
    PublicVoting.objects.filter(pk=voting.pk).update(closes_at=timezone.now() + timedelta(days=3))
    now = timezone.localtime()
    response = coordinator_client.post(
        url("fund:voting_manage", town, pk=voting.pk),
        {
            "title": "Kiezkasse mit neuen Regeln",
            "category": category.pk,
            "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
            "budget": "3.000",
            "votes_per_voter": "1",
            "shortfall_rule": "reduce_last",
            "applications": list(voting.options.values_list("application_id", flat=True)),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "können nicht mehr geändert werden: die erste Stimme wurde am" in body
    assert 'value="Kiezkasse mit neuen Regeln"' in body
    voting.refresh_from_db()
    assert voting.title == "Kiezkasse"


# --- applying without a role (docs/architecture.md, "Who may apply") ---------------------------


def test_a_signed_in_person_without_a_role_applies_and_gets_no_role(
    client_for: Callable[[User], Client], town: Town
) -> None:
    category = funded_category(town)
    resident = UserFactory()
    c = client_for(resident)
    response = c.post(
        url("fund:application_new", town, fund_pk=category.fund_id),
        form_data(category, einreichen="1"),
    )
    app = Application.objects.get(applicant=resident)
    assert response.status_code == 302
    assert app.status == ApplicationStatus.SUBMITTED
    assert c.get(url("fund:application_detail", town, pk=app.pk)).status_code == 200
    assert not Membership.objects.filter(user=resident).exists()


def test_without_a_role_a_person_sees_only_the_own_applications_and_no_tools(
    client_for: Callable[[User], Client], town: Town
) -> None:
    category = funded_category(town)
    neighbour = submitted_application(category, title="Nachbars Antrag")
    a_strangers_draft = ApplicationFactory(town=town, category=category, applicant=UserFactory())
    c = client_for(UserFactory())
    assert c.get(url("fund:application_detail", town, pk=neighbour.pk)).status_code == 404
    assert c.get(url("fund:application_detail", town, pk=a_strangers_draft.pk)).status_code == 404
    assert c.get(url("fund:review_queue", town, pk=category.fund_id)).status_code == 403
    assert c.get(url("fund:fund_manage", town, pk=category.fund_id)).status_code == 403
    assert c.get(url("fund:year_report", town, year=2027)).status_code == 403
    response = c.post(url("fund:jury_vote", town, pk=neighbour.pk), {"choice": "yes"})
    assert response.status_code == 403
    assert not neighbour.jury_votes.exists()


def test_without_a_role_nobody_applies_anonymously_or_to_a_closed_fund(
    client: Client, client_for: Callable[[User], Client], town: Town
) -> None:
    category = funded_category(town)
    new = url("fund:application_new", town, fund_pk=category.fund_id)
    anonymous = client.post(new, form_data(category, einreichen="1"))
    assert anonymous.status_code == 302 and "/konto/" in anonymous["Location"]
    category.fund.is_open = False
    category.fund.save(update_fields=["is_open"])
    closed = client_for(UserFactory()).post(new, form_data(category, einreichen="1"))
    assert closed.status_code == 302
    assert not Application.objects.exists()


def test_the_rules_of_a_category_apply_to_people_without_a_role(
    client_for: Callable[[User], Client], town: Town
) -> None:
    category = funded_category(town, max_amount_cents=100_000)
    c = client_for(UserFactory())
    response = c.post(
        url("fund:application_new", town, fund_pk=category.fund_id),
        form_data(category, einreichen="1"),
    )
    assert response.status_code == 200
    assert "Regel „Höchstbetrag“" in response.content.decode()
    assert Application.objects.get().status == ApplicationStatus.DRAFT
