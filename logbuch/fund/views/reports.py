"""The yearly report of a town's funds (HTML and PDF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.exports import render_pdf
from logbuch.towns.access import roles_required
from logbuch.towns.http import STEWARD_ROLES, MemberRequest
from logbuch.towns.models import Role

from ..selectors import reports as reports_selectors
from ..selectors.reports import report_years, today_year
from .shortcuts import cached_body, town_url

# The stewards (is_coordinator) and the council and staff who report on the fund.
REPORT_ROLES = (*(Role(r) for r in sorted(STEWARD_ROLES)), Role.COUNCIL, Role.STAFF)


def _report_context(request: MemberRequest, year: int) -> dict[str, Any]:
    town = request.town
    report = reports_selectors.year_report(town=town, year=year)
    return {
        "report": report,
        "sections": [
            (_("Nach Förderbereich"), report.by_category),
            (_("Nach Art der Antragsteller"), report.by_applicant_type),
        ],
        "years": report_years(town=town),
        "generated": timezone.localtime(),
    }


@roles_required(*REPORT_ROLES)
def year_report(request: MemberRequest, year: int) -> HttpResponse:
    """The report reads the same for every reader with access, so it is cached for a minute."""
    town = request.town
    body = cached_body(
        request,
        f"fund-report:{town.pk}:{year}",
        "fund/reports/_year_report_page.html",
        lambda: _report_context(request, year),
    )
    return render(request, "fund/reports/year_report.html", {"year": year, "body": body})


@roles_required(*REPORT_ROLES)
def year_report_pdf(request: MemberRequest, year: int) -> HttpResponse:
    context = _report_context(request, year)
    html = render_to_string("fund/reports/year_report_pdf.html", context, request=request)
    css = render_to_string("fund/reports/year_report_pdf.css", {})
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[css])
    response = HttpResponse(pdf, content_type="application/pdf")
    town = request.town
    response["Content-Disposition"] = f'attachment; filename="fondsbericht-{town.slug}-{year}.pdf"'
    return response


@roles_required(*REPORT_ROLES)
def report_index(request: MemberRequest) -> HttpResponse:
    return redirect(town_url("year_report", request.town, year=today_year()))
