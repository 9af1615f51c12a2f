"""Concurrent ballots on PostgreSQL: none lost, none doubled; a rule change waits for them.

Through `core.tests.races.race`; each race has a control case that takes the real guard out
of the real service: the conditional UPDATE's condition (`NOT_YET_VOTED`) for ballots, the
shared/exclusive lock on the vote (`lock`) for rule changes.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from django.db.models import Max, Q

from logbuch.core.tests.races import RaceResult, no_lock
from logbuch.fund.errors import AlreadyVoted, InvalidBallot, RulesFrozen
from logbuch.fund.models import PublicVote, PublicVoter, PublicVoting
from logbuch.fund.services import voting as voting_services
from logbuch.fund.services.voting import (
    Credential,
    ballot_cast,
    voter_codes_generate,
    voting_totals,
    voting_update,
)
from logbuch.fund.tests.helpers import MakeVoting, race_cleanly
from logbuch.towns.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 30
DUPLICATES = 15


@pytest.fixture
def voting(make_voting: MakeVoting) -> PublicVoting:
    return make_voting(options=4, votes_per_voter=3, allow_cumulation=True)


# --- one ballot per link or code ---------------------------------------------------------------


def _cast_with_duplicates(
    voting: PublicVoting, coordinator: User
) -> tuple[RaceResult, Counter[int]]:
    """30 voters at once, 15 of them twice (a double click, a second tab)."""
    codes = voter_codes_generate(voting=voting, count=VOTERS, actor=coordinator)
    options = list(voting.options.order_by("pk").values_list("pk", flat=True))
    # Voter i gives 2 points to option i % 4 and 1 point to option (i + 1) % 4.
    ballots = {code: {options[i % 4]: 2, options[(i + 1) % 4]: 1} for i, code in enumerate(codes)}
    jobs = codes + codes[:DUPLICATES]

    def cast(i: int) -> str:
        ballot_cast(voting=voting, credential=Credential(code=jobs[i]), choices=ballots[jobs[i]])
        return "ok"

    expected: Counter[int] = Counter()
    for choice in ballots.values():
        expected.update(choice)
    return race_cleanly(cast, len(jobs), (AlreadyVoted,)), expected


def test_simultaneous_ballots_with_duplicates_are_each_counted_once(
    voting: PublicVoting, coordinator: User
) -> None:
    result, expected = _cast_with_duplicates(voting, coordinator)

    assert len(result.succeeded) == VOTERS and len(result.refused) == DUPLICATES
    assert voting_totals(voting=voting) == dict(expected)
    assert PublicVote.objects.filter(voting=voting).values("ballot").distinct().count() == VOTERS
    assert PublicVoter.objects.filter(voting=voting, voted_at__isnull=False).count() == VOTERS


def test_control_without_the_conditional_flip_ballots_are_doubled(
    voting: PublicVoting, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voting_services, "NOT_YET_VOTED", Q())  # Q() holds no condition
    result, expected = _cast_with_duplicates(voting, coordinator)

    assert len(result.succeeded) > VOTERS
    assert PublicVote.objects.filter(voting=voting).values("ballot").distinct().count() > VOTERS
    assert sum(voting_totals(voting=voting).values()) > sum(expected.values())


# --- a rule change against the ballots in flight -----------------------------------------------


def _change_rules_while_voting(
    voting: PublicVoting, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> RaceResult:
    """Ten voters give 3 points each; after they have read the rules (3 votes per voter) and
    while they write, the coordinator cuts the rule to 1 vote per voter."""
    codes = voter_codes_generate(voting=voting, count=10, actor=coordinator)
    option = voting.options.order_by("pk").values_list("pk", flat=True)[0]
    original = voting_services.check_choices

    def check_then_wait(**kwargs: Any) -> None:
        original(**kwargs)
        time.sleep(0.3)  # the ballot has passed the rules and has not written yet

    monkeypatch.setattr(voting_services, "check_choices", check_then_wait)

    def act(i: int) -> str:
        if i == 0:
            time.sleep(0.1)  # the ballots have read the rules
            voting_update(voting=voting, actor=coordinator, votes_per_voter=1)
            return "changed"
        ballot_cast(voting=voting, credential=Credential(code=codes[i - 1]), choices={option: 3})
        return "voted"

    return race_cleanly(act, 11, (RulesFrozen, InvalidBallot))


def _mixed_rules(voting: PublicVoting) -> bool:
    """A ballot with more points than the rules now in force allow."""
    voting.refresh_from_db()
    most = PublicVote.objects.filter(voting=voting).aggregate(m=Max("points"))["m"] or 0
    return most > voting.votes_per_voter


def test_a_rule_change_waits_for_the_ballots_in_flight_and_is_then_refused(
    voting: PublicVoting, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _change_rules_while_voting(voting, coordinator, monkeypatch)

    assert result.succeeded.count("voted") == 10
    assert [type(e) for e in result.refused] == [RulesFrozen]
    assert not _mixed_rules(voting)
    assert voting.votes_per_voter == 3


def test_control_without_the_lock_ballots_are_counted_under_rules_no_longer_in_force(
    voting: PublicVoting, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voting_services, "lock", no_lock)
    result = _change_rules_while_voting(voting, coordinator, monkeypatch)

    assert "changed" in result.succeeded
    assert _mixed_rules(voting)
