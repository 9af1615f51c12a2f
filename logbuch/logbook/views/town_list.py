"""The town's list of Räume, Verbündete and Akteure, and carrying list answers into it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, members_only
from logbuch.towns.http import MemberRequest

from ..forms import CarryForm
from ..models import Lever
from ..selectors.list_answers import town_list
from ..services.town_list import town_list_carry
from .shortcuts import _round, _url


@members_only
def town_list_view(request: MemberRequest) -> HttpResponse:
    """What the town named in its rounds: Räume, Verbündete, Akteure (one query)."""
    return render(request, "logbook/town_list.html", {"kinds": town_list(request.town)})


@coordinator_only
@require_POST
def round_lever_carry(request: MemberRequest, round_pk: int, pk: int) -> HttpResponse:
    """Carry one merged entry of a Stellschraube's list answer into the town's list."""
    round_ = _round(request, round_pk)
    lever = Lever.objects.visible_to(request.town).filter(pk=pk).first()
    if lever is None:
        raise Http404
    back = _url("logbook:round_lever", request.town, round_pk=round_.pk, pk=lever.pk)
    form = CarryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dieser Eintrag ließ sich nicht übernehmen."))
        return redirect(back)
    with refusal_on(request):
        entry, created = town_list_carry(
            round_=round_,
            lever=lever,
            kind=form.cleaned_data["kind"],
            key=form.cleaned_data["key"],
            actor=request.user,
        )
        text = (
            _("„%(name)s“ steht jetzt in der Liste des Ortes.")
            if created
            else _("„%(name)s“ stand schon in der Liste des Ortes.")
        )
        messages.success(request, text % {"name": entry.name})
    return redirect(f"{back}#liste")
