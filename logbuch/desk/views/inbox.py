"""The coordinator's inbox: everything waiting, counted, each linking to its place."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from logbuch.towns.access import coordinator_only
from logbuch.towns.http import MemberRequest

from ..inbox import coordinator_inbox


@coordinator_only
def inbox(request: MemberRequest) -> HttpResponse:
    items = coordinator_inbox(request.town)
    return render(
        request,
        "desk/inbox.html",
        {"items": items, "total": sum(i.count for i in items)},
    )
