"""The ranked allocation: scenarios from real funds and properties that hold for any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logbuch.fund.allocation import Award, Candidate, Outcome, Shortfall, allocate, rank


def amounts(awards: list[Award]) -> dict[int, int]:
    return {a.key: a.amount_cents for a in awards}


def test_assembly_exhausts_2600_euro_with_a_reduced_last_award() -> None:
    # Kiezkasse: the assembly voted; 2,600 € go down the list, the last one gets what is left.
    candidates = [
        Candidate(key=1, votes=41, cost_cents=90_000),
        Candidate(key=2, votes=37, cost_cents=80_000),
        Candidate(key=3, votes=30, cost_cents=120_000),
        Candidate(key=4, votes=12, cost_cents=50_000),
    ]
    awards = allocate(candidates, budget_cents=260_000)
    assert amounts(awards) == {1: 90_000, 2: 80_000, 3: 90_000, 4: 0}
    assert [a.outcome for a in awards] == [
        Outcome.FULL,
        Outcome.FULL,
        Outcome.REDUCED,
        Outcome.NOT_FUNDED,
    ]
    assert sum(a.amount_cents for a in awards) == 260_000


def test_skip_rule_passes_over_a_project_that_does_not_fit() -> None:
    candidates = [
        Candidate(key=1, votes=41, cost_cents=90_000),
        Candidate(key=2, votes=37, cost_cents=80_000),
        Candidate(key=3, votes=30, cost_cents=120_000),
        Candidate(key=4, votes=12, cost_cents=50_000),
    ]
    awards = allocate(candidates, budget_cents=260_000, shortfall=Shortfall.SKIP)
    assert amounts(awards) == {1: 90_000, 2: 80_000, 3: 0, 4: 50_000}


def test_cumulative_votes_fund_in_rank_order_up_to_50000_euro() -> None:
    candidates = [
        Candidate(key=10, votes=250, cost_cents=1_500_000),
        Candidate(key=11, votes=400, cost_cents=2_000_000),
        Candidate(key=12, votes=310, cost_cents=1_800_000),
        Candidate(key=13, votes=90, cost_cents=900_000),
    ]
    awards = allocate(candidates, budget_cents=5_000_000)
    assert [a.key for a in awards] == [11, 12, 10, 13]
    assert amounts(awards) == {11: 2_000_000, 12: 1_800_000, 10: 1_200_000, 13: 0}


def test_ties_go_to_the_earlier_application() -> None:
    candidates = [
        Candidate(key=5, votes=10, cost_cents=100, order=2),
        Candidate(key=6, votes=10, cost_cents=100, order=1),
    ]
    assert [c.key for c in rank(candidates)] == [6, 5]


def test_applications_without_votes_get_nothing() -> None:
    awards = allocate([Candidate(key=1, votes=0, cost_cents=100)], budget_cents=1_000)
    assert awards[0].amount_cents == 0


def test_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        allocate([], budget_cents=-1)


candidate_lists = st.lists(
    st.builds(
        Candidate,
        key=st.integers(min_value=1, max_value=10_000),
        votes=st.integers(min_value=0, max_value=500),
        cost_cents=st.integers(min_value=0, max_value=5_000_000),
        order=st.integers(min_value=0, max_value=50),
    ),
    max_size=30,
    unique_by=lambda c: c.key,
)
rules = st.sampled_from(list(Shortfall))


@settings(max_examples=300, deadline=None)
@given(
    candidates=candidate_lists, budget=st.integers(min_value=0, max_value=20_000_000), rule=rules
)
def test_allocation_never_exceeds_budget_nor_costs(
    candidates: list[Candidate], budget: int, rule: Shortfall
) -> None:
    awards = allocate(candidates, budget_cents=budget, shortfall=rule)
    assert len(awards) == len(candidates)
    assert sum(a.amount_cents for a in awards) <= budget
    for award in awards:
        assert 0 <= award.amount_cents <= award.cost_cents


@settings(max_examples=300, deadline=None)
@given(
    candidates=candidate_lists, budget=st.integers(min_value=0, max_value=20_000_000), rule=rules
)
def test_allocation_respects_rank_order(
    candidates: list[Candidate], budget: int, rule: Shortfall
) -> None:
    awards = allocate(candidates, budget_cents=budget, shortfall=rule)
    assert [a.rank for a in awards] == list(range(1, len(awards) + 1))
    assert [a.votes for a in awards] == sorted((a.votes for a in awards), reverse=True)
    spent_above = 0
    for award in awards:
        left = budget - spent_above
        if award.votes > 0:
            if award.cost_cents <= left:
                # Whatever fits at its turn is funded in full, under both rules.
                assert award.amount_cents == award.cost_cents
            elif rule is Shortfall.REDUCE_LAST:
                assert award.amount_cents == left
            else:
                assert award.amount_cents == 0
        else:
            assert award.amount_cents == 0
        spent_above += award.amount_cents
    if rule is Shortfall.REDUCE_LAST:
        # Funded applications form a prefix of the ranking; only the last may be reduced.
        funded = [a for a in awards if a.amount_cents > 0]
        assert all(a.outcome is Outcome.FULL for a in funded[:-1])
        reduced = [a for a in awards if a.outcome is Outcome.REDUCED]
        assert len(reduced) <= 1


@settings(max_examples=200, deadline=None)
@given(candidates=candidate_lists, budget=st.integers(min_value=0, max_value=20_000_000))
def test_budget_is_used_up_when_voted_demand_exceeds_it(
    candidates: list[Candidate], budget: int
) -> None:
    demand = sum(c.cost_cents for c in candidates if c.votes > 0)
    awards = allocate(candidates, budget_cents=budget)
    assert sum(a.amount_cents for a in awards) == min(budget, demand)
