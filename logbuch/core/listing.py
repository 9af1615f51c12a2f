"""Search, filter and sort for list pages: only allow-listed fields ever reach the ORM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest


def sort_queryset[QS: QuerySet[Any]](
    qs: QS,
    request: HttpRequest,
    *,
    allowed: Mapping[str, str],
    default: str,
    param: str = "sortierung",
) -> tuple[QS, str]:
    """Sort by `?sortierung=<key>` or `-<key>`; unknown keys fall back to `default`.

    `allowed` maps the public key to an ORM path, so a request can never order by an
    arbitrary (possibly private) field.
    """
    requested = request.GET.get(param, default)
    key = requested.removeprefix("-")
    if key not in allowed:
        requested, key = default, default.removeprefix("-")
    descending = requested.startswith("-")
    return qs.order_by(("-" if descending else "") + allowed[key], "pk"), requested


def filter_queryset[QS: QuerySet[Any]](
    qs: QS, request: HttpRequest, *, allowed: Mapping[str, str]
) -> tuple[QS, dict[str, str]]:
    """Exact-match filters `?<key>=<value>` for allow-listed keys only; returns the active ones.

    A value the field cannot hold (letters for a number, a broken date) matches nothing instead
    of failing the request.
    """
    active: dict[str, str] = {}
    for key, path in allowed.items():
        value = request.GET.get(key, "").strip()[:100]
        if value:
            try:
                qs = qs.filter(**{path: value})
            except (ValueError, TypeError, ValidationError):
                qs = qs.none()
            active[key] = value
    return qs, active


def search_queryset[QS: QuerySet[Any]](
    qs: QS, request: HttpRequest, *, fields: list[str], param: str = "suche"
) -> tuple[QS, str]:
    """Case-insensitive search over the given fields with `?suche=`."""
    term = request.GET.get(param, "").strip()[:100]
    if not term:
        return qs, ""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": term})
    return qs.filter(condition), term
