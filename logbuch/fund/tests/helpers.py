"""Small helpers the fund's tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import close_old_connections
from django.urls import reverse

from logbuch.core.tests.races import RaceResult, race
from logbuch.fund.models import PublicVoting
from logbuch.towns.models import Town

# The `make_voting` fixture (conftest.py)
MakeVoting = Callable[..., PublicVoting]


def url(name: str, town: Town, **kwargs: object) -> str:
    """The URL of a fund view in `town`: `url("voting_detail", town, pk=1)` (or "fund:…")."""
    return reverse(
        name if ":" in name else f"fund:{name}", kwargs={"town_slug": town.slug, **kwargs}
    )


def race_cleanly(
    work: Callable[[int], Any], n: int, refusals: tuple[type[BaseException], ...] = ()
) -> RaceResult:
    """`core.tests.races.race` for the fund's races: nothing may crash (only `refusals`)."""
    result = race(work, n, refusals=refusals, timeout=120)
    close_old_connections()
    assert result.crashed == [], result.crashed
    return result
