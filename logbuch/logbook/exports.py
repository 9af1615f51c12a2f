"""The council report (HTML and PDF) and the CSV/XLSX exports of a round's aggregated results.

Exports hold only aggregated, suppressed cells (the same the results page shows), never an
answer row, so an anonymous round stays anonymous in a spreadsheet too. Text cells that a
spreadsheet would read as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from logbuch.core.exports import neutralise, render_pdf

from .models import SCALE_LABELS
from .selectors.results import RoundResults, group_cells


def _number(value: Fraction | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def export_header() -> list[str]:
    return [
        _("Runde"),
        _("Bereich"),
        _("Kennung"),
        _("Stellschraube"),
        _("Gruppe"),
        _("Einschätzungen"),
        *[f"{v} – {label}" for v, label in SCALE_LABELS],
        _("weiß nicht"),
        _("Mittelwert"),
        _("Median"),
        _("Anteil „weiß nicht“"),
        _("Hinweis"),
    ]


def export_rows(results: RoundResults) -> Iterator[list[Any]]:
    """One row per Stellschraube and displayed cell; hidden cells say so and show no figure."""
    too_few = _("zu wenige Antworten")
    for block in results.areas:
        for lever, result in block.rows:
            for cell in group_cells(result, results.round.groups, results.sides):
                head = [
                    results.round.title,
                    block.area.title,
                    lever.code,
                    lever.title,
                    cell.label,
                ]
                c = cell.counts
                if cell.hidden or c is None:
                    yield [*head, None, *([None] * 5), None, None, None, None, too_few]
                    continue
                yield [
                    *head,
                    c.n,
                    *c.values,
                    c.dont_know,
                    _number(c.mean),
                    _number(c.median, 1),
                    _number(c.dont_know_share, 3),
                    "" if c.n else _("keine Antworten"),
                ]


def export_csv(results: RoundResults) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(v) for v in export_header()])
    for row in export_rows(results):
        writer.writerow(
            [
                number_format(v, use_l10n=True) if isinstance(v, float) else neutralise(v)
                for v in row
            ]
        )
    return buffer.getvalue()


def export_xlsx(results: RoundResults) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ergebnisse")[:31]
    sheet.append([neutralise(v) for v in export_header()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(results):
        sheet.append([neutralise(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    html = render_to_string("logbook/reports/report_pdf.html", context)
    css = render_to_string("logbook/reports/report_pdf.css", {})
    return render_pdf(html, base_url=base_url, stylesheets=[css])
