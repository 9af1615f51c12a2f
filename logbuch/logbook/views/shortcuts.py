"""Helpers shared by the logbook's views."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from logbuch.towns.access import get_in_town_or_404
from logbuch.towns.http import TownRequest
from logbuch.towns.models import Town

from ..models import Round


def _url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})


def _round(request: TownRequest, pk: int) -> Round:
    qs: QuerySet[Round] = Round.objects.select_related("catalogue_version", "town")
    return get_in_town_or_404(qs, request.town, pk=pk)


def _drop_malformed_numbers(request: TownRequest, keys: tuple[str, ...]) -> None:
    """Ignore id or year filters that are not whole numbers (the ORM would raise on them)."""
    bad = [k for k in keys if request.GET.get(k, "").strip() and not request.GET[k].isdigit()]
    if bad:
        query = request.GET.copy()
        for key in bad:
            del query[key]
        request.GET = query  # type: ignore[assignment]  # a filtered copy for this request
