"""A person's hours and the yearly certificate of volunteer work (Ehrenamtsnachweis, PDF)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from logbuch.core.exports import render_pdf
from logbuch.towns.access import members_only
from logbuch.towns.http import MemberRequest

from .. import selectors


def _year(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@members_only
def my_hours(request: MemberRequest) -> HttpResponse:
    town, user = request.town, request.user
    years = selectors.hours_years(town=town, user=user)
    year = _year(request.GET.get("jahr"), years[0] if years else timezone.localdate().year)
    summary = selectors.hours_summary(town=town, user=user, year=year)
    return render(
        request,
        "services/my_hours.html",
        {
            "year": year,
            "years": years,
            "records": selectors.hours_of(town=town, user=user, year=year),
            "summary": summary,
            "total_minutes": sum(row["minutes"] for row in summary),
        },
    )


@members_only
def certificate(request: MemberRequest, year: int) -> HttpResponse:
    """The tagged PDF for the Ehrenamtskarte or a job application."""
    town, user = request.town, request.user
    summary = selectors.hours_summary(town=town, user=user, year=year)
    if not summary:
        raise Http404
    context = {
        "town": town,
        "person": user,
        "year": year,
        "summary": summary,
        "total_minutes": sum(row["minutes"] for row in summary),
        "total_shifts": sum(row["shifts"] for row in summary),
        "issued": timezone.localdate(),
    }
    html = render_to_string("services/certificate_pdf.html", context, request=request)
    css = render_to_string("services/certificate_pdf.css", {})
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[css])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ehrenamtsnachweis-{year}.pdf"'
    return response
