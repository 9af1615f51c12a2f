"""KERN components shared by every app: status colours, stacked tables, scroll regions,
key/value rows, and the legal facts per Land."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from logbuch.core.legal import enforcement_body
from logbuch.core.status import TONES, Phase, Tone, tone_of
from logbuch.desk.models import BoardStatus, ConcernStatus, ThankYouStatus
from logbuch.desk.status import BOARD_PHASES, CONCERN_PHASES, THANKS_PHASES
from logbuch.fund.models import ApplicationStatus, PublicVoting, RepaymentClaim
from logbuch.fund.status import APPLICATION_PHASES, REPAYMENT_PHASES, VOTING_PHASES
from logbuch.logbook.models import WORK_STATUSES, MeasureStatus, RoundStatus
from logbuch.logbook.status import MEASURE_PHASES, ROUND_PHASES
from logbuch.logbook.tests.factories import MeasureFactory
from logbuch.logbook.tests.results_data import levers_of
from logbuch.services.models import RequestStatus, ServiceStatus
from logbuch.services.status import REQUEST_PHASES, SERVICE_PHASES
from logbuch.towns.management.commands.demo import DEMO_TOWNS, DemoTown
from logbuch.towns.models import Role, Town
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory

KERN_CSS = Path(settings.BASE_DIR) / "static_vendor" / "kern" / "kern.min.css"


def render(source: str, **context: object) -> str:
    """The rendered template with runs of whitespace made one space and none around tags."""
    html = Template(source).render(Context(context))
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


# --- one status -> colour mapping -------------------------------------------------------------


def test_every_phase_has_a_badge_colour_that_kern_defines() -> None:
    assert set(TONES) == set(Phase)
    css = KERN_CSS.read_text(encoding="utf-8")
    for tone in Tone:
        assert f".kern-badge--{tone}{{" in css, f"KERN has no kern-badge--{tone}"


@pytest.mark.parametrize(
    ("phases", "choices"),
    [
        (APPLICATION_PHASES, ApplicationStatus),
        (VOTING_PHASES, PublicVoting.Status),
        (REPAYMENT_PHASES, RepaymentClaim.Status),
        (MEASURE_PHASES, MeasureStatus),
        (ROUND_PHASES, RoundStatus),
        (CONCERN_PHASES, ConcernStatus),
        (BOARD_PHASES, BoardStatus),
        (THANKS_PHASES, ThankYouStatus),
        (SERVICE_PHASES, ServiceStatus),
        (REQUEST_PHASES, RequestStatus),
    ],
)
def test_every_status_of_every_app_has_a_phase(phases: object, choices: type) -> None:
    assert set(phases) == set(choices.values)  # type: ignore[call-overload, attr-defined]


def test_states_of_the_same_meaning_look_the_same_in_every_app() -> None:
    assert tone_of(APPLICATION_PHASES[ApplicationStatus.DRAFT]) == tone_of(
        MEASURE_PHASES[MeasureStatus.PLANNED]
    )
    assert tone_of(ROUND_PHASES[RoundStatus.OPEN]) == tone_of(
        VOTING_PHASES[PublicVoting.Status.OPEN]
    )
    assert tone_of(Phase.REJECTED) == tone_of(Phase.OVERDUE) == Tone.DANGER
    assert tone_of(Phase.IN_REVIEW) == Tone.WARNING
    assert tone_of(Phase.APPROVED) == Tone.SUCCESS


def test_a_badge_carries_the_colour_of_its_phase_and_its_label() -> None:
    html = render('{% status_badge "in_review" label %}', label="Rückfrage <offen>")
    assert 'class="kern-badge kern-badge--warning"' in html
    assert '<span class="kern-label">Rückfrage &lt;offen&gt;</span>' in html
    with pytest.raises(ValueError, match="neutral"):
        render('{% status_badge "neutral" "x" %}')


def test_measure_board_badges_use_only_colours_kern_has(
    town: Town, coordinator_client: Client
) -> None:
    lever = levers_of(town)[0]
    for status in WORK_STATUSES:  # the board shows measures; Vorschläge have their own list
        MeasureFactory(town=town, title=f"M {status}", lever=lever, status=status)
    html = coordinator_client.get(f"/{town.slug}/logbuch/massnahmen/").content.decode()
    badges = re.findall(r'class="kern-badge([^"]*)"', html)
    assert len(badges) == len(WORK_STATUSES)
    assert all(re.fullmatch(r" kern-badge--(info|success|warning|danger)", b) for b in badges)


# --- stacked tables and scroll regions --------------------------------------------------------


class StackedTables(HTMLParser):
    """Collects, per `table.stack-table`, the column headers and each body row's cells as
    (tag, data-label)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list]] = []  # type: ignore[type-arg]
        self.depth = 0
        self.in_head = False
        self.in_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and "stack-table" in (a.get("class") or "").split():
            self.tables.append({"headers": [], "rows": []})
            self.depth = 1
        elif not self.depth:
            return
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.tables[-1]["rows"].append([])
        elif tag == "th" and self.in_head:
            self.in_th = True
            self.tables[-1]["headers"].append("")
        elif tag in {"td", "th"}:
            self.tables[-1]["rows"][-1].append((tag, a.get("data-label")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = 0
        elif tag == "thead":
            self.in_head = False
        elif tag == "th":
            self.in_th = False

    def handle_data(self, data: str) -> None:
        if self.depth and self.in_th:
            self.tables[-1]["headers"][-1] += data.strip()


def stacked_tables(html: str) -> list[dict[str, list]]:  # type: ignore[type-arg]
    parser = StackedTables()
    parser.feed(html)
    return parser.tables


def assert_cells_labelled_by_their_headers(html: str) -> None:
    tables = stacked_tables(html)
    assert tables, "no stacked table on the page"
    for table in tables:
        assert table["rows"]
        for row in table["rows"]:
            assert len(row) == len(table["headers"])
            for (tag, label), header in zip(row, table["headers"], strict=True):
                if tag == "td":  # a row header is the row's title, the others say their column
                    assert label == header, f"data-label {label!r} under {header!r}"


def test_member_list_is_a_stacked_table_whose_cells_name_their_column(
    town: Town, coordinator_client: Client
) -> None:
    for name in ["Jens Böhme", "Lena Fischer"]:
        MembershipFactory(town=town, user=UserFactory(name=name), role=Role.VOLUNTEER)
    html = coordinator_client.get(f"/{town.slug}/verwaltung/menschen/").content.decode()
    assert_cells_labelled_by_their_headers(html)
    assert "kern-table-responsive" not in html  # nothing to scroll sideways


def test_measure_board_is_a_stacked_table(town: Town, coordinator_client: Client) -> None:
    MeasureFactory(town=town, title="Ehrenamtsbörse", lever=levers_of(town)[0])
    html = coordinator_client.get(f"/{town.slug}/logbuch/massnahmen/").content.decode()
    assert_cells_labelled_by_their_headers(html)


def test_stacked_tables_turn_into_rows_below_the_kern_breakpoint() -> None:
    css = (Path(settings.BASE_DIR) / "logbuch/core/static/core/logbuch.css").read_text()
    block = css[css.index("@media (max-width: 47.99em)") :]
    assert ".stack-table > tbody > tr" in block and "display: block" in block
    assert 'content: attr(data-label) ": "' in block


def test_a_scroll_region_is_named_and_reachable_by_keyboard() -> None:
    html = render('{% scrollregion "Verteilung" %}<table></table>{% endscrollregion %}')
    assert html == (
        '<div class="kern-table-responsive" role="region" aria-label="Verteilung" tabindex="0">'
        "<table></table></div>"
    )


def test_a_key_value_row_is_kerns_description_list_item() -> None:
    html = render('{% keyvalue "Status" %}<b>läuft</b>{% endkeyvalue %}')
    assert '<dt class="kern-description-list-item__key">Status</dt>' in html
    assert '<dd class="kern-description-list-item__value"><b>läuft</b></dd>' in html


# --- legal pages of a town --------------------------------------------------------------------


def test_accessibility_statement_names_the_lands_enforcement_body(
    town: Town, client: Client
) -> None:
    town.bundesland = "SN"
    town.save(update_fields=["bundesland"])
    html = client.get(f"/{town.slug}/barrierefreiheit/").content.decode()
    assert (
        "Durchsetzungsstelle beim Beauftragten der Sächsischen Staatsregierung für die Belange "
        "von Menschen mit Behinderungen"
    ) in html


@pytest.mark.parametrize("page", ["barrierefreiheit", "datenschutz", "impressum"])
def test_a_towns_legal_pages_show_no_operator_notes(town: Town, client: Client, page: str) -> None:
    html = client.get(f"/{town.slug}/{page}/").content.decode()
    assert "Vorlage:" not in html and "templates/" not in html


def test_ordinary_lists_on_legal_pages_are_bullet_lists(town: Town, client: Client) -> None:
    html = client.get(f"/{town.slug}/datenschutz/").content.decode()
    assert '<ul class="kern-list">' not in html
    assert "kern-list--bullet" in html


@pytest.mark.parametrize("spec", DEMO_TOWNS, ids=lambda spec: spec.slug)
def test_each_demo_towns_statement_names_its_enforcement_body_and_open_barriers(
    spec: DemoTown, client: Client, db: None
) -> None:
    town = TownFactory(slug=spec.slug, name=spec.name, bundesland=spec.bundesland)
    html = client.get(f"/{town.slug}/barrierefreiheit/").content.decode()
    body = enforcement_body(spec.bundesland)
    assert body and body in html
    known = html.split("Nicht barrierefreie Inhalte", 1)[1].split("</ul>", 1)[0]
    assert known.count("<li>") >= 3


# --- buttons ----------------------------------------------------------------------------------

BUTTON = re.compile(r"<(a|button)\b[^>]*\bkern-btn\b[^>]*>(.*?)</\1>", re.S)


def test_kern_shrinks_a_button_with_screen_reader_text_to_an_icon() -> None:
    """Why the next test exists: KERN draws any `kern-btn` holding `kern-sr-only` 48 px wide."""
    assert ".kern-btn:has(.kern-sr-only){width:" in KERN_CSS.read_text(encoding="utf-8")


def test_no_text_button_hides_words_in_kern_sr_only() -> None:
    """A text button names its target with `aria-label` (starting with the visible words), not
    with hidden text that would shrink it to an icon button."""
    root = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(root)}: {match.group(0)[:80]}"
        for path in sorted((root / "logbuch").rglob("templates/**/*.html"))
        for match in BUTTON.finditer(path.read_text(encoding="utf-8"))
        if "kern-sr-only" in match.group(2)
    ]
    assert found == []


def test_the_hide_and_show_buttons_name_their_stellschraube(
    town: Town, coordinator_client: Client
) -> None:
    lever = levers_of(town)[0]
    html = coordinator_client.get(
        reverse("logbook:lever_manage", kwargs={"town_slug": town.slug})
    ).text
    assert f'aria-label="Ausblenden: {lever.title}"><span class="kern-label">Ausblenden</span>' in (
        html
    )
