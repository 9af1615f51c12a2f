"""The coordinator's inbox: everything waiting, counted, each linking to its place."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from logbuch.towns.access import coordinator_only
from logbuch.towns.http import MemberRequest

from ..inbox import inbox_items
from ..models import Office


@coordinator_only
def inbox(request: MemberRequest) -> HttpResponse:
    office = Office.objects.in_town(request.town).first()
    days = office.first_answer_days if office else 7
    items = inbox_items(request.town, first_answer_days=days)
    return render(
        request,
        "desk/inbox.html",
        {"items": items, "total": sum(i.count for i in items)},
    )
