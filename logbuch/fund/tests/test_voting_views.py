"""Voting through the web: by paper code or email link, and the coordinator's vote tools."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from logbuch.fund.forms.applications import CostItemForm
from logbuch.fund.forms.voting import VotingForm
from logbuch.fund.models import (
    ApplicationStatus,
    AssemblyVote,
    Decision,
    FundSource,
    PublicVoting,
)
from logbuch.fund.services.setup import fund_source_add
from logbuch.fund.services.voting import voter_codes_generate, voting_totals
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    AssemblyVoteFactory,
    CategoryFactory,
    PublicVoteOptionFactory,
    PublicVotingFactory,
)
from logbuch.fund.tests.helpers import MakeVoting, url
from logbuch.towns.models import Role, Town, User


@pytest.fixture
def voting(make_voting: MakeVoting) -> PublicVoting:
    return make_voting(
        titles=("Bank", "Baum", "Brunnen"), title="Bürgerhaushalt", votes_per_voter=2
    )


def option_fields(voting: PublicVoting) -> list[str]:
    return [f"option_{pk}" for pk in voting.options.order_by("pk").values_list("pk", flat=True)]


def test_vote_with_a_paper_code(client: Client, voting: PublicVoting, coordinator: User) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    page = client.get(url("voting_detail", voting.town, pk=voting.pk))
    assert page.status_code == 200
    assert "Bank" in page.content.decode()
    ballot = client.post(url("voting_code", voting.town, pk=voting.pk), {"code": code})
    assert ballot.status_code == 200
    assert "Ihr Stimmzettel" in ballot.content.decode()
    first, second, _third = option_fields(voting)
    done = client.post(
        url("voting_cast", voting.town, pk=voting.pk),
        {"code": code, first: "on", second: "on"},
    )
    assert done.status_code == 302
    assert done["Location"] == url("voting_thanks", voting.town, pk=voting.pk)
    assert sum(voting_totals(voting=voting).values()) == 2
    # The same code again: refused, counted once.
    again = client.post(url("voting_code", voting.town, pk=voting.pk), {"code": code})
    assert again.status_code == 400
    assert "schon abgestimmt" in again.content.decode()
    replay = client.post(url("voting_cast", voting.town, pk=voting.pk), {"code": code, first: "on"})
    assert replay.status_code == 400
    assert sum(voting_totals(voting=voting).values()) == 2


def test_too_many_crosses_keep_the_ballot_and_name_the_limit(
    client: Client, voting: PublicVoting, coordinator: User
) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    fields = option_fields(voting)
    response = client.post(
        url("voting_cast", voting.town, pk=voting.pk),
        {"code": code, **dict.fromkeys(fields, "on")},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "3 Stimmen vergeben, erlaubt sind 2" in body
    assert body.count("checked") == 3
    assert voting_totals(voting=voting) == {}


def test_the_ballot_is_one_group_whose_legend_says_how_many_to_cross(
    client: Client, voting: PublicVoting, coordinator: User
) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    body = client.post(url("voting_code", voting.town, pk=voting.pk), {"code": code})
    fieldset = re.search(r"<fieldset.*?</fieldset>", body.content.decode(), re.S)
    assert fieldset
    assert re.search(r"<legend[^>]*>\s*Kreuzen Sie bis zu 2 Anträge an.\s*</legend>", fieldset[0])
    assert fieldset[0].count('type="checkbox"') == 3


def test_vote_with_an_email_link(
    client: Client, voting: PublicVoting, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with_link = client.post(
            url("voting_request_link", voting.town, pk=voting.pk),
            {"email": "anna@example.org"},
        )
    assert with_link.status_code == 200
    assert len(mail.outbox) == 1
    found = re.search(r"http://\S+/stimme/(\S+)/", str(mail.outbox[0].body))
    assert found
    token = found.group(1)
    ballot = client.get(url("ballot", voting.town, pk=voting.pk, token=token))
    assert ballot.status_code == 200
    first = option_fields(voting)[0]
    client.post(url("voting_cast", voting.town, pk=voting.pk), {"token": token, first: "on"})
    assert sum(voting_totals(voting=voting).values()) == 1
    # A second request with the same address looks the same but sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            url("voting_request_link", voting.town, pk=voting.pk),
            {"email": "Anna@example.org"},
        )
    assert again.status_code == 200
    assert len(mail.outbox) == 1
    used = client.get(url("ballot", voting.town, pk=voting.pk, token=token))
    assert used.status_code == 400


def test_a_bad_email_address_is_explained(client: Client, voting: PublicVoting) -> None:
    response = client.post(
        url("voting_request_link", voting.town, pk=voting.pk), {"email": "kein-at"}
    )
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.content.decode()


def test_a_closed_vote_shows_no_forms(client: Client, town: Town) -> None:
    now = timezone.now()
    voting = PublicVotingFactory(
        town=town, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    body = client.get(url("voting_detail", town, pk=voting.pk)).content.decode()
    assert "nicht geöffnet" in body
    assert "Weiter zum Stimmzettel" not in body


def test_voting_page_query_count_does_not_grow(
    client: Client, voting: PublicVoting, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    with django_assert_max_num_queries(8) as few:
        client.get(url("voting_detail", voting.town, pk=voting.pk))
    for _ in range(15):
        PublicVoteOptionFactory(town=voting.town, voting=voting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("voting_detail", voting.town, pk=voting.pk))


def test_coordinator_sets_up_a_vote_and_counts_it(
    coordinator_client: Client, town: Town, coordinator: User
) -> None:
    category = CategoryFactory(town=town, max_amount_cents=1_000_000)
    fund = category.fund
    fund_source_add(
        fund=fund,
        actor=coordinator,
        kind=FundSource.Kind.TOWN_BUDGET,
        name="Haushalt",
        amount_cents=500_000,
        category=category,
    )
    apps = [
        ApplicationFactory(
            town=town,
            category=category,
            requested_cents=200_000,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            consent_publish=True,
        )
        for _ in range(3)
    ]
    now = timezone.localtime()
    response = coordinator_client.post(
        url("voting_new", town, fund_pk=fund.pk),
        {
            "title": "Kiezkasse Nord",
            "category": category.pk,
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "budget": "5.000",
            "votes_per_voter": "1",
            "shortfall_rule": "reduce_last",
            "applications": [a.pk for a in apps],
        },
    )
    assert response.status_code == 302, response.content.decode()
    voting = PublicVoting.objects.get(title="Kiezkasse Nord")
    assert voting.budget_cents == 500_000
    manage = coordinator_client.get(url("voting_manage", town, pk=voting.pk))
    assert manage.status_code == 200
    coordinator_client.post(url("voting_codes", town, pk=voting.pk), {"count": "3"})
    sheet = coordinator_client.get(url("voting_codes", town, pk=voting.pk))
    codes = re.findall(r'class="code-sheet__code">([A-Z0-9-]+)<', sheet.content.decode())
    assert len(codes) == 3
    voter = Client()
    field = option_fields(voting)[0]
    voter.post(url("voting_cast", town, pk=voting.pk), {"code": codes[0], field: "on"})
    # Changing the rules after the first vote is refused with the reason.
    frozen = coordinator_client.get(url("voting_manage", town, pk=voting.pk))
    assert "können nicht mehr geändert werden" in frozen.content.decode()
    too_early = coordinator_client.post(url("voting_count", town, pk=voting.pk), follow=True)
    assert "Ausgezählt wird nach dem Ende" in too_early.content.decode()
    PublicVoting.objects.filter(pk=voting.pk).update(
        opens_at=now - timedelta(days=8), closes_at=now - timedelta(minutes=1)
    )
    counted = coordinator_client.post(url("voting_count", town, pk=voting.pk), follow=True)
    assert "Ausgezählt: 1 Anträge gefördert" in counted.content.decode()
    assert Decision.objects.filter(outcome=Decision.Outcome.APPROVED_FULL).count() == 1


def test_coordinator_enters_an_assembly(
    coordinator_client: Client, town: Town, coordinator: User
) -> None:
    category = CategoryFactory(town=town)
    fund_source_add(
        fund=category.fund,
        actor=coordinator,
        kind=FundSource.Kind.TOWN_BUDGET,
        name="Haushalt",
        amount_cents=260_000,
        category=category,
    )
    a = ApplicationFactory(
        town=town, category=category, requested_cents=200_000, status=ApplicationStatus.SUBMITTED
    )
    b = ApplicationFactory(
        town=town, category=category, requested_cents=100_000, status=ApplicationStatus.SUBMITTED
    )
    form_page = coordinator_client.get(url("assembly_new", town, fund_pk=category.fund_id))
    assert form_page.status_code == 200
    response = coordinator_client.post(
        url("assembly_new", town, fund_pk=category.fund_id),
        {
            "category": category.pk,
            "held_on": "2027-03-12",
            "place": "Bürgerhaus",
            "attendees": "50",
            "budget": "2.600",
            "minutes": "Abstimmung per Handzeichen.",
            f"yes_{a.pk}": "30",
            f"no_{a.pk}": "5",
            f"yes_{b.pk}": "20",
            f"no_{b.pk}": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assembly = AssemblyVote.objects.get()
    detail = coordinator_client.get(url("assembly_detail", town, pk=assembly.pk))
    body = detail.content.decode()
    assert "2.000,00\u00a0€" in body and "600,00\u00a0€" in body


def test_vote_tools_are_for_the_coordinator_only(
    client_for: Callable[[User], Client],
    make_member: Callable[..., User],
    town: Town,
    voting: PublicVoting,
) -> None:
    resident = client_for(make_member(town, Role.RESIDENT))
    for name, kwargs in (
        ("voting_manage", {"pk": voting.pk}),
        ("voting_codes", {"pk": voting.pk}),
        ("voting_new", {"fund_pk": voting.fund_id}),
        ("assembly_new", {"fund_pk": voting.fund_id}),
    ):
        assert resident.get(url(name, town, **kwargs)).status_code == 403
    assert resident.post(url("voting_count", town, pk=voting.pk)).status_code == 403


def test_ids_of_another_town_are_not_found(
    coordinator_client: Client, town: Town, other_town: Town
) -> None:
    foreign = PublicVotingFactory(town=other_town)
    assembly = AssemblyVoteFactory(town=other_town)
    anonymous = Client()
    for name in ("voting_detail", "voting_thanks"):
        assert anonymous.get(url(name, town, pk=foreign.pk)).status_code == 404
    assert anonymous.get(url("ballot", town, pk=foreign.pk, token="x")).status_code == 404
    for name in ("voting_code", "voting_cast", "voting_request_link"):
        assert anonymous.post(url(name, town, pk=foreign.pk)).status_code == 404
    for name in ("voting_manage", "voting_codes"):
        assert coordinator_client.get(url(name, town, pk=foreign.pk)).status_code == 404
    assert coordinator_client.post(url("voting_count", town, pk=foreign.pk)).status_code == 404
    for name in ("voting_new", "assembly_new"):
        assert coordinator_client.get(url(name, town, fund_pk=foreign.fund_id)).status_code == 404
    response = coordinator_client.get(url("assembly_detail", town, pk=assembly.pk))
    assert response.status_code == 404


def test_casting_is_a_short_path(
    client: Client,
    voting: PublicVoting,
    coordinator: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    first = option_fields(voting)[0]
    # The town, a savepoint, the shared lock (PostgreSQL only), the rules with the options'
    # ids, the voter's flip, the votes, the vote's first-ballot mark, the release: 8 (7 on
    # SQLite), one less than with the options read on their own.
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 7):
        response = client.post(
            url("voting_cast", voting.town, pk=voting.pk), {"code": code, first: "on"}
        )
    assert response.status_code == 302


def test_a_vote_count_that_is_no_number_is_explained(
    client: Client, town: Town, coordinator: User
) -> None:
    voting = PublicVotingFactory(town=town, votes_per_voter=3, allow_cumulation=True)
    option = PublicVoteOptionFactory(town=town, voting=voting)
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    response = client.post(
        url("voting_cast", town, pk=voting.pk), {"code": code, f"option_{option.pk}": "x"}
    )
    assert response.status_code == 400
    assert "ganze Zahlen" in response.content.decode()
    assert voting_totals(voting=voting) == {}


def test_a_counted_vote_shows_its_result_to_everyone(client: Client, town: Town) -> None:
    voting = PublicVotingFactory(town=town, status=PublicVoting.Status.COUNTED)
    PublicVoteOptionFactory(
        town=town, voting=voting, application__title="Bank", points=12, rank=1, awarded_cents=1000
    )
    body = client.get(url("voting_detail", town, pk=voting.pk)).content.decode()
    assert "Ergebnis" in body and "Bank" in body and "12" in body
    assert "Weiter zum Stimmzettel" not in body


def test_a_vote_budget_gets_the_same_message_as_every_amount(town: Town) -> None:
    """One EuroField (fund.money): the same German sentence for a wrong amount everywhere."""
    voting = PublicVotingFactory(town=town)
    vote_form = VotingForm({"budget": "zwölf"}, fund=voting.fund)
    cost_form = CostItemForm({"description": "Bühne", "amount": "zwölf"})
    assert not vote_form.is_valid() and not cost_form.is_valid()
    assert vote_form.errors["budget"] == cost_form.errors["amount"]
    assert vote_form.errors["budget"] == [
        "Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.500 oder 1500,50."
    ]
