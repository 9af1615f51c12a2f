"""The town's audit log (town admins)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse

from logbuch.core.listing import filter_queryset
from logbuch.core.shortcuts import render_list

from .. import selectors
from ..access import town_admin_only
from ..audit import action_label
from ..forms import AuditFilterForm
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
    return render_list(
        request,
        "towns/audit_log.html",
        {
            "page": page,
            "filter_form": AuditFilterForm(initial=active, actions=actions),
            "filtered": bool(active),
        },
    )
