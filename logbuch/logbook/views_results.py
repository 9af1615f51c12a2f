"""Views of round results, reports, measures and the town logbook: parse, call, render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.listing import RowUrl, filter_queryset, sort_queryset
from logbuch.core.shortcuts import render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only
from logbuch.towns.models import Role, Town, User

from . import reports
from .charts import Style, radar
from .errors import LogbookError, RoundStillOpen
from .forms_results import (
    JournalEntryForm,
    JournalFilterForm,
    MeasureFilterForm,
    MeasureForm,
    MeasureNoteForm,
    MeasureStatusForm,
)
from .models import (
    SCALE_LABELS,
    Area,
    JournalEntry,
    Lever,
    Measure,
    MeasureStatus,
    Round,
)
from .results import GROUPS, LAYPEOPLE, PROFESSIONALS, TOTAL
from .selectors_results import (
    JOURNAL_FILTERS,
    MEASURE_FILTERS,
    MEASURE_SORTS,
    RoundResults,
    board_values,
    cell_label,
    group_cells,
    journal_entries,
    journal_rows,
    journal_years,
    lever_comments,
    lever_options,
    measure_before_after,
    measure_detail,
    measure_owners,
    measure_rows,
    measures_for_board,
    participation_figures,
    round_measures,
    round_results,
)
from .services import round_snapshot_release
from .services_measures import (
    journal_entry_create,
    journal_entry_update,
    measure_create,
    measure_note_add,
    measure_set_status,
    measure_update,
)

SERIES = (
    (PROFESSIONALS, Style("radar__prof", "#0b3c7d", ""), gettext_lazy("Profis")),
    (LAYPEOPLE, Style("radar__lay", "#b34700", "6 3"), gettext_lazy("Laien")),
    (TOTAL, Style("radar__all", "#4a5059", "2 2"), gettext_lazy("Alle")),
)


def _town(request: HttpRequest) -> Town:
    return request.town  # type: ignore[attr-defined,no-any-return]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _radars(results: RoundResults) -> list[dict[str, Any]]:
    """Per area: the radar chart (None under three Stellschrauben) and the means table rows."""
    charts = []
    for block in results.areas:
        entry: dict[str, Any] = {"area": block.area, "block": block}
        charts.append(entry)
        if len(block.rows) < 3:
            entry["chart"] = None
            continue
        series = []
        for key, style, label in SERIES:
            values: list[float | None] = []
            for _lever, result in block.rows:
                cell = result.cell(key)
                mean = cell.counts.mean if cell.shown and cell.counts else None
                values.append(None if mean is None else float(mean))
            series.append((str(label), style, values))
        chart = radar([lever.code or str(i) for i, (lever, _r) in enumerate(block.rows, 1)], series)
        entry["chart"] = chart
    return charts


def _round(request: HttpRequest, pk: int) -> Round:
    qs: QuerySet[Round] = Round.objects.select_related("catalogue_version", "town")
    return get_in_town_or_404(qs, _town(request), pk=pk)


# The results body of a closed round changes only when the catalogue texts or the town's earlier
# rounds do, so it is kept for a short while; open rounds are always rendered afresh.
RESULTS_BODY_SECONDS = 15 * 60


def _results_body_key(request: HttpRequest, round_: Round) -> str | None:
    if round_.is_open or round_.closed_at is None:
        return None
    coordinator = _is_coordinator(request)
    return (
        f"logbook:results-body:1:{round_.pk}:{round_.closed_at.timestamp():.6f}:"
        f"{get_language()}:{int(coordinator)}"
    )


def _is_coordinator(request: HttpRequest) -> bool:
    return bool({Role.COORDINATOR, Role.TOWN_ADMIN} & request.roles)  # type: ignore[attr-defined]


def _back_to_results(request: HttpRequest, round_: Round) -> HttpResponse:
    messages.info(request, str(RoundStillOpen.message))
    return redirect("logbook:round_results", town_slug=_town(request).slug, pk=round_.pk)


def _still_open(request: HttpRequest, round_: Round) -> HttpResponse | None:
    """Open rounds have no downloads, reports or drilldowns of live figures: back to the
    results page (which shows participation and released Zwischenstände only)."""
    return _back_to_results(request, round_) if round_.is_open else None


@members_only
def round_results_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Closed rounds: all figures. Open rounds: participation per group, and the latest
    Zwischenstand if the coordinator released one; never live figures."""
    round_ = _round(request, pk)
    key = _results_body_key(request, round_)
    body = cache.get(key) if key else None
    snapshot = None
    if body is None:
        results = round_results(round_)
        snapshot = results.snapshot
        body = ""
        if results.figures:
            body = render_to_string(
                "logbook/results/_body.html",
                {"results": results, "radars": _radars(results), "round": round_},
                request=request,
            )
        if key:
            cache.set(key, body, RESULTS_BODY_SECONDS)
    return render(
        request,
        "logbook/results/round_results.html",
        {
            "round": round_,
            "body": body,
            "snapshot": snapshot,
            "participation": participation_figures(round_) if round_.is_open else None,
            "may_release": round_.is_open and _is_coordinator(request),
        },
    )


@coordinator_only
@require_POST
def round_snapshot_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Zwischenstand freigeben: freeze the counts that may be shown now."""
    round_ = _round(request, pk)
    try:
        snapshot, waiting = round_snapshot_release(round_=round_, actor=_user(request))
    except LogbookError as error:
        messages.error(request, str(error))
    else:
        text = _("Zwischenstand %(number)d ist freigegeben.") % {"number": snapshot.number}
        if waiting:
            labels = ", ".join(str(cell_label(g)) for g in GROUPS if g in waiting)
            text += " " + _(
                "Noch nicht (ganz) enthalten, weil seit dem letzten Zwischenstand weniger als "
                "3 neue Einschätzungen dazukamen: %(groups)s."
            ) % {"groups": labels}
        messages.success(request, text)
    return redirect("logbook:round_results", town_slug=_town(request).slug, pk=round_.pk)


@members_only
def round_lever(request: HttpRequest, pk: int, lever_pk: int) -> HttpResponse:
    """One Stellschraube of a round: distribution, median and mean per group, comments (closed
    rounds); an open round shows its latest Zwischenstand without comments."""
    round_ = _round(request, pk)
    results = round_results(round_, trend_rounds=1)
    if not results.figures:
        return _back_to_results(request, round_)
    result = results.by_lever.get(lever_pk)
    if result is None:
        raise Http404
    return render(
        request,
        "logbook/results/lever.html",
        {
            "round": round_,
            "lever": results.levers[lever_pk],
            "result": result,
            "snapshot": results.snapshot,
            "cells": group_cells(result, round_.groups),
            "scale": SCALE_LABELS,
            "summary_keys": (PROFESSIONALS, LAYPEOPLE, TOTAL),
            "comments": lever_comments(round_, result),
        },
    )


def _download(content: str | bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@members_only
def round_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    content = "\ufeff" + reports.export_csv(round_results(round_, trend_rounds=1))
    return _download(content, filename=f"ergebnisse-runde-{round_.pk}.csv", content_type="text/csv")


@members_only
def round_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    return _download(
        reports.export_xlsx(round_results(round_, trend_rounds=1)),
        filename=f"ergebnisse-runde-{round_.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _report_parts(request: HttpRequest, round_: Round) -> dict[str, str]:
    """The report's result sections (summary to perception gaps, and the trend), rendered once
    per closed round and language; measures are always read afresh."""
    key = None
    if not round_.is_open and round_.closed_at is not None:
        closed = f"{round_.closed_at.timestamp():.6f}"
        key = f"logbook:report-parts:1:{round_.pk}:{closed}:{get_language()}"
        cached: dict[str, str] | None = cache.get(key)
        if cached is not None:
            return cached
    results = round_results(round_, trend_rounds=5)
    strengths = results.ranked(best=True)
    context = {
        "round": round_,
        "results": results,
        "radars": _radars(results),
        "strengths": strengths,
        "weaknesses": [
            item for item in results.ranked(best=False, limit=10) if item not in strengths
        ][:5],
        "gaps": results.gaps()[:8],
        "knowledge_gaps": results.knowledge_gaps(),
    }
    parts: dict[str, str] = {
        "report_results": render_to_string("logbook/reports/_report_results.html", context),
        "report_trend": render_to_string("logbook/reports/_report_trend.html", context),
    }
    if key:
        cache.set(key, parts, RESULTS_BODY_SECONDS)
    return parts


def _report_context(request: HttpRequest, round_: Round) -> dict[str, Any]:
    measures = round_measures(round_)
    counts: dict[str, int] = {}
    for m in measures:
        counts[m.status] = counts.get(m.status, 0) + 1
    return {
        "round": round_,
        "town": _town(request),
        **_report_parts(request, round_),
        "measures": measures,
        "measure_status_counts": [
            (label, counts.get(value, 0)) for value, label in MeasureStatus.choices
        ],
        "today": timezone.localdate(),
    }


@members_only
def round_report(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    return render(request, "logbook/reports/report.html", _report_context(request, round_))


@members_only
def round_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    context = _report_context(request, round_)
    pdf = reports.report_pdf(context, base_url=request.build_absolute_uri("/"))
    return _download(pdf, filename=f"bericht-runde-{round_.pk}.pdf", content_type="application/pdf")


# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------


def _may_update(request: HttpRequest, measure: Measure) -> bool:
    """Coordinators, and whoever owns the measure (the person or a holder of the role)."""
    roles: frozenset[str] = request.roles  # type: ignore[attr-defined]
    if {Role.COORDINATOR, Role.TOWN_ADMIN} & roles:
        return True
    return measure.owner_user_id == request.user.pk or (
        bool(measure.owner_role) and measure.owner_role in roles
    )


def _drop_malformed_numbers(request: HttpRequest, keys: tuple[str, ...]) -> None:
    """Ignore id or year filters that are not whole numbers (the ORM would raise on them)."""
    bad = [k for k in keys if request.GET.get(k, "").strip() and not request.GET[k].isdigit()]
    if bad:
        query = request.GET.copy()
        for key in bad:
            del query[key]
        request.GET = query  # type: ignore[assignment]  # a filtered copy for this request


@members_only
def measure_board(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    _drop_malformed_numbers(request, ("person", "stellschraube"))
    qs, active = filter_queryset(measures_for_board(town), request, allowed=MEASURE_FILTERS)
    qs, sort = sort_queryset(qs, request, allowed=MEASURE_SORTS, default="faellig")
    page = Paginator(qs, 25).get_page(request.GET.get("seite"))
    return render_list(
        request,
        "logbook/measures/board.html",
        {
            "page": page,
            # Values of the page's slice; the count above stays a plain COUNT without joins.
            "measures": measure_rows(
                town, list(board_values(cast("QuerySet[Measure]", page.object_list)))
            ),
            "detail_url": RowUrl("logbook:measure_detail", town_slug=town.slug),
            "sort": sort,
            "filter_form": MeasureFilterForm(
                initial=active,
                areas=list(
                    Area.objects.filter(version__is_current=True)
                    .order_by("position")
                    .values_list("key", "title")
                ),
                people=measure_owners(town),
            ),
        },
    )


@coordinator_only
def measure_create_view(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    lever_id = request.GET.get("stellschraube", "")
    round_id = request.GET.get("runde", "")
    round_ = (
        Round.objects.in_town(town).filter(pk=int(round_id)).first() if round_id.isdigit() else None
    )
    initial = {"lever": int(lever_id)} if lever_id.isdigit() else {}
    form = MeasureForm(request.POST or None, town=town, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measure = measure_create(
                town=town,
                actor=_user(request),
                round_=round_,
                **form.cleaned_data,
            )
        except LogbookError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Die Maßnahme wurde angelegt."))
            return redirect("logbook:measure_detail", town_slug=town.slug, pk=measure.pk)
    lever = (
        Lever.objects.visible_to(town).filter(pk=int(lever_id)).first()
        if lever_id.isdigit()
        else None
    )
    return render(
        request,
        "logbook/measures/form.html",
        {"form": form, "lever": lever, "from_round": round_, "measure": None},
    )


@members_only
def measure_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
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
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    measure = get_in_town_or_404(Measure, town, pk=pk)
    form = MeasureForm(
        request.POST or None,
        town=town,
        current_lever=measure.lever_id,
        initial=MeasureForm.initial_from(measure),
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure_update(measure=measure, actor=_user(request), **form.cleaned_data)
        except LogbookError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Die Maßnahme wurde gespeichert."))
            return redirect("logbook:measure_detail", town_slug=town.slug, pk=measure.pk)
    return render(
        request,
        "logbook/measures/form.html",
        {"form": form, "lever": measure.lever, "from_round": None, "measure": measure},
    )


def _back_to(measure: Measure) -> HttpResponseRedirect:
    return redirect("logbook:measure_detail", town_slug=measure.town.slug, pk=measure.pk)


@members_only
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_in_town_or_404(Measure, _town(request), pk=pk)
    if not _may_update(request, measure):
        return render(request, "errors/403.html", status=403)
    form = MeasureStatusForm(request.POST)
    if form.is_valid():
        measure_set_status(
            measure=measure, actor=_user(request), status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("Neuer Status: %(status)s.") % {"status": measure.get_status_display()},
        )
    else:
        messages.error(request, _("Bitte wählen Sie einen Status."))
    return _back_to(measure)


@members_only
@require_POST
def measure_note_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_in_town_or_404(Measure, _town(request), pk=pk)
    if not _may_update(request, measure):
        return render(request, "errors/403.html", status=403)
    form = MeasureNoteForm(request.POST)
    if form.is_valid():
        measure_note_add(measure=measure, actor=_user(request), **form.cleaned_data)
        messages.success(request, _("Die Notiz wurde gespeichert."))
        return _back_to(measure)
    measure = measure_detail(_town(request), pk)
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


# ---------------------------------------------------------------------------------------------
# Town logbook
# ---------------------------------------------------------------------------------------------


@members_only
def journal(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    _drop_malformed_numbers(request, ("stellschraube", "jahr"))
    qs, active = filter_queryset(journal_entries(town), request, allowed=JOURNAL_FILTERS)
    page = Paginator(qs, 30).get_page(request.GET.get("seite"))
    return render_list(
        request,
        "logbook/journal/list.html",
        {
            "page": page,
            "entries": journal_rows(list(page.object_list)),
            "edit_url": RowUrl("logbook:journal_edit", town_slug=town.slug),
            "measure_url": RowUrl("logbook:measure_detail", town_slug=town.slug),
            "filter_form": JournalFilterForm(
                initial=active, levers=lever_options(town), years=journal_years(town)
            ),
        },
    )


def _journal_form_page(request: HttpRequest, entry: JournalEntry | None) -> HttpResponse:
    town = _town(request)
    initial: dict[str, Any] = {}
    if entry is not None:
        initial = {
            "happened_on": entry.happened_on,
            "kind": entry.kind,
            "title": entry.title,
            "text": entry.text,
            "levers": list(entry.levers.values_list("pk", flat=True)),
            "measures": list(entry.measures.values_list("pk", flat=True)),
        }
    else:
        lever_id = request.GET.get("stellschraube", "")
        measure_id = request.GET.get("massnahme", "")
        if lever_id.isdigit():
            initial["levers"] = [int(lever_id)]
        if measure_id.isdigit():
            initial["measures"] = [int(measure_id)]
    form = JournalEntryForm(request.POST or None, town=town, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                journal_entry_create(town=town, actor=_user(request), **form.cleaned_data)
            else:
                journal_entry_update(entry=entry, actor=_user(request), **form.cleaned_data)
        except LogbookError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Der Logbuch-Eintrag wurde gespeichert."))
            return redirect("logbook:journal", town_slug=town.slug)
    return render(request, "logbook/journal/form.html", {"form": form, "entry": entry})


@coordinator_only
def journal_create(request: HttpRequest) -> HttpResponse:
    return _journal_form_page(request, None)


@coordinator_only
def journal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_in_town_or_404(JournalEntry, _town(request), pk=pk)
    return _journal_form_page(request, entry)
