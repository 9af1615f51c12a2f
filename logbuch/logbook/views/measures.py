"""Measures (Maßnahmen): the board, creating, editing, status and progress notes."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import RowUrl, filter_queryset, sort_queryset
from logbuch.core.shortcuts import refusal_on, render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.http import MemberRequest, is_coordinator

from ..forms import MeasureFilterForm, MeasureForm, MeasureNoteForm, MeasureStatusForm
from ..models import (
    HIGHER_LEVEL_AREA,
    PROPOSAL_STATUSES,
    Area,
    Lever,
    Measure,
    Round,
)
from ..permissions import may_update_measure
from ..selectors.catalogue import lever_from_link
from ..selectors.demands import demands_for_town
from ..selectors.measures import (
    MEASURE_FILTERS,
    MEASURE_SORTS,
    board_parts,
    board_values,
    measure_before_after,
    measure_detail,
    measure_owners,
    measure_rows,
    measures_for_board,
)
from ..services.measures import measure_create, measure_note_add, measure_set_status, measure_update
from .shortcuts import _drop_malformed_numbers, _url


def _may_update(request: MemberRequest, measure: Measure) -> bool:
    return may_update_measure(measure=measure, user=request.user, roles=request.roles)


@members_only
def measure_board(request: MemberRequest) -> HttpResponse:
    town = request.town
    _drop_malformed_numbers(request, ("person", "stellschraube"))
    qs, active = filter_queryset(measures_for_board(town), request, allowed=MEASURE_FILTERS)
    qs, sort = sort_queryset(qs, request, allowed=MEASURE_SORTS, default="faellig")
    # The guide's three parts: grouped by area first, then as sorted.
    qs = qs.order_by("lever__area__position", *qs.query.order_by)
    page = Paginator(qs, 25).get_page(request.GET.get("seite"))
    areas = list(
        Area.objects.filter(version__is_current=True)
        .order_by("position")
        .values_list("key", "title")
    )
    # Values of the page's slice; the count above stays a plain COUNT without joins.
    rows = measure_rows(town, list(board_values(cast("QuerySet[Measure]", page.object_list))))
    # The higher levels are the Forderungen: on the last page, unless filtered away.
    show_demands = not page.has_next() and not (
        set(active) - {"bereich"} or active.get("bereich", HIGHER_LEVEL_AREA) != HIGHER_LEVEL_AREA
    )
    return render_list(
        request,
        "logbook/measures/board.html",
        {
            "page": page,
            "measures": rows,
            "parts": board_parts(
                rows, areas, list(demands_for_town(town)) if show_demands else None
            ),
            "detail_url": RowUrl("logbook:measure_detail", town_slug=town.slug),
            "sort": sort,
            "filter_form": MeasureFilterForm(
                initial=active, areas=areas, people=measure_owners(town)
            ),
        },
    )


@members_only
def measure_create_view(request: MemberRequest) -> HttpResponse:
    """The coordinator creates a measure directly; every other member makes a Vorschlag."""
    town = request.town
    if not is_coordinator(request.roles):
        query = request.GET.urlencode()
        target = _url("logbook:proposal_create", town)
        return redirect(f"{target}?{query}" if query else target)
    lever_id = request.GET.get("stellschraube", "")
    round_id = request.GET.get("runde", "")
    round_ = (
        Round.objects.in_town(town).filter(pk=int(round_id)).first() if round_id.isdigit() else None
    )
    initial = {"lever": int(lever_id)} if lever_id.isdigit() else {}
    form = MeasureForm(request.POST or None, town=town, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            measure = measure_create(
                town=town,
                actor=request.user,
                round_=round_,
                **form.cleaned_data,
            )
            messages.success(request, _("Die Maßnahme wurde angelegt."))
            return redirect("logbook:measure_detail", town_slug=town.slug, pk=measure.pk)
    return _form_page(request, form, lever=lever_from_link(town, lever_id), from_round=round_)


@members_only
def measure_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    if Measure.objects.in_town(town).filter(pk=pk, status__in=PROPOSAL_STATUSES).exists():
        return redirect("logbook:proposal_detail", town_slug=town.slug, pk=pk)
    measure = measure_detail(town, pk)
    return render(
        request,
        "logbook/measures/detail.html",
        {
            "measure": measure,
            "before_after": measure_before_after(town, [measure])[measure.pk],
            "may_update": _may_update(request, measure),
            "status_form": MeasureStatusForm(initial={"status": measure.status}),
            "note_form": MeasureNoteForm(),
        },
    )


@coordinator_only
def measure_edit(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    measure = get_in_town_or_404(measures_for_board(town), town, pk=pk)
    form = MeasureForm(
        request.POST or None,
        town=town,
        current_lever=measure.lever_id,
        initial=MeasureForm.initial_from(measure),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            measure_update(measure=measure, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Die Maßnahme wurde gespeichert."))
            return redirect("logbook:measure_detail", town_slug=town.slug, pk=measure.pk)
    return _form_page(request, form, lever=measure.lever, measure=measure)


def _form_page(
    request: MemberRequest,
    form: MeasureForm,
    *,
    lever: Lever | None,
    from_round: Round | None = None,
    measure: Measure | None = None,
) -> HttpResponse:
    town = request.town
    board_url = _url("logbook:measure_board", town)
    return render(
        request,
        "logbook/measures/form.html",
        {
            "title": _("Maßnahme bearbeiten") if measure else _("Neue Maßnahme"),
            "back_link": (board_url, _("Maßnahmen")),
            "form": form,
            "lever": lever,
            "from_round": from_round,
            "measure": measure,
            "submit": _("Speichern"),
            "cancel_url": _url("logbook:measure_detail", town, pk=measure.pk)
            if measure
            else board_url,
        },
    )


def _back_to(measure: Measure) -> HttpResponseRedirect:
    return redirect("logbook:measure_detail", town_slug=measure.town.slug, pk=measure.pk)


@members_only
@require_POST
def measure_status(request: MemberRequest, pk: int) -> HttpResponse:
    measure = get_in_town_or_404(measures_for_board(request.town), request.town, pk=pk)
    if not _may_update(request, measure):
        return render(request, "errors/403.html", status=403)
    form = MeasureStatusForm(request.POST)
    if form.is_valid():
        measure_set_status(measure=measure, actor=request.user, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("Neuer Status: %(status)s.") % {"status": measure.get_status_display()},
        )
    else:
        messages.error(request, _("Bitte wählen Sie einen Status."))
    return _back_to(measure)


@members_only
@require_POST
def measure_note_add_view(request: MemberRequest, pk: int) -> HttpResponse:
    measure = get_in_town_or_404(measures_for_board(request.town), request.town, pk=pk)
    if not _may_update(request, measure):
        return render(request, "errors/403.html", status=403)
    form = MeasureNoteForm(request.POST)
    if form.is_valid():
        measure_note_add(measure=measure, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Die Fortschrittsnotiz wurde gespeichert."))
        return _back_to(measure)
    measure = measure_detail(request.town, pk)
    return render(
        request,
        "logbook/measures/detail.html",
        {
            "measure": measure,
            "before_after": measure_before_after(measure.town, [measure])[measure.pk],
            "may_update": True,
            "status_form": MeasureStatusForm(initial={"status": measure.status}),
            "note_form": form,
        },
        status=400,
    )
