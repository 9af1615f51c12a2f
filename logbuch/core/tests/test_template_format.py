"""Templates are formatted one tag per line by djLint (`make fmt`, checked by `make check`) and no
line passes 160 characters.

djLint keeps inline content on one line where a newline could change the rendered text (a link's
text after its href, a run of {% if %}s inside a sentence, a long start tag). The lines listed in
KNOWN_LONG are such lines that were not split by hand yet: their number per file may only go down,
and every other template has none."""

from __future__ import annotations

from pathlib import Path

import pytest

import logbuch

MAX_LINE = 160
EXCLUDED = ("core/templates/django/",)  # Django's own widget templates, byte for byte

KNOWN_LONG: dict[str, int] = {
    "core/templates/core/forms/field.html": 1,
    "core/templates/core/layout/top.html": 1,
    "core/templates/core/legal/imprint_body.html": 1,
    "core/templates/core/legal/privacy_body.html": 1,
    "desk/templates/desk/appointment.html": 1,
    "desk/templates/desk/board_moderation.html": 2,
    "desk/templates/desk/concern_detail.html": 2,
    "desk/templates/desk/concern_track.html": 1,
    "desk/templates/desk/home_panel.html": 1,
    "desk/templates/desk/index.html": 2,
    "fund/templates/fund/application_detail.html": 2,
    "fund/templates/fund/application_form.html": 2,
    "fund/templates/fund/fund_detail.html": 1,
    "fund/templates/fund/public/_fund_public_body.html": 3,
    "fund/templates/fund/reports/_year_report_page.html": 1,
    "fund/templates/fund/vote/_voting_body.html": 1,
    "fund/templates/fund/vote/code_sheet.html": 1,
    "fund/templates/fund/vote/voting_manage.html": 1,
    "logbook/templates/logbook/_answer_text.html": 2,
    "logbook/templates/logbook/_lever_answer.html": 2,
    "logbook/templates/logbook/answer_step.html": 1,
    "logbook/templates/logbook/demands/list.html": 1,
    "logbook/templates/logbook/index.html": 2,
    "logbook/templates/logbook/journal/list.html": 3,
    "logbook/templates/logbook/lever_manage.html": 1,
    "logbook/templates/logbook/measures/board.html": 2,
    "logbook/templates/logbook/measures/detail.html": 6,
    "logbook/templates/logbook/reports/_report_body.html": 1,
    "logbook/templates/logbook/reports/_report_results.html": 1,
    "logbook/templates/logbook/results/_body.html": 3,
    "logbook/templates/logbook/results/_entry_list.html": 3,
    "logbook/templates/logbook/results/_gap.html": 1,
    "logbook/templates/logbook/results/_list_entries.html": 1,
    "logbook/templates/logbook/results/_means_table.html": 3,
    "logbook/templates/logbook/results/_radar.html": 1,
    "logbook/templates/logbook/results/round_results.html": 1,
    "logbook/templates/logbook/round_detail.html": 1,
    "logbook/templates/logbook/town_list.html": 1,
    "services/templates/services/_shift_table.html": 1,
    "services/templates/services/certificate_pdf.html": 1,
    "services/templates/services/index.html": 2,
    "services/templates/services/organigram.html": 2,
    "services/templates/services/run_sheet.html": 2,
    "services/templates/services/service_detail.html": 3,
    "services/templates/services/shift_detail.html": 4,
    "towns/templates/towns/invitations.html": 1,
    "towns/templates/towns/profile.html": 2,
    "towns/templates/towns/town_home.html": 2,
}


def long_lines() -> dict[str, list[int]]:
    root = Path(logbuch.__file__).parent
    found: dict[str, list[int]] = {}
    for path in sorted(root.glob("*/templates/**/*.html")):
        name = path.relative_to(root).as_posix()
        if name.startswith(EXCLUDED):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        numbers = [n for n, line in enumerate(lines, 1) if len(line) > MAX_LINE]
        if numbers:
            found[name] = numbers
    return found


def test_no_template_line_over_160_characters() -> None:
    found = long_lines()
    grown = {name: lines for name, lines in found.items() if len(lines) > KNOWN_LONG.get(name, 0)}
    assert grown == {}, (
        "template lines over 160 characters (file: line numbers): split them by hand or with "
        "scripts/split_template_lines.py, then `make fmt`"
    )


def test_known_long_lines_only_go_down() -> None:
    found = {name: len(lines) for name, lines in long_lines().items()}
    fewer = {name: found.get(name, 0) for name, n in KNOWN_LONG.items() if found.get(name, 0) < n}
    assert fewer == {}, "fewer long lines now: lower KNOWN_LONG to these counts"


def test_a_long_line_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = tmp_path / "app" / "templates" / "app"
    app.mkdir(parents=True)
    (app / "page.html").write_text("<p>\n" + "x" * 161 + "\n</p>\n", encoding="utf-8")
    monkeypatch.setattr(logbuch, "__file__", str(tmp_path / "__init__.py"))
    assert long_lines() == {"app/templates/app/page.html": [2]}
