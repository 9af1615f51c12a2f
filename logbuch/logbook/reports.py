"""The council report (HTML and PDF) and the CSV/XLSX exports of a round's aggregated results.

Exports hold only aggregated, suppressed cells (the same the results page shows), never an
answer row, so an anonymous round stays anonymous in a spreadsheet too. Text cells that a
spreadsheet would read as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import functools
import io
import mimetypes
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # WeasyPrint depends on it
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import SCALE_LABELS
from .selectors_results import RoundResults, cell_label, group_cells

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


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
            for cell in group_cells(result, results.round.groups):
                head = [
                    results.round.title,
                    block.area.title,
                    lever.code,
                    lever.title,
                    cell_label(cell.key),
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


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def _static_file(relative: str) -> Path | None:
    """A static file on disk: collected (hashed names in production) or found in the apps."""
    try:
        if staticfiles_storage.exists(relative):
            return Path(staticfiles_storage.path(relative))
    except (NotImplementedError, SuspiciousFileOperation, ValueError):
        pass
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    return Path(found) if isinstance(found, str) else None


@functools.lru_cache(maxsize=8)
def _font_as_ttf(path: str) -> bytes:
    """A WOFF2 web font decompressed once per process (Brotli decoding costs ~0.2 s a font)."""
    font = TTFont(path)
    font.flavor = None
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _local_fetcher(base_url: str) -> Any:
    """A WeasyPrint URL fetcher that serves static files from disk and fetches nothing else."""
    origin = urlsplit(base_url)
    static_prefix = str(settings.STATIC_URL)

    class LocalStaticFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or not (
                parts.path.startswith(static_prefix)
            ):
                raise ValueError(f"refusing to fetch {url}")
            relative = unquote(parts.path.removeprefix(static_prefix))
            path = _static_file(relative)
            if path is None or not path.is_file():
                raise ValueError(f"no static file {relative}")
            if path.suffix == ".woff2":
                return URLFetcherResponse(
                    url, _font_as_ttf(str(path)), {"Content-Type": "font/ttf"}
                )
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return LocalStaticFetcher()


def render_pdf(html: str, *, base_url: str, stylesheets: Sequence[str] = ()) -> bytes:
    """Render HTML to PDF; only local static files are loaded (no network access)."""
    fetcher = _local_fetcher(base_url)
    fonts = FontConfiguration()  # @font-face rules only apply with a shared configuration
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    css = [
        CSS(string=s, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
        for s in stylesheets
    ]
    result: bytes = document.write_pdf(stylesheets=css, font_config=fonts)
    return result


def report_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    html = render_to_string("logbook/reports/report_pdf.html", context)
    css = render_to_string("logbook/reports/report_pdf.css", {})
    return render_pdf(html, base_url=base_url, stylesheets=[css])
