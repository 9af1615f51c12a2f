"""The town's audit log (town admins)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from logbuch.core.listing import filter_queryset

from .. import selectors
from ..access import town_admin_only
from ..audit import action_label
from ..http import MemberRequest

AUDIT_PER_PAGE = 50


@town_admin_only
def audit_log(request: MemberRequest) -> HttpResponse:
    town = request.town
    entries, active = filter_queryset(
        selectors.audit_entries(town=town), request, allowed={"aktion": "action"}
    )
    page = Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("seite"))
    actions = [(code, action_label(code)) for code in selectors.audit_actions(town=town)]
    return render(
        request,
        "towns/audit_log.html",
        {"page": page, "actions": actions, "current_action": active.get("aktion", "")},
    )
