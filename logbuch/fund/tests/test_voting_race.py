"""Concurrent ballots on PostgreSQL: none lost, none doubled; a rule change waits for them."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import close_old_connections, connection, transaction

from logbuch.fund.errors import AlreadyVoted, RulesFrozen
from logbuch.fund.models import PublicVote, PublicVoter, PublicVoting
from logbuch.fund.services.voting import (
    Credential,
    ballot_cast,
    voter_codes_generate,
    voting_totals,
    voting_update,
)
from logbuch.fund.tests.factories import PublicVoteOptionFactory, PublicVotingFactory
from logbuch.fund.voting import code_hash
from logbuch.towns.models import Town, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 30
DUPLICATES = 15


def run_at_once(jobs: list[Callable[[], str]]) -> list[str]:
    """Start all jobs together behind a barrier, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[str] = [""] * len(jobs)

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = jobs[index]()
        except Exception as exc:  # the test inspects every outcome
            results[index] = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    return results


@pytest.fixture
def voting(town: Town) -> PublicVoting:
    voting = PublicVotingFactory(town=town, votes_per_voter=3, allow_cumulation=True)
    for _ in range(4):
        PublicVoteOptionFactory(town=town, voting=voting)
    return voting


def test_simultaneous_ballots_with_duplicates_are_each_counted_once(
    voting: PublicVoting, coordinator: User
) -> None:
    codes = voter_codes_generate(voting=voting, count=VOTERS, actor=coordinator)
    options = list(voting.options.order_by("pk").values_list("pk", flat=True))
    # Voter i gives 2 points to option i % 4 and 1 point to option (i + 1) % 4.
    ballots = {code: {options[i % 4]: 2, options[(i + 1) % 4]: 1} for i, code in enumerate(codes)}

    def cast(code: str) -> Callable[[], str]:
        def job() -> str:
            try:
                ballot_cast(voting=voting, credential=Credential(code=code), choices=ballots[code])
            except AlreadyVoted:
                return "duplicate"
            return "ok"

        return job

    jobs = [cast(code) for code in codes] + [cast(code) for code in codes[:DUPLICATES]]
    results = run_at_once(jobs)

    assert Counter(results) == {"ok": VOTERS, "duplicate": DUPLICATES}, results
    expected: Counter[int] = Counter()
    for choice in ballots.values():
        expected.update(choice)
    assert voting_totals(voting=voting) == dict(expected)
    assert PublicVote.objects.filter(voting=voting).values("ballot").distinct().count() == VOTERS
    assert PublicVoter.objects.filter(voting=voting, voted_at__isnull=False).count() == VOTERS


def test_control_without_the_conditional_flip_ballots_are_doubled(
    voting: PublicVoting, coordinator: User
) -> None:
    """The naive check-then-write lets the same code vote twice: the guard is needed."""
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    option = voting.options.first()
    assert option is not None
    barrier = threading.Barrier(4)

    def naive() -> str:
        with transaction.atomic():
            voter = PublicVoter.objects.get(voting=voting, identity_hash=code_hash(code))
            already = voter.voted_at is not None
            barrier.wait()  # everyone has read "not yet voted"
            if already:
                return "duplicate"
            PublicVote.objects.create(
                town=voting.town, voting=voting, option=option, points=1, ballot=uuid.uuid4()
            )
            PublicVoter.objects.filter(pk=voter.pk).update(voted_at=voting.opens_at)
        return "ok"

    results = run_at_once([naive] * 4)
    assert results.count("ok") > 1
    assert PublicVote.objects.filter(voting=voting).count() > 1


def test_a_rule_change_racing_the_first_ballot_never_mixes_rules(
    voting: PublicVoting, coordinator: User
) -> None:
    codes = voter_codes_generate(voting=voting, count=10, actor=coordinator)
    option = voting.options.order_by("pk").values_list("pk", flat=True)[0]

    def vote(code: str) -> Callable[[], str]:
        def job() -> str:
            ballot_cast(voting=voting, credential=Credential(code=code), choices={option: 3})
            return "voted"

        return job

    def change() -> str:
        try:
            voting_update(voting=voting, actor=coordinator, votes_per_voter=1)
        except RulesFrozen:
            return "frozen"
        return "changed"

    results = run_at_once([change] + [vote(c) for c in codes])
    voting.refresh_from_db()
    if results[0] == "changed":
        # The change won: every ballot after it was checked against the new rule (1 vote).
        assert voting.votes_per_voter == 1
        assert all(r == "voted" or "erlaubt sind 1" in r for r in results[1:]), results
        assert "voted" not in results[1:]
    else:
        assert results[0] == "frozen"
        assert voting.votes_per_voter == 3
        assert results[1:].count("voted") == 10
