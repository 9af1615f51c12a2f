"""Ranked allocation of a vote's budget: a pure function, no database.

Used by the public vote (Bürgervoting) and the assembly vote (Bürgerversammlung, Kiezkasse
style). Applications are funded in the order of their votes until the budget runs out, each
capped at the amount it asked for. What happens at the edge is a setting of the vote:

- ``reduce_last`` (default, as at a Kiezkasse assembly): the first application that no longer
  fits receives what is left, and allocation stops there.
- ``skip``: an application that does not fit is passed over and the next one that fits is
  funded, so the money goes further down the list.

Ties in votes are broken by the lower ``order`` (the earlier submitted application); the
result is therefore deterministic and can be recomputed by anyone from the published totals.
Applications without a single vote receive nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Shortfall(StrEnum):
    REDUCE_LAST = "reduce_last"
    SKIP = "skip"


class Outcome(StrEnum):
    FULL = "full"
    REDUCED = "reduced"
    NOT_FUNDED = "not_funded"


@dataclass(frozen=True)
class Candidate:
    key: int
    votes: int
    cost_cents: int
    order: int = 0


@dataclass(frozen=True)
class Award:
    key: int
    rank: int
    votes: int
    cost_cents: int
    amount_cents: int

    @property
    def outcome(self) -> Outcome:
        if self.amount_cents <= 0:
            return Outcome.NOT_FUNDED
        if self.amount_cents < self.cost_cents:
            return Outcome.REDUCED
        return Outcome.FULL


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Most votes first; ties go to the lower `order`, then the lower key."""
    return sorted(candidates, key=lambda c: (-c.votes, c.order, c.key))


def allocate(
    candidates: Iterable[Candidate],
    *,
    budget_cents: int,
    shortfall: Shortfall | str = Shortfall.REDUCE_LAST,
) -> list[Award]:
    """One award per candidate, in rank order.

    Guarantees: the awards never sum to more than ``budget_cents``; no award exceeds its
    candidate's cost; with ``reduce_last`` the funded applications are a prefix of the ranking
    (all fully funded except possibly the last); with ``skip`` every application passed over
    did not fit into what was left when its turn came.
    """
    if budget_cents < 0:
        raise ValueError("budget_cents must not be negative")
    rule = Shortfall(shortfall)
    remaining = budget_cents
    awards: list[Award] = []
    for position, candidate in enumerate(rank(candidates), start=1):
        cost = max(candidate.cost_cents, 0)
        amount = 0
        if candidate.votes > 0 and remaining > 0:
            if cost <= remaining:
                amount = cost
            elif rule is Shortfall.REDUCE_LAST:
                amount = remaining
        remaining -= amount
        awards.append(
            Award(
                key=candidate.key,
                rank=position,
                votes=candidate.votes,
                cost_cents=cost,
                amount_cents=amount,
            )
        )
    return awards
