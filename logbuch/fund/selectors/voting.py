"""Reads of public votes for the coordinator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..models import (
    PublicVoter,
    PublicVoting,
)

# Many voting links within a few minutes hint at one person filling the vote with addresses.
BURST_WINDOW = timedelta(minutes=5)
BURST_MIN_LINKS = 10


@dataclass(frozen=True)
class LinkBurst:
    """`count` voting links were requested between `start` and `end` (at most BURST_WINDOW)."""

    start: datetime
    end: datetime
    count: int


def voting_link_bursts(
    *, voting: PublicVoting, window: timedelta = BURST_WINDOW, min_links: int = BURST_MIN_LINKS
) -> list[LinkBurst]:
    """Stretches of at most `window` in which at least `min_links` email voters were added.

    For the coordinator's vote page: a cluster is a reason to look at the result with care, not
    proof. Reads only the times voters were created (no address is stored); bursts do not
    overlap, each starts at the first link of its stretch. One query.
    """
    times = list(
        PublicVoter.objects.in_town(voting.town)
        .filter(voting=voting, method=PublicVoter.Method.EMAIL)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    bursts: list[LinkBurst] = []
    first = 0
    while first < len(times):
        last = first
        while last + 1 < len(times) and times[last + 1] - times[first] <= window:
            last += 1
        count = last - first + 1
        if count >= min_links:
            bursts.append(LinkBurst(start=times[first], end=times[last], count=count))
            first = last + 1
        else:
            first += 1
    return bursts
