"""Council report (HTML, PDF) and the aggregated CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, PdfObject

from logbuch.core import exports
from logbuch.core.exports import FORMULA_TRIGGERS, neutralise, render_pdf
from logbuch.logbook.tests.factories import MeasureFactory
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import add_answers, levers_of, open_round
from logbuch.towns.models import Town

pytestmark = pytest.mark.django_db


def _round_with_gap(town: Town, **kw: Any) -> Any:
    """A closed round (open rounds have no report or exports)."""
    round_ = open_round(town, **{"closed": True, **kw})
    lever = levers_of(town)[0]
    add_answers(round_, lever, "staff", [4, 4, 3], comment='=HYPERLINK("x")')
    add_answers(round_, lever, "volunteer", [1, 1, 0])
    return round_


# Half the examples start like a formula; plain text alone would almost never do.
cell_texts = st.one_of(
    st.text(max_size=20),
    st.tuples(st.sampled_from(FORMULA_TRIGGERS), st.text(max_size=20)).map("".join),
)


@given(cell_texts)
def test_neutralised_text_never_starts_like_a_formula_and_keeps_the_text(text: str) -> None:
    cell = str(neutralise(text))
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert cell == ("'" + text if text.startswith(FORMULA_TRIGGERS) else text)


def test_numbers_stay_numbers() -> None:
    assert neutralise(-3) == -3
    assert neutralise(2.5) == 2.5
    assert neutralise("-Plan") == "'-Plan"
    assert neutralise("@home") == "'@home"


def test_csv_holds_aggregates_only_and_neutralises_formulas(
    town: Town, coordinator_client: Client
) -> None:
    round_ = _round_with_gap(town, anonymous=True, title="=cmd|' /C calc'!A0")
    response = coordinator_client.get(url("round_export_csv", town, pk=round_.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert "Mittelwert" in header
    # One row per Stellschraube and cell (2 groups + professionals, laypeople, all): no answer
    # rows, whatever the number of answers.
    assert len(body) == len(levers_of(town)) * 5
    assert all(row[0] == "'=cmd|' /C calc'!A0" for row in body)
    assert not any("HYPERLINK" in cell for row in rows for cell in row)  # comments never exported
    staff = next(r for r in body if r[4] == "Hauptberufliche" and r[5])
    assert staff[5] == "3"  # three answers
    assert staff[-4] == "3,67"  # mean, German decimal comma


def test_xlsx_holds_aggregates_with_text_cells_neutralised(
    town: Town, coordinator_client: Client
) -> None:
    round_ = _round_with_gap(town, title="+SUM(A1)")
    response = coordinator_client.get(url("round_export_xlsx", town, pk=round_.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Runde"
    assert len(values) == 1 + len(levers_of(town)) * 5
    assert all(row[0] == "'+SUM(A1)" for row in values[1:])
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formulas


def test_export_of_small_groups_says_too_few(town: Town, coordinator_client: Client) -> None:
    round_ = open_round(town, closed=True)
    add_answers(round_, levers_of(town)[0], "staff", [4, 4])
    body = coordinator_client.get(url("round_export_csv", town, pk=round_.pk)).content.decode()
    assert "zu wenige Antworten" in body
    assert ";4;" not in body.replace("\ufeff", "")


def test_report_html_has_all_sections(town: Town, coordinator_client: Client) -> None:
    round_ = _round_with_gap(town)
    MeasureFactory(town=town, lever=levers_of(town)[0], title="Runder Tisch Ehrenamt")
    html = coordinator_client.get(url("round_report", town, pk=round_.pk)).content.decode()
    for heading in (
        "Zusammenfassung",
        "Stärken",
        "Größte Lücken",
        "Wahrnehmungslücken",
        "Maßnahmen",
        "Entwicklung",
    ):
        assert heading in html
    assert "Runder Tisch Ehrenamt" in html


def test_report_of_a_round_without_answers_says_so(town: Town, coordinator_client: Client) -> None:
    round_ = open_round(town, closed=True)
    html = coordinator_client.get(url("round_report", town, pk=round_.pk)).content.decode()
    assert "In dieser Runde wurden keine Einschätzungen abgegeben." in html
    pdf = coordinator_client.get(url("round_report_pdf", town, pk=round_.pk))
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "keine Einschätzungen abgegeben" in text


def test_pdf_report_has_the_expected_headings(town: Town, coordinator_client: Client) -> None:
    round_ = _round_with_gap(town)
    response = coordinator_client.get(url("round_report_pdf", town, pk=round_.pk))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ("Bericht für den Stadtrat", "Zusammenfassung", "Wahrnehmungslücken"):
        assert heading in text


def test_pdf_report_is_tagged_for_screen_readers(town: Town, coordinator_client: Client) -> None:
    round_ = _round_with_gap(town)
    response = coordinator_client.get(url("round_report_pdf", town, pk=round_.pk))
    catalog = _dict(PdfReader(io.BytesIO(response.content)).trailer["/Root"])
    assert "/StructTreeRoot" in catalog
    assert _dict(catalog["/MarkInfo"])["/Marked"]
    assert str(catalog["/Lang"]).startswith("de")


def _dict(value: PdfObject) -> DictionaryObject:
    """A PDF entry that must be a dictionary, as one (pypdf types every entry as a PdfObject)."""
    assert isinstance(value, DictionaryObject), value
    return value


def _struct_elements(node: Any) -> Any:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            yield from _struct_elements(child)
    elif isinstance(node, dict):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from _struct_elements(node["/K"])


def test_pdf_charts_have_alternative_text_and_headers_their_scope(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    area = levers_of(town)[0].area
    for lever in [lever for lever in levers_of(town) if lever.area == area][:3]:
        add_answers(round_, lever, "staff", [4, 3, 3])
        add_answers(round_, lever, "volunteer", [1, 2, 0])
    html = coordinator_client.get(url("round_report", town, pk=round_.pk)).content.decode()
    assert "<th>" not in html and "<th " in html
    assert all("scope=" in th for th in re.findall(r"<th\b[^>]*>", html))
    pdf = coordinator_client.get(url("round_report_pdf", town, pk=round_.pk)).content
    tree = _dict(PdfReader(io.BytesIO(pdf)).trailer["/Root"])["/StructTreeRoot"]
    elements = list(_struct_elements(tree))
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures, "the radar chart is tagged as a figure"
    assert all(str(f.get("/Alt", "")).startswith("Netzdiagramm") for f in figures)
    assert any(e["/S"] == "/TH" for e in elements)


def test_pdf_rendering_fetches_nothing_remote() -> None:
    html = (
        '<html><body><img src="https://example.org/x.png">'
        '<link rel="stylesheet" href="http://other.invalid/a.css">'
        '<img src="file:///etc/passwd"><p>ok</p></body></html>'
    )
    fetched: list[str] = []

    original = exports._local_fetcher

    def spy(base_url: str) -> Any:
        fetcher = original(base_url)
        real = fetcher.fetch

        def fetch(url: str, headers: Any = None) -> Any:
            fetched.append(url)
            return real(url, headers)

        fetcher.fetch = fetch
        return fetcher

    exports._local_fetcher = spy
    try:
        pdf = render_pdf(html, base_url="http://localhost/")
    finally:
        exports._local_fetcher = original
    assert pdf.startswith(b"%PDF")
    # The fetcher was asked, and refused each: nothing outside this host's static files.
    fetcher = original("http://localhost/")
    for remote in fetched or ["https://example.org/x.png"]:
        with pytest.raises(ValueError, match="refusing"):
            fetcher.fetch(remote)


def test_the_local_fetcher_serves_static_files() -> None:
    response = exports._local_fetcher("http://localhost/").fetch(
        "http://localhost/static/core/print.css"
    )
    assert b"no-print" in response.read()


def test_the_local_fetcher_refuses_paths_outside_the_static_files() -> None:
    fetcher = exports._local_fetcher("http://localhost/")
    for address in (
        "http://localhost/static/../../etc/passwd",
        "http://localhost/static/%2e%2e/%2e%2e/etc/passwd",
        "http://localhost/konto/profil/",
    ):
        with pytest.raises(ValueError, match=r"refusing|no static file"):
            fetcher.fetch(address)


def test_pdf_embeds_the_house_font_from_static_files() -> None:
    css = render_to_string("logbook/reports/report_pdf.css", {})
    pdf = render_pdf("<p>Hallo <b>Rat</b></p>", base_url="http://localhost/", stylesheets=[css])
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {
        str(f.get_object().get("/BaseFont"))
        for page in reader.pages
        for f in _dict(_dict(page["/Resources"])["/Font"]).values()
    }
    assert any("Fira-Sans" in f for f in fonts), fonts


def test_closed_round_report_reads_measures_afresh(town: Town, coordinator_client: Client) -> None:
    round_ = _round_with_gap(town)
    path = url("round_report", town, pk=round_.pk)
    first = coordinator_client.get(path).content.decode()
    assert "Noch keine Maßnahmen." in first
    MeasureFactory(town=town, lever=levers_of(town)[0], title="Patenschaften")
    again = coordinator_client.get(path).content.decode()
    assert "Patenschaften" in again
    assert "Wahrnehmungslücken" in again and "Größte Lücken" in again
