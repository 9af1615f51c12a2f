"""Helpers shared by the logbook's views."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from logbuch.towns.access import get_in_town_or_404
from logbuch.towns.models import Role, Town, User

from ..models import Round


def _town(request: HttpRequest) -> Town:
    return request.town  # type: ignore[attr-defined,no-any-return]


def _roles(request: HttpRequest) -> frozenset[str]:
    return request.roles  # type: ignore[attr-defined,no-any-return]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_coordinator(request: HttpRequest) -> bool:
    return bool({Role.COORDINATOR.value, Role.TOWN_ADMIN.value} & _roles(request))


def _url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})


def _round(request: HttpRequest, pk: int) -> Round:
    qs: QuerySet[Round] = Round.objects.select_related("catalogue_version")
    return get_in_town_or_404(qs, _town(request), pk=pk)


def _drop_malformed_numbers(request: HttpRequest, keys: tuple[str, ...]) -> None:
    """Ignore id or year filters that are not whole numbers (the ORM would raise on them)."""
    bad = [k for k in keys if request.GET.get(k, "").strip() and not request.GET[k].isdigit()]
    if bad:
        query = request.GET.copy()
        for key in bad:
            del query[key]
        request.GET = query  # type: ignore[assignment]  # a filtered copy for this request
