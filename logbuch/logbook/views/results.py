"""A round's results page, its Zwischenstände and the drilldown per Stellschraube."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, members_only
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from ..charts import Style, radar
from ..errors import RoundStillOpen
from ..models import (
    SCALE_LABELS,
    SCALE_MAX,
    SCALE_MIN,
    TOWN_LIST_KINDS,
    Lever,
    Round,
)
from ..results import GROUPS, LAYPEOPLE, PROFESSIONALS, TOTAL
from ..selectors.list_answers import list_entries, town_list_keys
from ..selectors.results import RoundResults, cell_label, group_cells, lever_comments, round_results
from ..selectors.rounds import participation_figures
from ..services.rounds import round_snapshot_release
from .shortcuts import _round

SERIES = (
    (PROFESSIONALS, Style("radar__prof", "#0b3c7d", ""), gettext_lazy("Profis")),
    (LAYPEOPLE, Style("radar__lay", "#b34700", "6 3"), gettext_lazy("Laien")),
    (TOTAL, Style("radar__all", "#4a5059", "2 2"), gettext_lazy("Alle")),
)


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


# The results body of a closed round changes only when the catalogue texts or the town's earlier
# rounds do, so it is kept for a short while; open rounds are always rendered afresh.
RESULTS_BODY_SECONDS = 15 * 60


def _results_body_key(request: TownRequest, round_: Round) -> str | None:
    if round_.is_open or round_.closed_at is None:
        return None
    coordinator = is_coordinator(request.roles)
    return (
        f"logbook:results-body:1:{round_.pk}:{round_.closed_at.timestamp():.6f}:"
        f"{get_language()}:{int(coordinator)}"
    )


def _back_to_results(request: TownRequest, round_: Round) -> HttpResponse:
    messages.info(request, str(RoundStillOpen.message))
    return redirect("logbook:round_results", town_slug=request.town.slug, pk=round_.pk)


def _still_open(request: TownRequest, round_: Round) -> HttpResponse | None:
    """Open rounds have no downloads, reports or drilldowns of live figures: back to the
    results page (which shows participation and released Zwischenstände only)."""
    return _back_to_results(request, round_) if round_.is_open else None


@members_only
def round_results_view(request: MemberRequest, pk: int) -> HttpResponse:
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
                {
                    "results": results,
                    "radars": _radars(results),
                    "round": round_,
                    "list_entries": _round_list_entries(results),
                },
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
            "may_release": round_.is_open and is_coordinator(request.roles),
        },
    )


def lever_scale(lever: Lever) -> list[tuple[int, str]]:
    """The scale points with the Stellschraube's own pole labels (the points between unnamed)."""
    poles = {SCALE_MIN: lever.pole_low, SCALE_MAX: lever.pole_high}
    return [(v, poles.get(v, "")) for v, _label in SCALE_LABELS]


def _round_list_entries(results: RoundResults, *, with_notes: bool = False) -> list[Any]:
    """(Stellschraube, its merged list entries) for those with a list answer (one query)."""
    kinds_of = {lid: list(lever.list_kinds) for lid, lever in results.levers.items()}
    entries = list_entries(results.round, results.by_lever, kinds_of, with_notes=with_notes)
    return [(results.levers[lid], entries[lid]) for lid in results.levers if lid in entries]


@coordinator_only
@require_POST
def round_snapshot_release_view(request: MemberRequest, pk: int) -> HttpResponse:
    """Zwischenstand freigeben: freeze the counts that may be shown now."""
    round_ = _round(request, pk)
    with refusal_on(request):
        snapshot, waiting = round_snapshot_release(round_=round_, actor=request.user)
        text = _("Zwischenstand %(number)d ist freigegeben.") % {"number": snapshot.number}
        if waiting:
            labels = ", ".join(str(cell_label(g)) for g in GROUPS if g in waiting)
            text += " " + _(
                "Noch nicht (ganz) enthalten, weil seit dem letzten Zwischenstand weniger als "
                "3 neue Einschätzungen dazukamen: %(groups)s."
            ) % {"groups": labels}
        messages.success(request, text)
    return redirect("logbook:round_results", town_slug=request.town.slug, pk=round_.pk)


@members_only
def round_lever(request: MemberRequest, round_pk: int, pk: int) -> HttpResponse:
    """One Stellschraube (`pk`) of a round: distribution, median and mean per group, comments
    (closed rounds); an open round shows its latest Zwischenstand without comments."""
    round_ = _round(request, round_pk)
    results = round_results(round_, trend_rounds=1)
    if not results.figures:
        return _back_to_results(request, round_)
    result = results.by_lever.get(pk)
    if result is None:
        raise Http404
    lever = results.levers[pk]
    entries = None
    if lever.list_kinds:
        kinds_of = {pk: list(lever.list_kinds)}
        entries = list_entries(round_, {pk: result}, kinds_of, with_notes=True)[pk]
    coordinator = is_coordinator(request.roles)
    return render(
        request,
        "logbook/results/lever.html",
        {
            "round": round_,
            "lever": lever,
            "list_entries": entries,
            "carriable": TOWN_LIST_KINDS if coordinator else (),
            "carried": (
                {f"{kind}:{key}" for kind, key in town_list_keys(request.town)}
                if coordinator and entries
                else set()
            ),
            "result": result,
            "snapshot": results.snapshot,
            "cells": group_cells(result, round_.groups, results.sides),
            "scale": lever_scale(lever),
            "summary_keys": (PROFESSIONALS, LAYPEOPLE, TOTAL),
            "comments": lever_comments(round_, result),
        },
    )
