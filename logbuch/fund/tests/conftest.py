"""Fixtures of the fund's tests (the ones every app uses are in the root conftest.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from logbuch.fund.models import Fund, FundSource, PublicVoting
from logbuch.fund.services.setup import fund_source_add
from logbuch.fund.tests.factories import (
    FundFactory,
    PublicVoteOptionFactory,
    PublicVotingFactory,
)
from logbuch.fund.tests.helpers import MakeVoting
from logbuch.towns.models import Town, User


@pytest.fixture
def fund(town: Town, coordinator: User) -> Fund:
    """The town's "Mitmach-Fonds 2027" with 20,000 € from the town budget (unassigned)."""
    fund = FundFactory(town=town, name="Mitmach-Fonds 2027", year=2027)
    fund_source_add(
        fund=fund,
        actor=coordinator,
        kind=FundSource.Kind.TOWN_BUDGET,
        name="Haushalt der Stadt",
        amount_cents=2_000_000,
    )
    return fund


@pytest.fixture
def make_voting(town: Town) -> MakeVoting:
    """make_voting(titles=("Bank", "Baum"), votes_per_voter=1, ...) -> a prepared public vote
    in the town with one shortlisted application per title (`options` untitled ones if no
    titles are given)."""

    def make(*, titles: Sequence[str] = (), options: int = 3, **fields: Any) -> PublicVoting:
        voting = PublicVotingFactory(town=town, **fields)
        for title in titles:
            PublicVoteOptionFactory(town=town, voting=voting, application__title=title)
        for _ in range(0 if titles else options):
            PublicVoteOptionFactory(town=town, voting=voting)
        return voting

    return make


@pytest.fixture
def voting(make_voting: MakeVoting) -> PublicVoting:
    """Three options, three votes per voter, no cumulation."""
    return make_voting(votes_per_voter=3, allow_cumulation=False)
