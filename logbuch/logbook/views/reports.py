"""Downloads of a round's results (CSV, XLSX) and the council report (HTML, PDF)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from logbuch.towns.access import members_only
from logbuch.towns.http import MemberRequest, TownRequest

from .. import exports
from ..models import (
    WORK_STATUS_CHOICES,
    Round,
)
from ..results import MIN_ANSWERS
from ..selectors.demands import round_demands
from ..selectors.measures import measure_before_after, round_measures
from ..selectors.report import appendix, resources_pair, turnout
from ..selectors.results import RoundResults, round_results, side_names
from .results import RESULTS_BODY_SECONDS, _radars, _still_open
from .shortcuts import _round


def _download(content: str | bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@members_only
def round_export_csv(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    content = "\ufeff" + exports.export_csv(round_results(round_, trend_rounds=1))
    return _download(content, filename=f"ergebnisse-runde-{round_.pk}.csv", content_type="text/csv")


@members_only
def round_export_xlsx(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    return _download(
        exports.export_xlsx(round_results(round_, trend_rounds=1)),
        filename=f"ergebnisse-runde-{round_.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _sides_text(results: RoundResults) -> str:
    """The round's Profis/Laien setting in one sentence, only with the groups the round asked."""
    asked = results.round.groups
    professionals = side_names(results.sides.professionals, asked)
    laypeople = side_names(results.sides.laypeople, asked)
    others = side_names(results.sides.others, asked)
    parts = [
        _("als Profis zählen %(groups)s") % {"groups": professionals}
        if professionals
        else _("keine Gruppe zählt als Profis"),
        _("als Laien %(groups)s") % {"groups": laypeople}
        if laypeople
        else _("keine Gruppe zählt als Laien"),
    ]
    if others:
        parts.append(_("für sich stehen %(groups)s (nur in „Alle“ enthalten)") % {"groups": others})
    return "; ".join(parts) + "."


def _report_parts(request: TownRequest, round_: Round) -> dict[str, str]:
    """The report's result sections (participation to perception gaps, the higher levels, the
    trend and the appendix), rendered once per closed round, Profis/Laien setting and
    language; measures and Forderungen are always read afresh."""
    key = None
    if not round_.is_open and round_.closed_at is not None:
        closed = f"{round_.closed_at.timestamp():.6f}"
        sides = f"{','.join(round_.professional_groups)}|{','.join(round_.lay_groups)}"
        key = f"logbook:report-parts:3:{round_.pk}:{closed}:{sides}:{get_language()}"
        cached: dict[str, str] | None = cache.get(key)
        if cached is not None:
            return cached
    results = round_results(round_, trend_rounds=5)
    strengths = results.ranked(best=True)
    radars = _radars(results)
    context = {
        "round": round_,
        "results": results,
        "radars": [r for r in radars if not r["area"].is_higher_level],
        "higher_radars": [r for r in radars if r["area"].is_higher_level],
        "strengths": strengths,
        "weaknesses": [
            item for item in results.ranked(best=False, limit=10) if item not in strengths
        ][:5],
        "unclear": results.unclear(),
        "gaps": results.gaps()[:8],
        "knowledge_gaps": results.knowledge_gaps(),
        "turnout": turnout(round_),
        "min_answers": MIN_ANSWERS,
        "sides_text": _sides_text(results),
        "pair": resources_pair(results),
        "appendix": appendix(results),
    }
    parts: dict[str, str] = {
        "report_results": render_to_string("logbook/reports/_report_results.html", context),
        "report_higher": render_to_string("logbook/reports/_report_higher.html", context),
        "report_trend": render_to_string("logbook/reports/_report_trend.html", context),
        "report_appendix": render_to_string("logbook/reports/_report_appendix.html", context),
    }
    if key:
        cache.set(key, parts, RESULTS_BODY_SECONDS)
    return parts


def _report_context(request: TownRequest, round_: Round) -> dict[str, Any]:
    measures = round_measures(round_)
    before_after = measure_before_after(round_.town, measures)
    for m in measures:
        m.before_after = before_after[m.pk]
    counts: dict[str, int] = {}
    for m in measures:
        counts[m.status] = counts.get(m.status, 0) + 1
    return {
        "round": round_,
        "town": request.town,
        **_report_parts(request, round_),
        "measures": measures,
        "demands": round_demands(round_),
        "measure_status_counts": [
            (label, counts.get(value, 0)) for value, label in WORK_STATUS_CHOICES
        ],
        "today": timezone.localdate(),
    }


@members_only
def round_report(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    return render(request, "logbook/reports/report.html", _report_context(request, round_))


@members_only
def round_report_pdf(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if refused := _still_open(request, round_):
        return refused
    context = _report_context(request, round_)
    pdf = exports.report_pdf(context, base_url=request.build_absolute_uri("/"))
    return _download(pdf, filename=f"bericht-runde-{round_.pk}.pdf", content_type="application/pdf")
