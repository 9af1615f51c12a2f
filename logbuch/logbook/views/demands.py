"""Forderungen (`Demand`) to Land, Bund or a funding body: the list, creating and editing.

The guide's higher-level Stellschrauben ("Ermöglichung durch übergeordnete Ebenen") are set by
Land and Bund; the town can ask, not act, so they lead here instead of to a Maßnahme.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest

from ..forms import DemandForm
from ..models import Demand, Lever, Round
from ..selectors.catalogue import lever_from_link
from ..selectors.demands import demands_for_town
from ..services.demands import demand_create, demand_update
from .shortcuts import _url


@members_only
def demand_list(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "logbook/demands/list.html",
        {"demands": list(demands_for_town(request.town))},
    )


@coordinator_only
def demand_create_view(request: MemberRequest) -> HttpResponse:
    town = request.town
    lever_id = request.GET.get("stellschraube", "")
    round_id = request.GET.get("runde", "")
    round_ = (
        Round.objects.in_town(town).filter(pk=int(round_id)).first() if round_id.isdigit() else None
    )
    initial = {"lever": int(lever_id)} if lever_id.isdigit() else {}
    form = DemandForm(request.POST or None, town=town, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            demand_create(town=town, actor=request.user, round_=round_, **form.cleaned_data)
            messages.success(request, _("Die Forderung wurde angelegt."))
            return redirect("logbook:demand_list", town_slug=town.slug)
    return _form_page(request, form, lever=lever_from_link(town, lever_id), from_round=round_)


@coordinator_only
def demand_edit(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    demand = get_in_town_or_404(Demand, town, pk=pk)
    form = DemandForm(
        request.POST or None,
        town=town,
        current_lever=demand.lever_id,
        initial=DemandForm.initial_from(demand),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            demand_update(demand=demand, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Die Forderung wurde gespeichert."))
            return redirect("logbook:demand_list", town_slug=town.slug)
    return _form_page(request, form, lever=demand.lever, demand=demand)


def _form_page(
    request: MemberRequest,
    form: DemandForm,
    *,
    lever: Lever | None,
    from_round: Round | None = None,
    demand: Demand | None = None,
) -> HttpResponse:
    demand_list_url = _url("logbook:demand_list", request.town)
    return render(
        request,
        "logbook/demands/form.html",
        {
            "title": _("Forderung bearbeiten") if demand else _("Neue Forderung an Land oder Bund"),
            "back_link": (demand_list_url, _("Forderungen an Land und Bund")),
            "form": form,
            "lever": lever,
            "from_round": from_round,
            "demand": demand,
            "submit": _("Speichern"),
            "cancel_url": demand_list_url,
        },
    )
