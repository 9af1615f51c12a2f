"""The Stellschrauben-Check's start page and the catalogue of Stellschrauben."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, members_only
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from ..forms import LeverForm, LeverScaleForm
from ..models import Area, Lever
from ..selectors.catalogue import catalogue_for_town, current_catalogue, levers_for_management
from ..selectors.rounds import member_participations, rounds_for_town
from ..services.catalogue import lever_add, lever_hide, lever_scale_change, lever_show
from .shortcuts import _url


def _lever(request: TownRequest, pk: int) -> Lever:
    """A Stellschraube the town may open: shared or its own; another town's own is a 404."""
    lever = Lever.objects.visible_to(request.town).select_related("area").filter(pk=pk).first()
    if lever is None:
        raise Http404
    return lever


# --- Start page and catalogue --------------------------------------------------------------------


@members_only
def index(request: MemberRequest) -> HttpResponse:
    """The town's Stellschrauben-Check: rounds (open first) and the catalogue by area."""
    town = request.town
    rounds = list(rounds_for_town(town=town).order_by("status", "-starts_on", "-id")[:6])
    mine = member_participations(town=town, user=request.user)
    return render(
        request,
        "logbook/index.html",
        {
            "areas": catalogue_for_town(town=town),
            "rounds": [(r, mine.get(r.pk), bool(set(r.groups) & request.roles)) for r in rounds],
            "is_coordinator": is_coordinator(request.roles),
        },
    )


@members_only
def lever_detail(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    lever = _lever(request, pk)
    return render(
        request,
        "logbook/lever_detail.html",
        {
            "lever": lever,
            "recommendations": lever.recommendations.order_by("position"),
            "is_hidden": lever.hidden_by.filter(town=town).exists(),
            "is_coordinator": is_coordinator(request.roles),
        },
    )


@coordinator_only
def lever_manage(request: MemberRequest) -> HttpResponse:
    """Add own Stellschrauben, hide or show shared ones."""
    town = request.town
    areas = Area.objects.filter(version=current_catalogue())
    form = LeverForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        with refusal_on(request):
            lever = lever_add(
                town=town,
                area=form.cleaned_data["area"],
                title=form.cleaned_data["title"],
                question=form.cleaned_data["question"],
                help_text=form.cleaned_data["help_text"],
                scale_low=form.cleaned_data["scale_low"],
                scale_high=form.cleaned_data["scale_high"],
                list_kinds=form.cleaned_data["list_kinds"],
                actor=request.user,
            )
            messages.success(
                request, _("Die Stellschraube „%(title)s“ wurde ergänzt.") % {"title": lever.title}
            )
            return redirect(_url("logbook:lever_manage", town))
    return render(
        request,
        "logbook/lever_manage.html",
        {"levers": levers_for_management(town=town), "form": form},
    )


@coordinator_only
def lever_scale_edit(request: MemberRequest, pk: int) -> HttpResponse:
    """The answer parts of a town's own Stellschraube: pole labels and list answer."""
    town = request.town
    lever = _lever(request, pk)
    if lever.town_id != town.pk:
        raise Http404
    initial = {
        "scale_low": lever.scale_low,
        "scale_high": lever.scale_high,
        "list_kinds": lever.list_kinds,
    }
    form = LeverScaleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(request):
            lever_scale_change(town=town, lever=lever, actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Skala und Listenantwort von „%(title)s“ sind geändert.")
                % {"title": lever.title},
            )
            return redirect(_url("logbook:lever_detail", town, pk=lever.pk))
    return render(request, "logbook/lever_scale.html", {"lever": lever, "form": form})


@coordinator_only
@require_POST
def lever_hide_view(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    lever = _lever(request, pk)
    with refusal_on(request):
        outcome = lever_hide(town=town, lever=lever, actor=request.user)
        texts = {
            "hidden": _("„%(title)s“ ist ausgeblendet und fehlt in neuen Runden."),
            "archived": _(
                "„%(title)s“ ist archiviert: Sie fehlt in neuen Runden, alte Ergebnisse bleiben."
            ),
            "deleted": _("„%(title)s“ wurde entfernt."),
        }
        messages.success(request, texts[outcome] % {"title": lever.title})
    return redirect(_url("logbook:lever_manage", town))


@coordinator_only
@require_POST
def lever_show_view(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    lever = _lever(request, pk)
    with refusal_on(request):
        lever_show(town=town, lever=lever, actor=request.user)
        messages.success(request, _("„%(title)s“ ist wieder dabei.") % {"title": lever.title})
    return redirect(_url("logbook:lever_manage", town))
