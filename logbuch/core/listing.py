"""Search, filter and sort for list pages: only allow-listed fields ever reach the ORM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse


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


_MARKER = 987654321


class RowUrl:
    """`reverse(name, kwargs={..., key: pk})` for many rows of a list from one reverse() call.

    The URL is reversed once with a marker number for `key` and split there, so the pattern's
    converter and any prefix (the town slug) stay Django's business. Templates use it with
    a `with_pk` filter (`{{ detail_url|with_pk:row.pk }}`, `{% load listing %}`) instead of one
    `{% url %}` per row.
    """

    do_not_call_in_templates = True  # the template passes it on to `with_pk`

    def __init__(self, name: str, key: str = "pk", **kwargs: Any) -> None:
        url = reverse(name, kwargs={**kwargs, key: _MARKER})
        self.head, marker, self.tail = url.rpartition(str(_MARKER))
        if not marker:  # pragma: no cover - every pk pattern puts the number in the path
            raise ValueError(f"{name} does not show its {key} in the URL")

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"
