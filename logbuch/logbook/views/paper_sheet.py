"""The blank Papierbogen of a round as a PDF, to hand out with the printed codes."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from logbuch.core.exports import render_pdf
from logbuch.towns.access import coordinator_only
from logbuch.towns.http import MemberRequest

from ..models import SCALE_MAX, SCALE_MIN
from ..selectors.catalogue import round_levers_by_area
from .shortcuts import _round

# Write-in lines per part of a list answer, and for the comment.
LIST_LINES = 4
COMMENT_LINES = 2


@coordinator_only
def round_paper_sheet_pdf(request: MemberRequest, pk: int) -> HttpResponse:
    """One block per Stellschraube: the question verbatim, tick boxes 0–4 with its pole labels
    and "weiß nicht" apart, lines for list answers and a comment. The coordinator types the
    filled-in sheets in on "Papierbogen erfassen"."""
    round_ = _round(request, pk)
    context = {
        "town": request.town,
        "round": round_,
        "areas": round_levers_by_area(round_=round_),
        "scale": range(SCALE_MIN, SCALE_MAX + 1),
        "list_lines": range(LIST_LINES),
        "comment_lines": range(COMMENT_LINES),
    }
    base_url = request.build_absolute_uri("/")
    pdf = render_pdf(
        render_to_string("logbook/paper_sheet_pdf.html", context),
        base_url=base_url,
        stylesheets=[render_to_string("logbook/paper_sheet_pdf.css", {})],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="papierbogen-runde-{round_.pk}.pdf"'
    return response
