"""Scenarios of real funds, end to end through the ledger: assembly and public vote."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from logbuch.fund import ledger
from logbuch.fund.errors import AlreadyVoted, AwardsExceedBudget, NotCountable, VotingError
from logbuch.fund.models import (
    Application,
    ApplicationStatus,
    AssemblyResult,
    Category,
    Decision,
    DecisionMode,
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
    voter_request_link,
    voting_count,
    voting_create,
    voting_totals,
)
from logbuch.fund.tests.factories import ApplicationFactory, CategoryFactory, funded_category
from logbuch.towns.models import Town, User

LINK = "http://testserver/v/{token}/"
CLIENT = "test-client"


def vote_category(town: Town, actor: User, euros: int) -> Category:
    """A category decided by public vote, holding `euros`."""
    category: Category = funded_category(
        town,
        budget_cents=euros * 100,
        actor=actor,
        max_amount_cents=3_000_000,
        public_vote_enabled=True,
    )
    return category


def submitted(category: Category, title: str, euros: int, minutes_ago: int) -> Application:
    return ApplicationFactory(
        town=category.town,
        category=category,
        title=title,
        requested_cents=euros * 100,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(minutes=minutes_ago),
        consent_publish=True,  # the list of a public vote is public
    )


def test_assembly_vote_exhausts_2600_euro_with_a_reduced_last_award(
    town: Town, coordinator: User, django_capture_on_commit_callbacks: object
) -> None:
    category = vote_category(town, coordinator, 2_600)
    bank = submitted(category, "Bank am Teich", 900, 50)
    garden = submitted(category, "Schulgarten", 800, 40)
    cinema = submitted(category, "Kino im Hof", 1_200, 30)
    choir = submitted(category, "Chorfest", 500, 20)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assembly, awards = assembly_record(
            fund=category.fund,
            category=category,
            held_on=date(2027, 3, 12),
            place="Bürgerhaus",
            attendees=87,
            budget_cents=260_000,
            minutes="Versammlung im Bürgerhaus, 87 Anwesende, Abstimmung per Handzeichen.",
            lines=[
                AssemblyLine(application=choir, votes_yes=12, votes_no=30),
                AssemblyLine(application=cinema, votes_yes=30, votes_no=10),
                AssemblyLine(application=bank, votes_yes=41, votes_no=5),
                AssemblyLine(application=garden, votes_yes=37, votes_no=8),
            ],
            actor=coordinator,
        )
    assert {a.key: a.amount_cents for a in awards} == {
        bank.pk: 90_000,
        garden.pk: 80_000,
        cinema.pk: 90_000,
        choir.pk: 0,
    }
    cinema_decision = Decision.objects.get(application=cinema)
    assert cinema_decision.outcome == Decision.Outcome.APPROVED_PARTIAL
    assert cinema_decision.amount_cents == 90_000
    assert cinema_decision.mode == DecisionMode.ASSEMBLY
    assert (cinema_decision.votes_yes, cinema_decision.votes_no) == (30, 10)
    assert "Bürgerhaus" in cinema_decision.minutes
    assert Decision.objects.get(application=choir).outcome == Decision.Outcome.REJECTED
    balance = ledger.bucket_balance(fund=category.fund, category=category)
    assert balance.committed == 260_000
    assert balance.available == 0
    assert list(
        AssemblyResult.objects.filter(assembly=assembly).values_list("rank", "awarded_cents")
    ) == [(1, 90_000), (2, 80_000), (3, 90_000), (4, 0)]
    # Every applicant hears the outcome.
    assert len([m for m in mail.outbox if "Entscheidung" in m.subject]) == 4


def test_assembly_needs_minutes(town: Town, coordinator: User) -> None:
    category = vote_category(town, coordinator, 1_000)
    app = submitted(category, "Fest", 500, 5)
    with pytest.raises(VotingError, match="Protokoll"):
        assembly_record(
            fund=category.fund,
            category=category,
            held_on=date(2027, 3, 12),
            place="",
            attendees=10,
            budget_cents=100_000,
            minutes=" ",
            lines=[AssemblyLine(application=app, votes_yes=5)],
            actor=coordinator,
        )


def voting_created(
    category: Category, apps: list[Application], actor: User, **rules: object
) -> PublicVoting:
    now = timezone.now()
    return voting_create(
        fund=category.fund,
        category=category,
        title="Bürgerhaushalt 2027",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        applications=apps,
        actor=actor,
        **rules,  # type: ignore[arg-type]
    )


def options_by_app(voting: PublicVoting) -> dict[int, int]:
    return dict(voting.options.values_list("application_id", "pk"))


def test_public_vote_with_a_duplicate_email_counts_once(town: Town, coordinator: User) -> None:
    category = vote_category(town, coordinator, 5_000)
    bench = submitted(category, "Bank", 1_000, 3)
    tree = submitted(category, "Baum", 1_000, 2)
    voting = voting_created(
        category,
        [bench, tree],
        coordinator,
        votes_per_voter=1,
        allow_cumulation=False,
        budget_cents=100_000,
    )
    options = options_by_app(voting)
    # Anna votes for the bench, then tries again with the same address for the tree.
    token = voter_request_link(
        voting=voting, email="anna@example.org", link_for=LINK, client=CLIENT
    )
    assert token
    ballot_cast(voting=voting, credential=Credential(token=token), choices={options[bench.pk]: 1})
    again = voter_request_link(
        voting=voting, email="ANNA@example.org", link_for=LINK, client=CLIENT
    )
    assert again is None
    with pytest.raises(AlreadyVoted):
        ballot_cast(
            voting=voting, credential=Credential(token=token), choices={options[tree.pk]: 1}
        )
    # Bert votes for the tree.
    other = voter_request_link(
        voting=voting, email="bert@example.org", link_for=LINK, client=CLIENT
    )
    assert other
    ballot_cast(voting=voting, credential=Credential(token=other), choices={options[tree.pk]: 1})
    assert voting_totals(voting=voting) == {options[bench.pk]: 1, options[tree.pk]: 1}
    # Tie at one vote each: the earlier application (the bench) wins the only 1,000 €.
    awards = voting_count(voting=voting, actor=coordinator, now=voting.closes_at)
    assert {a.key: a.amount_cents for a in awards} == {
        options[bench.pk]: 100_000,
        options[tree.pk]: 0,
    }


def test_cumulative_five_tokens_fund_in_rank_order_to_50000_euro(
    town: Town, coordinator: User
) -> None:
    category = vote_category(town, coordinator, 60_000)
    apps = {
        "Spielplatz": submitted(category, "Spielplatz", 20_000, 50),
        "Dorfladen": submitted(category, "Dorfladen", 15_000, 40),
        "Radweg-Schilder": submitted(category, "Radweg-Schilder", 18_000, 30),
        "Jugendraum": submitted(category, "Jugendraum", 9_000, 20),
    }
    voting = voting_created(
        category,
        list(apps.values()),
        coordinator,
        votes_per_voter=5,
        allow_cumulation=True,
        budget_cents=5_000_000,
    )
    assert all(
        a.status == ApplicationStatus.VOTING
        for a in Application.objects.filter(pk__in=[a.pk for a in apps.values()])
    )
    opt = {title: options_by_app(voting)[app.pk] for title, app in apps.items()}
    codes = voter_codes_generate(voting=voting, count=40, actor=coordinator)
    # 40 voters with 5 tokens each, cumulated: Dorfladen 80, Spielplatz 60, Radweg 40, Jugend 20.
    patterns = [
        {opt["Dorfladen"]: 2, opt["Spielplatz"]: 2, opt["Radweg-Schilder"]: 1},
        {
            opt["Dorfladen"]: 2,
            opt["Spielplatz"]: 1,
            opt["Radweg-Schilder"]: 1,
            opt["Jugendraum"]: 1,
        },
    ]
    for i, code in enumerate(codes):
        ballot_cast(voting=voting, credential=Credential(code=code), choices=patterns[i % 2])
    with pytest.raises(NotCountable, match="nach dem Ende"):
        voting_count(voting=voting, actor=coordinator)
    awards = voting_count(voting=voting, actor=coordinator, now=voting.closes_at)
    ranking = [(a.key, a.votes, a.amount_cents) for a in awards]
    assert ranking == [
        (opt["Dorfladen"], 80, 1_500_000),
        (opt["Spielplatz"], 60, 2_000_000),
        (opt["Radweg-Schilder"], 40, 1_500_000),  # reduced: 50,000 € are used up
        (opt["Jugendraum"], 20, 0),
    ]
    decisions = {
        d.application.title: d
        for d in Decision.objects.filter(application__fund=category.fund).select_related(
            "application"
        )
    }
    assert decisions["Radweg-Schilder"].outcome == Decision.Outcome.APPROVED_PARTIAL
    assert decisions["Jugendraum"].outcome == Decision.Outcome.REJECTED
    assert all(d.mode == DecisionMode.PUBLIC_VOTE for d in decisions.values())
    commitments = LedgerEntry.objects.filter(fund=category.fund, kind=LedgerKind.COMMITMENT)
    assert sum(e.amount_cents for e in commitments) == 5_000_000
    voting.refresh_from_db()
    assert voting.status == PublicVoting.Status.COUNTED
    with pytest.raises(NotCountable):
        voting_count(voting=voting, actor=coordinator, now=voting.closes_at)


def test_skip_rule_funds_the_next_project_that_fits(town: Town, coordinator: User) -> None:
    category = vote_category(town, coordinator, 3_000)
    big = submitted(category, "Groß", 2_500, 3)
    small = submitted(category, "Klein", 400, 2)
    first = submitted(category, "Erst", 1_000, 1)
    voting = voting_created(
        category,
        [big, small, first],
        coordinator,
        votes_per_voter=3,
        allow_cumulation=True,
        budget_cents=150_000,
        shortfall_rule=PublicVoting.Shortfall.SKIP,
    )
    opt = options_by_app(voting)
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    ballot_cast(
        voting=voting,
        credential=Credential(code=code),
        choices={opt[first.pk]: 3},
    )
    code2 = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    ballot_cast(
        voting=voting, credential=Credential(code=code2), choices={opt[big.pk]: 2, opt[small.pk]: 1}
    )
    awards = voting_count(voting=voting, actor=coordinator, now=voting.closes_at)
    assert {a.key: a.amount_cents for a in awards} == {
        opt[first.pk]: 100_000,
        opt[big.pk]: 0,
        opt[small.pk]: 40_000,
    }


def test_counting_over_the_ledger_books_nothing(town: Town, coordinator: User) -> None:
    category = vote_category(town, coordinator, 500)  # the vote promises more than there is
    app = submitted(category, "Teuer", 1_000, 1)
    voting = voting_created(
        category,
        [app],
        coordinator,
        votes_per_voter=1,
        allow_cumulation=False,
        budget_cents=100_000,
    )
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    ballot_cast(
        voting=voting, credential=Credential(code=code), choices={options_by_app(voting)[app.pk]: 1}
    )
    with pytest.raises(AwardsExceedBudget, match=r"nur 500,00 € frei\. Es wurde nichts gebucht\."):
        voting_count(voting=voting, actor=coordinator, now=voting.closes_at)
    assert not LedgerEntry.objects.filter(kind=LedgerKind.COMMITMENT).exists()
    voting.refresh_from_db()
    assert voting.status != PublicVoting.Status.COUNTED


def test_only_applications_of_the_votes_category_can_be_listed(
    town: Town, coordinator: User
) -> None:
    category = vote_category(town, coordinator, 1_000)
    other = CategoryFactory(town=town, fund=category.fund, name="Jugend")
    stranger = submitted(other, "Jugendraum", 500, 1)
    with pytest.raises(VotingError, match="nur Anträge aus dem Förderbereich"):
        voting_created(
            category,
            [stranger],
            coordinator,
            votes_per_voter=1,
            allow_cumulation=False,
            budget_cents=50_000,
        )
