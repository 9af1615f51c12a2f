"""The council report cannot mislead (issue 12, items 3 and 4): participation per group, gaps
with their answer counts and "gleich gesehen", "unklar" Stellschrauben kept out of the local
gaps, the higher levels in their own section, a trend only across the same groups, before/after
values from rounds closed before the measure, the S03a/S03b pair, the appendix, and the
Profis/Laien setting of the round."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from fractions import Fraction

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from logbuch.logbook.models import (
    Lever,
    Measure,
    ParticipantGroup,
    ParticipationStatus,
    Round,
    RoundStatus,
)
from logbuch.logbook.results import (
    GROUPS,
    LAYPEOPLE,
    MIN_ANSWERS,
    PROFESSIONALS,
    TOTAL,
    Counts,
    Sides,
    cells_of,
    lever_result,
)
from logbuch.logbook.selectors.measures import measure_before_after
from logbuch.logbook.selectors.report import turnout_rows
from logbuch.logbook.selectors.results import round_results
from logbuch.logbook.services.rounds import round_open
from logbuch.logbook.tests.factories import DemandFactory, MeasureFactory, ParticipationFactory
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import add_answers, levers_of, open_round
from logbuch.logbook.tests.test_suppression import determined
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db


def _lever(town: Town, code: str) -> Lever:
    return next(lever for lever in levers_of(town) if lever.code == code)


def _report(client: Client, round_: Round) -> str:
    response = client.get(url("round_report", round_.town, pk=round_.pk))
    assert response.status_code == 200
    return response.content.decode()


# --- a gap under 0,5 has no direction -----------------------------------------------------------


def test_a_gap_that_rounds_to_zero_is_seen_the_same_without_a_direction(
    town: Town, coordinator_client: Client
) -> None:
    """Bug: a gap of 0,0 was reported as "Laien sehen es besser"."""
    round_ = open_round(town, closed=True)
    lever = _lever(town, "S02")
    add_answers(round_, lever, "staff", [2, 2, 2])
    add_answers(round_, lever, "volunteer", [2] * 24 + [3])  # 2,04: 0,04 above the staff
    results_page = coordinator_client.get(url("round_results", town, pk=round_.pk))
    html = results_page.content.decode()
    assert "gleich gesehen" in html
    assert "Laien sehen es besser" not in html
    assert "Profis sehen es besser" not in html
    report = _report(coordinator_client, round_)
    assert "gleich gesehen" in report
    assert "Laien sehen es besser" not in report
    assert "Laien höher" not in report


@pytest.mark.parametrize(
    ("staff", "lay", "direction"),
    [
        ([2, 2, 2], [2, 2, 2], 0),
        ([3, 2, 2], [2, 2, 2], 0),  # 0,33
        ([3, 3, 3, 2], [2, 2, 2, 3], 1),  # 0,5: shown as 0,5, so it has a direction
        ([3, 3, 3], [2, 2, 3], 1),  # 0,67
        ([1, 1, 1], [2, 2, 2], -1),
    ],
)
def test_gap_direction_starts_at_half_a_point(
    staff: list[int], lay: list[int], direction: int
) -> None:
    def counts(values: list[int]) -> Counts:
        return Counts(tuple(values.count(v) for v in range(5)))  # type: ignore[arg-type]

    result = lever_result(1, {"staff": counts(staff), "volunteer": counts(lay)})
    assert result.gap_direction == direction


def test_the_gap_table_shows_the_number_of_answers_on_each_side(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    lever = _lever(town, "S09")
    add_answers(round_, lever, "staff", [4, 4, 3, 4])
    add_answers(round_, lever, "volunteer", [1, 1, 0, 1, 2])
    for html in (
        coordinator_client.get(url("round_results", town, pk=round_.pk)).content.decode(),
        _report(coordinator_client, round_),
    ):
        assert "(n = 4)" in html
        assert "(n = 5)" in html
        assert "Profis sehen es besser" in html


# --- "unklar – erst informieren" and the higher levels ------------------------------------------


def test_a_lever_with_half_dont_know_is_unclear_never_the_biggest_local_gap(
    town: Town, coordinator_client: Client
) -> None:
    """Bug: "Am meisten zu tun: Bedarfsgerechte Strukturförderung" with 62 % "weiß nicht"."""
    round_ = open_round(town, closed=True)
    unclear_local = _lever(town, "S05")
    add_answers(round_, unclear_local, "staff", [0, 0, 0, None, None, None])
    higher = _lever(town, "E02")
    add_answers(round_, higher, "staff", [0, 0, 0, 0])
    worst_local = _lever(town, "K06")
    add_answers(round_, worst_local, "staff", [1, 1, 1])
    for code in ("S01", "S02", "S04", "S06", "S07", "S08"):
        add_answers(round_, _lever(town, code), "staff", [3, 3, 3])

    results = round_results(round_)
    weak = [lever.code for lever, _r in results.ranked(best=False)]
    assert weak[0] == "K06"
    assert "S05" not in weak  # unclear
    assert "E02" not in weak  # higher level: a Forderung, not a Maßnahme
    assert [lever.code for lever, _r in results.unclear()] == ["S05"]

    html = _report(coordinator_client, round_)
    assert "Am meisten zu tun: Mehrwert durch Ko-Kreation" in html
    gaps_part = html.split("hier lohnt sich eine Maßnahme am meisten")[1].split("</ol>")[0]
    assert "K06" in gaps_part
    assert "S05" not in gaps_part
    assert "E02" not in gaps_part
    assert "Unklar – erst informieren" in html
    assert "Was wir von Land und Bund brauchen" in html
    land = html.split("Was wir von Land und Bund brauchen")[1]
    assert "E02" in land


def test_results_page_keeps_the_guides_parts_and_offers_a_demand_for_higher_levels(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    e01 = _lever(town, "E01")
    add_answers(round_, e01, "staff", [3, 3, 3])
    add_answers(round_, e01, "volunteer", [0, 0, 1])
    s09 = _lever(town, "S09")
    add_answers(round_, s09, "staff", [3, 3, 3])
    add_answers(round_, s09, "volunteer", [0, 0, 1])
    html = coordinator_client.get(url("round_results", town, pk=round_.pk)).content.decode()
    assert "Lokal beeinflussbare Faktoren" in html
    assert html.index("Lokal beeinflussbare Faktoren") < html.index(
        "Ermöglichung durch übergeordnete Ebenen"
    )
    assert f"{url('demand_create', town)}?stellschraube={e01.pk}" in html
    assert f"{url('measure_create', town)}?stellschraube={s09.pk}" in html
    assert f"{url('measure_create', town)}?stellschraube={e01.pk}" not in html


# --- the trend compares like with like ---------------------------------------------------------


def test_the_trend_leaves_out_rounds_with_other_groups_and_says_so(
    town: Town, coordinator_client: Client
) -> None:
    """Bug: a round of 3 groups was compared with one of 5 without a word."""
    today = timezone.localdate()
    three = open_round(
        town,
        groups=["staff", "council", "volunteer"],
        closed=True,
        starts_on=today - datetime.timedelta(days=400),
        title="Runde mit drei Gruppen",
    )
    five = open_round(
        town,
        groups=["staff", "council", "volunteer", "resident", "business"],
        closed=True,
        title="Runde mit fünf Gruppen",
    )
    lever = _lever(town, "S04")
    add_answers(three, lever, "staff", [4, 4, 4])
    add_answers(five, lever, "staff", [1, 1, 1])
    add_answers(five, lever, "resident", [1, 1, 1])

    results = round_results(five)
    assert results.earlier_rounds == [five]
    assert results.skipped_rounds == [three]
    html = _report(coordinator_client, five)
    assert "Nicht jede Runde ist vergleichbar" in html
    assert "Runde mit drei Gruppen (gefragt: Hauptberufliche, Stadtrat, Ehrenamtliche)" in html
    # Compared group by group only where both rounds asked: staff 4,0 → 1,0.
    assert "4,0 → 1,0" in html
    trend_table = html.split('class="kern-table trend"')
    assert len(trend_table) == 1  # no mean-over-all-groups trend across unlike rounds


def test_the_trend_compares_rounds_with_the_same_groups_and_names_them(
    town: Town, coordinator_client: Client
) -> None:
    today = timezone.localdate()
    before = open_round(town, closed=True, starts_on=today - datetime.timedelta(days=400))
    now = open_round(town, closed=True)
    lever = _lever(town, "S04")
    add_answers(before, lever, "staff", [4, 4, 4])
    add_answers(now, lever, "staff", [1, 1, 1])
    results = round_results(now)
    assert results.earlier_rounds == [before, now]
    assert not results.skipped_rounds
    html = _report(coordinator_client, now)
    assert "Verglichen werden nur Runden, die dieselben Gruppen gefragt haben" in html
    assert "Nicht jede Runde ist vergleichbar" not in html


# --- before/after only from closed rounds ------------------------------------------------------


def test_before_after_never_takes_a_round_that_was_open_when_the_measure_was_made(
    town: Town,
) -> None:
    """Bug: "Wert davor: Zwischenstand 2026: 3,7" for a measure made from the closed round
    2026 (S09 = 2,0): the Zwischenstand had started before the measure, so picking by start
    date took it, with only the staff's answers."""
    today = timezone.localdate()
    lever = _lever(town, "S09")
    main_round = open_round(
        town, closed=True, starts_on=today - datetime.timedelta(days=90), title="Check 2026"
    )
    Round.objects.filter(pk=main_round.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=50)
    )
    add_answers(main_round, lever, "staff", [2, 2, 2])
    add_answers(main_round, lever, "volunteer", [2, 2, 2])
    interim = open_round(
        town,
        groups=["staff"],
        starts_on=today - datetime.timedelta(days=3),
        title="Zwischenstand 2026",
    )
    add_answers(interim, lever, "staff", [4, 4, 3])
    measure = MeasureFactory(town=town, lever=lever, round=main_round)

    ba = measure_before_after(town, [measure])[measure.pk]
    assert ba.before_round == main_round
    assert ba.before == 2

    # The interim round closes later: it was open when the measure was made, so it is neither
    # before nor after it (its answers lie on both sides).
    Round.objects.filter(pk=interim.pk).update(
        status=RoundStatus.CLOSED, closed_at=timezone.now() + datetime.timedelta(days=1)
    )
    cache.clear()
    ba = measure_before_after(town, [measure])[measure.pk]
    assert ba.before_round == main_round
    assert ba.before == 2
    assert ba.after_round is None


def test_before_after_takes_the_first_closed_round_that_began_after_the_measure(
    town: Town,
) -> None:
    lever = _lever(town, "S09")
    today = timezone.localdate()
    first = open_round(town, closed=True, starts_on=today - datetime.timedelta(days=90))
    Round.objects.filter(pk=first.pk).update(closed_at=timezone.now() - datetime.timedelta(days=50))
    add_answers(first, lever, "staff", [1, 1, 1])
    measure = MeasureFactory(town=town, lever=lever)
    Measure.objects.filter(pk=measure.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    measure.refresh_from_db()
    later = open_round(town, closed=True, starts_on=today - datetime.timedelta(days=10))
    add_answers(later, lever, "staff", [3, 3, 3])
    ba = measure_before_after(town, [measure])[measure.pk]
    assert (ba.before_round, ba.before) == (first, Fraction(1))
    assert (ba.after_round, ba.after) == (later, Fraction(3))


# --- participation, threshold and the Profis/Laien setting -------------------------------------


def _participants(round_: Round, group: str, invited: int, answered: int) -> None:
    for i in range(invited):
        done = i < answered
        ParticipationFactory(
            town=round_.town,
            round=round_,
            group=group,
            status=ParticipationStatus.SUBMITTED if done else ParticipationStatus.INVITED,
            submitted_at=timezone.now() if done else None,
        )


def test_report_shows_invited_answered_and_share_per_group_and_the_threshold(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, groups=["staff", "volunteer", "resident"], closed=True)
    _participants(round_, "staff", 8, 6)
    _participants(round_, "volunteer", 20, 10)
    _participants(round_, "resident", 2, 2)  # under 3: hidden, and so is one complement
    rows = {row.key: row for row in turnout_rows_for(round_)}
    assert (rows["staff"].invited, rows["staff"].answered) == (8, 6)
    assert rows["staff"].share == Fraction(3, 4)
    assert (rows["resident"].invited, rows["resident"].answered) == (None, None)
    # Laien = Ehrenamtliche + Bürger: with the residents hidden the volunteers hide too, or
    # the residents' 2 would follow by subtraction.
    assert (rows["volunteer"].invited, rows["volunteer"].answered) == (None, None)
    assert (rows[LAYPEOPLE].invited, rows[LAYPEOPLE].answered) == (22, 12)
    assert (rows[TOTAL].invited, rows[TOTAL].answered) == (30, 18)
    html = _report(coordinator_client, round_)
    assert "Zahlen unter 3 zeigen wir nicht" in html
    assert "75\u00a0%" in html
    assert "weniger als 3" in html
    # One sentence, no stray space before the semicolon (the template's line breaks made one).
    assert (
        "Profis und Laien in dieser Runde: als Profis zählen Hauptberufliche; "
        "als Laien Ehrenamtliche, Bürgerinnen und Bürger." in html
    )


def turnout_rows_for(round_: Round) -> list:  # type: ignore[type-arg]
    from logbuch.logbook.selectors.report import turnout  # noqa: PLC0415

    return turnout(round_)


sides_st = st.lists(
    st.sampled_from(["p", "l", "o"]), min_size=len(GROUPS), max_size=len(GROUPS)
).map(
    lambda marks: Sides(
        tuple(g for g, m in zip(GROUPS, marks, strict=True) if m == "p"),
        tuple(g for g, m in zip(GROUPS, marks, strict=True) if m == "l"),
    )
)


@settings(max_examples=300, deadline=None)
@given(
    sides=sides_st,
    invited=st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 7)),
    answered_share=st.lists(st.integers(0, 7), min_size=len(GROUPS), max_size=len(GROUPS)),
)
def test_no_participation_count_under_three_is_shown_or_derivable(
    sides: Sides, invited: dict[str, int], answered_share: list[int]
) -> None:
    answered = {g: min(n, answered_share[i]) for i, (g, n) in enumerate(sorted(invited.items()))}
    groups = list(GROUPS)
    rows = turnout_rows(invited, answered, groups=groups, sides=sides)
    for column, per_group in (("invited", invited), ("answered", answered)):
        sizes = {g: per_group.get(g, 0) for g in GROUPS}
        sizes[PROFESSIONALS] = sum(sizes[g] for g in sides.professionals)
        sizes[LAYPEOPLE] = sum(sizes[g] for g in sides.laypeople)
        sizes[TOTAL] = sum(sizes[g] for g in GROUPS)
        shown = {row.key: getattr(row, column) for row in rows}
        for key, value in shown.items():
            assert value is None or value == 0 or value >= MIN_ANSWERS
            assert value is None or value == sizes[key]
        # Rows not printed (a side without groups) are known to be 0.
        hidden = frozenset(k for k, v in shown.items() if v is None)
        leaked = {c for c in determined(sides.hierarchy, hidden) if sizes[c] > 0}
        assert not leaked, (column, leaked)


counts_st = st.builds(Counts, st.tuples(*[st.integers(0, 3)] * 5), st.integers(0, 3))


@settings(max_examples=300, deadline=None)
@given(sides=sides_st, groups=st.dictionaries(st.sampled_from(GROUPS), counts_st))
def test_no_result_cell_under_three_is_derivable_whatever_the_profis_laien_setting(
    sides: Sides, groups: dict[str, Counts]
) -> None:
    """The gap table's n per side and the S03a/b pair read shown cells only; with any setting
    of the round, a hidden cell never follows from the shown ones and the sums."""
    result = lever_result(1, groups, sides=sides)
    cells = cells_of(groups, sides)
    for cell in result.cells.values():
        if cell.shown:
            assert cell.counts is not None
            assert cell.counts.n >= MIN_ANSWERS
    hidden = frozenset(k for k, c in result.cells.items() if c.hidden)
    assert not {c for c in determined(sides.hierarchy, hidden) if cells[c].n > 0}


def test_the_round_setting_decides_who_counts_as_profis(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    start = timezone.localdate()
    round_ = round_open(
        town=town,
        actor=coordinator,
        title="Runde mit Stadtrat als Profis",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=10),
        groups=["staff", "council", "volunteer"],
        anonymous=True,
        professional_groups=["staff", "council"],
        lay_groups=["volunteer"],
    )
    lever = _lever(town, "S02")
    add_answers(round_, lever, "staff", [4, 4, 4])
    add_answers(round_, lever, "council", [0, 0, 0])
    add_answers(round_, lever, "volunteer", [2, 2, 2])
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED, closed_at=timezone.now())
    round_.refresh_from_db()
    result = round_results(round_).by_lever[lever.pk]
    professionals = result.cells[PROFESSIONALS].counts
    assert professionals is not None
    assert professionals.mean == 2
    assert result.gap_direction == 0
    html = _report(coordinator_client, round_)
    assert "als Profis zählen Hauptberufliche, Stadtrat" in html


def test_default_setting_keeps_the_council_on_its_own(town: Town) -> None:
    round_ = open_round(town, groups=["staff", "council", "volunteer"], closed=True)
    lever = _lever(town, "S02")
    add_answers(round_, lever, "staff", [4, 4, 4])
    add_answers(round_, lever, "council", [0, 0, 0])
    add_answers(round_, lever, "volunteer", [2, 2, 2])
    result = round_results(round_).by_lever[lever.pk]
    assert result.cells[PROFESSIONALS].counts == Counts((0, 0, 0, 0, 3))
    total = result.cells[TOTAL].counts
    assert total is not None
    assert total.n == 9


def test_the_round_form_refuses_a_group_on_both_sides(
    coordinator_client: Client, town: Town
) -> None:
    start = timezone.localdate()
    response = coordinator_client.post(
        url("round_new", town),
        {
            "title": "Runde",
            "starts_on": start.isoformat(),
            "ends_on": (start + datetime.timedelta(days=5)).isoformat(),
            "groups": ["staff", "volunteer"],
            "professional_groups": ["staff"],
            "lay_groups": ["staff", "volunteer"],
        },
    )
    assert response.status_code == 200
    assert "entweder als Profis oder als Laien" in response.content.decode()
    assert not Round.objects.in_town(town).exists()


# --- the a/b pair and the appendix -------------------------------------------------------------


def test_report_compares_staff_and_volunteers_on_s03a_and_s03b(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    add_answers(round_, _lever(town, "S03a"), "staff", [1, 1, 1])
    add_answers(round_, _lever(town, "S03a"), "volunteer", [3, 3, 3, 3])
    add_answers(round_, _lever(town, "S03b"), "staff", [2, 2, 2])
    add_answers(round_, _lever(town, "S03b"), "volunteer", [0, 0])  # too few
    html = _report(coordinator_client, round_)
    pair = html.split("Ressourcen: Hauptberufliche und Ehrenamtliche im Vergleich")[1]
    pair = pair.split("</table>")[0]
    assert '1,0 <span class="muted">(n = 3)</span>' in pair
    assert '3,0 <span class="muted">(n = 4)</span>' in pair
    assert "zu wenige oder keine Antworten" in pair


def test_appendix_has_the_questions_and_comments_of_shown_groups_only(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, groups=["staff", "volunteer", "resident"], closed=True)
    lever = _lever(town, "S09")
    add_answers(round_, lever, "staff", [3, 3, 3], comment="Danke sagen hilft")
    add_answers(round_, lever, "volunteer", [1, 1, 1, 1, 1])
    add_answers(round_, lever, "resident", [1, 1], comment="Nur zwei von uns")
    html = _report(coordinator_client, round_)
    appendix = html.split("Anhang: Fragen und Kommentare")[1]
    assert lever.question in appendix
    assert _lever(town, "E01").question in appendix
    assert "Danke sagen hilft" in appendix
    assert "Nur zwei von uns" not in html
    # Each question with its own poles, not one scale for all (the summary points here).
    assert f"0 = {lever.pole_low} … 4 = {lever.pole_high}" in appendix
    assert lever.pole_low != "trifft gar nicht zu"
    assert "was 0 und 4 bei ihrer Frage bedeuten, steht im Anhang" in html
    assert "Skala: 0 = trifft gar nicht zu" not in html


# --- Forderungen in the report, PDF and query counts -------------------------------------------


def test_report_lists_demands_under_land_und_bund_in_html_and_pdf(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    add_answers(round_, _lever(town, "E01"), "staff", [1, 1, 1])
    DemandFactory(
        town=town,
        text="Feste Stelle für die Koordinierung fördern",
        addressee="Land Sachsen",
        sent_on=timezone.localdate(),
    )
    html = _report(coordinator_client, round_)
    land = html.split("Was wir von Land und Bund brauchen")[1]
    assert "Feste Stelle für die Koordinierung fördern" in land
    assert "an Land Sachsen" in land
    pdf = coordinator_client.get(url("round_report_pdf", town, pk=round_.pk))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for heading in (
        "Beteiligung",
        "Was wir von Land und Bund brauchen",
        "Anhang: Fragen und Kommentare",
        "Feste Stelle für die Koordinierung",
    ):
        assert heading in text


def test_report_queries_do_not_grow_with_measures_demands_and_comments(
    town: Town,
    coordinator_client: Client,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    round_ = open_round(town, closed=True)
    lever = _lever(town, "S09")
    add_answers(round_, lever, "staff", [3, 3, 3], comment="eins")
    add_answers(round_, lever, "volunteer", [1, 1, 1], comment="zwei")
    MeasureFactory(town=town, lever=lever)
    DemandFactory(town=town)
    cache.clear()
    with django_assert_max_num_queries(40) as small:  # type: ignore[attr-defined]
        _report(coordinator_client, round_)
    for i in range(10):
        MeasureFactory(town=town, lever=levers_of(town)[i])
        DemandFactory(town=town, lever=_lever(town, f"E0{1 + i % 4}"))
        add_answers(round_, levers_of(town)[i], "staff", [2, 2, 2], comment=f"c{i}")
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
    round_.refresh_from_db()
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):  # type: ignore[attr-defined]
        _report(coordinator_client, round_)


def test_volunteers_see_the_report_but_not_the_demand_form(
    town: Town,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    round_ = open_round(town, closed=True)
    client = client_for(make_member(town, Role.VOLUNTEER))
    assert client.get(url("round_report", town, pk=round_.pk)).status_code == 200
    assert client.get(url("demand_list", town)).status_code == 200
    assert client.get(url("demand_create", town)).status_code == 403
    assert ParticipantGroup.VOLUNTEER in GROUPS


def test_the_report_names_only_the_groups_the_round_asked(
    town: Town, coordinator_client: Client
) -> None:
    """Businesses count as Laien by default; the turnout table of a round that did not ask
    them does not name them (neither does the sides sentence)."""
    round_ = open_round(town, closed=True)  # staff and volunteers only
    lever = _lever(town, "S09")
    add_answers(round_, lever, "staff", [3, 3, 3])
    add_answers(round_, lever, "volunteer", [1, 1, 1])
    html = _report(coordinator_client, round_)
    assert "Laien (Ehrenamtliche)" in html
    assert "Unternehmen" not in html
