"""Public vote: verified voters, one ballot each, rules frozen after the first vote."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from logbuch.fund import voting as secrets_
from logbuch.fund.errors import AlreadyVoted, InvalidBallot, RulesFrozen, UnknownVoter, VotingClosed
from logbuch.fund.models import PublicVote, PublicVoter, PublicVoting
from logbuch.fund.services.voting import (
    Credential,
    ballot_cast,
    voter_codes_generate,
    voter_request_link,
    voting_code_sheet,
    voting_totals,
    voting_update,
)
from logbuch.fund.tests.factories import PublicVoteOptionFactory, PublicVotingFactory
from logbuch.towns.models import Town, User

LINK = "http://testserver/musterstadt/fonds/abstimmung/1/stimme/{token}/"
CLIENT = "test-client"


def option_ids(voting: PublicVoting) -> list[int]:
    return list(voting.options.order_by("pk").values_list("pk", flat=True))


def test_a_paper_code_votes_once(voting: PublicVoting, coordinator: User) -> None:
    code = voter_codes_generate(voting=voting, count=5, actor=coordinator)[0]
    a, b, _c = option_ids(voting)
    ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 1, b: 1})
    with pytest.raises(AlreadyVoted, match="schon abgestimmt"):
        ballot_cast(voting=voting, credential=Credential(code=code.lower()), choices={a: 1})
    assert voting_totals(voting=voting) == {a: 1, b: 1}


def test_the_code_sheet_can_be_printed_again(voting: PublicVoting, coordinator: User) -> None:
    first = voter_codes_generate(voting=voting, count=3, actor=coordinator)
    more = voter_codes_generate(voting=voting, count=2, actor=coordinator)
    assert voting_code_sheet(voting=voting) == first + more
    assert len(set(first + more)) == 5
    # Only hashes are stored, never a code.
    stored = set(PublicVoter.objects.filter(voting=voting).values_list("identity_hash", flat=True))
    assert not stored & set(first + more)
    assert secrets_.code_hash(first[0]) in stored


def test_only_options_on_this_votes_list_take_votes(
    voting: PublicVoting, make_voting, coordinator: User
) -> None:
    """The rules are read with only the chosen options (not a row per option of the list):
    an option of another vote, or one that does not exist, is refused with the voter's code
    unused, also beside a valid one."""
    other = make_voting(votes_per_voter=3, allow_cumulation=False)
    code = voter_codes_generate(voting=voting, count=3, actor=coordinator)[0]
    a = option_ids(voting)[0]
    foreign = option_ids(other)[0]
    for choices in ({foreign: 1}, {a: 1, foreign: 1}, {a: 1, 999_999: 1}):
        with pytest.raises(InvalidBallot, match="nur für Anträge auf der Liste"):
            ballot_cast(voting=voting, credential=Credential(code=code), choices=choices)
    assert not PublicVote.objects.filter(voting=voting).exists()
    # A zero next to a valid choice is not a vote for that option: the ballot counts.
    ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 1, foreign: 0})
    assert voting_totals(voting=voting) == {a: 1}


def test_an_unknown_code_is_refused(voting: PublicVoting) -> None:
    a = option_ids(voting)[0]
    with pytest.raises(UnknownVoter, match="Code ist uns nicht bekannt"):
        ballot_cast(voting=voting, credential=Credential(code="AAAA-BBBB-CC"), choices={a: 1})


def test_a_duplicate_email_counts_once(voting: PublicVoting) -> None:
    a, b, _c = option_ids(voting)
    first = voter_request_link(
        voting=voting, email="Anna@Example.org", link_for=LINK, client=CLIENT
    )
    second = voter_request_link(
        voting=voting, email=" anna@example.org ", link_for=LINK, client=CLIENT
    )
    assert first and second and first != second
    assert PublicVoter.objects.filter(voting=voting).count() == 1
    # The newer link replaces the older one.
    with pytest.raises(UnknownVoter):
        ballot_cast(voting=voting, credential=Credential(token=first), choices={a: 1})
    ballot_cast(voting=voting, credential=Credential(token=second), choices={a: 1, b: 1})
    with pytest.raises(AlreadyVoted):
        ballot_cast(voting=voting, credential=Credential(token=second), choices={b: 1})
    # Asking again after voting sends no new link and changes nothing.
    assert (
        voter_request_link(voting=voting, email="anna@example.org", link_for=LINK, client=CLIENT)
        is None
    )
    assert voting_totals(voting=voting) == {a: 1, b: 1}


def test_the_link_email_is_sent_and_the_address_not_stored(
    voting: PublicVoting, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        token = voter_request_link(
            voting=voting, email="bert@example.org", link_for=LINK, client=CLIENT
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bert@example.org"]
    assert LINK.format(token=token) in mail.outbox[0].body
    voter = PublicVoter.objects.get(voting=voting)
    assert "bert" not in voter.identity_hash
    assert voter.identity_hash == secrets_.email_hash(vote_id=voting.pk, email="bert@example.org")


def test_ballots_carry_no_link_to_the_voter(voting: PublicVoting, coordinator: User) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    a = option_ids(voting)[0]
    ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 1})
    vote_fields = {f.name for f in PublicVote._meta.get_fields()}
    assert not vote_fields & {"voter", "identity_hash", "token_hash", "email"}
    voter = PublicVoter.objects.get(voting=voting)
    assert voter.voted_at is not None
    # Kept to the day only: the order of voters cannot be matched to the order of ballots.
    local = timezone.localtime(voter.voted_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_without_cumulation_one_vote_per_application(
    voting: PublicVoting, coordinator: User
) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    a = option_ids(voting)[0]
    with pytest.raises(InvalidBallot, match="kein Häufeln"):
        ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 2})
    # The refused ballot did not use up the code.
    ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 1})


def test_too_many_votes_are_refused_naming_the_limit(town: Town, coordinator: User) -> None:
    voting = PublicVotingFactory(town=town, votes_per_voter=5, allow_cumulation=True)
    a = PublicVoteOptionFactory(town=town, voting=voting).pk
    b = PublicVoteOptionFactory(town=town, voting=voting).pk
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    with pytest.raises(InvalidBallot, match="6 Stimmen vergeben, erlaubt sind 5"):
        ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 4, b: 2})
    ballot_cast(voting=voting, credential=Credential(code=code), choices={a: 4, b: 1})
    assert voting_totals(voting=voting) == {a: 4, b: 1}


def test_options_of_another_vote_are_refused(voting: PublicVoting, coordinator: User) -> None:
    other = PublicVoteOptionFactory(town=voting.town)
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    with pytest.raises(InvalidBallot, match="auf der Liste"):
        ballot_cast(voting=voting, credential=Credential(code=code), choices={other.pk: 1})


def test_votes_outside_the_window_are_refused(voting: PublicVoting, coordinator: User) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    a = option_ids(voting)[0]
    with pytest.raises(VotingClosed, match="endete"):
        ballot_cast(
            voting=voting,
            credential=Credential(code=code),
            choices={a: 1},
            now=voting.closes_at + timedelta(seconds=1),
        )
    with pytest.raises(VotingClosed, match="beginnt"):
        ballot_cast(
            voting=voting,
            credential=Credential(code=code),
            choices={a: 1},
            now=voting.opens_at - timedelta(seconds=1),
        )


def test_rules_can_change_before_the_first_vote(voting: PublicVoting, coordinator: User) -> None:
    voting_update(voting=voting, actor=coordinator, votes_per_voter=5, allow_cumulation=True)
    voting.refresh_from_db()
    assert (voting.votes_per_voter, voting.allow_cumulation) == (5, True)


def test_rules_are_frozen_after_the_first_vote(voting: PublicVoting, coordinator: User) -> None:
    code = voter_codes_generate(voting=voting, count=1, actor=coordinator)[0]
    ballot_cast(voting=voting, credential=Credential(code=code), choices={option_ids(voting)[0]: 1})
    voting.refresh_from_db()
    assert voting.first_vote_at is not None
    with pytest.raises(RulesFrozen, match="erste Stimme wurde am"):
        voting_update(voting=voting, actor=coordinator, votes_per_voter=10)
    with pytest.raises(RulesFrozen):
        voting_update(voting=voting, actor=coordinator, applications=[])
    voting.refresh_from_db()
    assert voting.votes_per_voter == 3


def test_link_mails_to_one_address_are_capped_per_hour(
    voting: PublicVoting, django_capture_on_commit_callbacks: object
) -> None:
    from logbuch.fund.services.voting import LINK_MAILS_PER_HOUR  # noqa: PLC0415

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        tokens = [
            voter_request_link(
                voting=voting, email="opfer@example.org", link_for=LINK, client=CLIENT
            )
            for _ in range(LINK_MAILS_PER_HOUR + 2)
        ]
        other = voter_request_link(
            voting=voting, email="carla@example.org", link_for=LINK, client=CLIENT
        )
    assert all(tokens[:LINK_MAILS_PER_HOUR]) and tokens[LINK_MAILS_PER_HOUR:] == [None, None]
    assert other
    assert [m.to for m in mail.outbox].count(["opfer@example.org"]) == LINK_MAILS_PER_HOUR
    assert [m.to for m in mail.outbox].count(["carla@example.org"]) == 1
    # The last link sent still works: the capped requests changed nothing.
    a = option_ids(voting)[0]
    last = tokens[LINK_MAILS_PER_HOUR - 1]
    assert last is not None
    ballot_cast(voting=voting, credential=Credential(token=last), choices={a: 1})
