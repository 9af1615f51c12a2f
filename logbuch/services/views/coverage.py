"""Coverage of the next four weeks (heat map with a table equivalent) and how the load of each
service spreads over people."""

from __future__ import annotations

import contextlib
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from logbuch.towns.access import members_only
from logbuch.towns.http import MemberRequest

from .. import selectors


@members_only
def coverage(request: MemberRequest) -> HttpResponse:
    start = timezone.localdate()
    with contextlib.suppress(ValueError):
        start = date.fromisoformat(request.GET.get("ab", ""))
    coverage = selectors.coverage(town=request.town, start=start)
    # The same running services, read once for both tables.
    services = [row.service for row in coverage.rows]
    return render(
        request,
        "services/coverage.html",
        {
            "coverage": coverage,
            "loads": selectors.load(town=request.town, services=services),
            "start": start,
        },
    )
