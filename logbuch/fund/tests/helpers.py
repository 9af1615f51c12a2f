"""Small helpers the fund's tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from logbuch.fund.models import PublicVoting
from logbuch.towns.models import Town

# The `make_voting` fixture (conftest.py)
MakeVoting = Callable[..., PublicVoting]


def url(name: str, town: Town, **kwargs: object) -> str:
    """The URL of a fund view in `town`: `url("voting_detail", town, pk=1)` (or "fund:…")."""
    return reverse(
        name if ":" in name else f"fund:{name}", kwargs={"town_slug": town.slug, **kwargs}
    )
