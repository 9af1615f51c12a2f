"""The results page, the Stellschraube drilldown and their privacy rules, through the views."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from logbuch.logbook.models import Round
from logbuch.logbook.selectors.results import round_results
from logbuch.logbook.services.rounds import round_snapshot_release
from logbuch.logbook.tests.factories import LeverFactory
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import (
    ALL_GROUPS,
    add_answers,
    fill,
    levers_of,
    open_round,
)
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db


def test_three_staff_and_three_volunteers_show_the_perception_gap(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    lever = levers_of(town)[1]
    add_answers(round_, lever, "staff", [4, 4, 3])
    add_answers(round_, lever, "volunteer", [1, 0, 1])
    response = coordinator_client.get(url("round_results", town, pk=round_.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wahrnehmungslücken" in html
    assert lever.title in html
    # Profis 3,7 vs Laien 0,7: a gap of 3,0 points, professionals see it better.
    assert "3,0 – Profis sehen es besser" in html
    assert "<svg" in html and 'style="' not in html  # radar without style attributes (CSP)


def test_the_sides_name_only_the_groups_the_round_asked(
    town: Town, coordinator_client: Client
) -> None:
    """Businesses count as Laien by default; a round that did not ask them does not name them."""
    round_ = open_round(town, closed=True)  # staff and volunteers only
    lever = levers_of(town)[1]
    add_answers(round_, lever, "staff", [4, 4, 3])
    add_answers(round_, lever, "volunteer", [1, 0, 1])
    html = coordinator_client.get(url("round_results", town, pk=round_.pk)).content.decode()
    assert "In dieser Runde: Profis (Hauptberufliche); Laien (Ehrenamtliche)." in html
    assert "Unternehmen" not in html


def test_gaps_are_ranked_largest_first_on_the_page(town: Town, coordinator_client: Client) -> None:
    round_ = open_round(town, closed=True)
    small, large = levers_of(town)[0], levers_of(town)[5]
    add_answers(round_, small, "staff", [3, 3, 3])
    add_answers(round_, small, "volunteer", [2, 2, 2])
    add_answers(round_, large, "staff", [0, 0, 0])
    add_answers(round_, large, "volunteer", [4, 4, 4])
    results = round_results(round_)
    assert [lever.pk for lever, _r in results.gaps()] == [large.pk, small.pk]
    html = coordinator_client.get(url("round_results", town, pk=round_.pk)).content.decode()
    assert html.index(large.title) < html.index(small.title)
    assert "4,0 – Laien sehen es besser" in html


def test_a_group_under_three_answers_is_not_shown_nor_derivable(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, groups=["staff", "council", "volunteer"], closed=True)
    round_.professional_groups = ["staff", "council"]  # the round counts the council as Profis
    round_.save(update_fields=["professional_groups"])
    lever = levers_of(town)[0]
    add_answers(round_, lever, "staff", [4, 4, 4, 4])
    add_answers(round_, lever, "council", [0, 0])  # two council members: too few
    add_answers(round_, lever, "volunteer", [2, 2, 2, 2, 2])
    result = round_results(round_).by_lever[lever.pk]
    assert result.cell("council").hidden
    # Professionals = staff + council would give council away, so staff is hidden too ...
    assert result.cell("staff").hidden
    # ... while professionals (6 answers) stay shown: only the sum of the two is known.
    assert result.cell("professionals").shown
    assert result.cell("volunteer").shown and result.total.shown
    response = coordinator_client.get(url("round_lever", town, round_pk=round_.pk, pk=lever.pk))
    html = response.content.decode()
    assert "zu wenige Antworten" in html
    assert "0,0" not in html  # the council's mean appears nowhere


def test_comments_only_from_shown_groups_and_without_names(
    town: Town, coordinator_client: Client, make_member: Callable[..., User]
) -> None:
    round_ = open_round(town, groups=["staff", "council", "volunteer", "resident"], closed=True)
    lever = levers_of(town)[0]
    add_answers(round_, lever, "staff", [3, 3, 3, 3])
    add_answers(round_, lever, "council", [3, 2, 3], comment="Der Rat hört zu.")
    add_answers(round_, lever, "resident", [1], comment="Geheimer Einzelkommentar")
    # The one resident hides the volunteers too (laypeople = volunteers + residents).
    add_answers(round_, lever, "volunteer", [2, 2, 2, 2, 2], comment="Ehrenamt fehlt Raum.")
    html = coordinator_client.get(
        url("round_lever", town, round_pk=round_.pk, pk=lever.pk)
    ).content.decode()
    assert html.count("Der Rat hört zu.") == 3
    assert "Geheimer Einzelkommentar" not in html
    assert "Ehrenamt fehlt Raum." not in html


def test_dont_know_share_is_shown_as_a_knowledge_gap(
    town: Town, coordinator_client: Client
) -> None:
    round_ = open_round(town, closed=True)
    lever = levers_of(town)[0]
    add_answers(round_, lever, "staff", [None, None, 3, 3, 3, 3])
    add_answers(round_, lever, "volunteer", [None, 2, 2, 2])
    html = coordinator_client.get(
        url("round_lever", town, round_pk=round_.pk, pk=lever.pk)
    ).content.decode()
    assert "2 (33\u00a0%)" in html  # staff: 2 of 6 said "weiß nicht"
    assert "3 (30\u00a0%)" in html  # all: 3 of 10


def test_trend_shows_each_round_mean_and_hides_small_rounds(
    town: Town, coordinator_client: Client
) -> None:
    lever = levers_of(town)[0]
    first = open_round(town, starts_on=datetime.date(2024, 2, 1), closed=True)
    add_answers(first, lever, "staff", [1, 1, 1])
    second = open_round(town, starts_on=datetime.date(2025, 2, 1), closed=True)
    add_answers(second, lever, "staff", [2, 2])  # too few: no trend value
    third = open_round(town, starts_on=datetime.date(2026, 2, 1), closed=True)
    add_answers(third, lever, "staff", [3, 3, 4, 4])
    results = round_results(third)
    assert [r.pk for r in results.earlier_rounds] == [first.pk, second.pk, third.pk]
    row = next(t for t in results.trend if t.lever.pk == lever.pk)
    assert [None if v is None else float(v) for v in row.values] == [1.0, None, 3.5]
    # The cached closed rounds give the same figures the second time.
    again = next(t for t in round_results(third).trend if t.lever.pk == lever.pk)
    assert again.values == row.values
    html = coordinator_client.get(url("round_results", town, pk=third.pk)).content.decode()
    assert "Entwicklung über die Runden" in html


def test_results_of_a_round_without_answers_say_so(town: Town, coordinator_client: Client) -> None:
    round_ = open_round(town, closed=True)
    html = coordinator_client.get(url("round_results", town, pk=round_.pk)).content.decode()
    assert "Für diese Runde liegen noch keine Einschätzungen vor." in html


def test_results_need_membership(town: Town, client: Client) -> None:
    round_ = open_round(town)
    response = client.get(url("round_results", town, pk=round_.pk))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("name", ["round_results", "round_report", "round_export_csv"])
def test_a_round_of_another_town_is_404(
    name: str, town: Town, other_town: Town, coordinator_client: Client
) -> None:
    foreign = open_round(other_town)
    assert coordinator_client.get(url(name, town, pk=foreign.pk)).status_code == 404


def test_a_lever_not_in_the_round_is_404(
    town: Town, coordinator_client: Client, other_town: Town
) -> None:
    round_ = open_round(town, closed=True)
    foreign_lever = LeverFactory(town=other_town)
    response = coordinator_client.get(
        url("round_lever", town, round_pk=round_.pk, pk=foreign_lever.pk)
    )
    assert response.status_code == 404


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["round_results", "round_report", "round_lever"])
def test_query_count_is_the_same_with_10_and_1000_answers(
    name: str, town: Town, coordinator_client: Client
) -> None:
    # Each round has earlier rounds (the trend), so only the number of answers differs.
    fill(open_round(town, groups=ALL_GROUPS, starts_on=datetime.date(2024, 1, 1), closed=True), 10)
    small = open_round(town, groups=ALL_GROUPS, starts_on=datetime.date(2025, 1, 1), closed=True)
    large = open_round(town, groups=ALL_GROUPS, starts_on=datetime.date(2026, 1, 1), closed=True)
    for r, n in ((small, 10), (large, 1000)):
        add_answers(r, levers_of(town)[0], "staff", [3, 3, 3], comment="Gut so.")
        fill(r, n - 3)

    def page(r: Round) -> str:
        if name == "round_lever":
            return url(name, town, round_pk=r.pk, pk=levers_of(town)[0].pk)
        return url(name, town, pk=r.pk)

    # Warm both once (sessions, translations), then count.
    for r in (small, large):
        coordinator_client.get(page(r))
    few = _queries(coordinator_client, page(small))
    many = _queries(coordinator_client, page(large))
    assert few == many
    assert many <= 14


def test_results_page_query_count_is_bounded(
    town: Town, coordinator_client: Client, django_assert_max_num_queries: Any
) -> None:
    for year in range(2017, 2027):
        fill(open_round(town, groups=ALL_GROUPS, starts_on=datetime.date(year, 1, 1)), 200)
    latest = town_latest(town)
    with django_assert_max_num_queries(13):
        coordinator_client.get(url("round_results", town, pk=latest))


def town_latest(town: Town) -> int:
    pk: int = Round.objects.in_town(town).order_by("-starts_on").values_list("pk", flat=True)[0]
    return pk


def test_volunteers_see_results_too(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    round_ = open_round(town)
    volunteer = make_member(town, Role.VOLUNTEER)
    assert client_for(volunteer).get(url("round_results", town, pk=round_.pk)).status_code == 200


def test_closed_round_results_are_served_from_the_cache(
    town: Town,
    coordinator_client: Client,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    round_ = open_round(town, closed=True)
    lever = levers_of(town)[0]
    add_answers(round_, lever, "staff", [4, 4, 4])
    add_answers(round_, lever, "volunteer", [1, 1, 1])
    path = url("round_results", town, pk=round_.pk)
    first = coordinator_client.get(path).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = coordinator_client.get(path).content.decode()
    assert again.split("<main")[1] == first.split("<main")[1]  # the header has a fresh token
    assert not any("logbook_answer" in q["sql"] for q in ctx.captured_queries)
    # Volunteers get their own copy: without the coordinator's "Maßnahme anlegen" links.
    volunteer = client_for(make_member(town, Role.VOLUNTEER)).get(path).content.decode()
    assert "Maßnahme anlegen" in first
    assert "Maßnahme anlegen" not in volunteer
    assert "Wahrnehmungslücken" in volunteer


def test_open_round_results_show_no_live_figures_and_are_not_cached(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    """Formerly "always fresh": an open round now shows participation and released
    Zwischenstände only, so a new answer changes nothing on the page until one is released."""
    round_ = open_round(town)
    lever = levers_of(town)[0]
    path = url("round_results", town, pk=round_.pk)
    empty = coordinator_client.get(path).content.decode()
    add_answers(round_, lever, "staff", [2, 2, 2])
    add_answers(round_, lever, "volunteer", [4, 4, 4])
    assert "Wahrnehmungslücken" not in coordinator_client.get(path).content.decode()
    assert "Zwischenstand freigeben" in empty
    round_snapshot_release(round_=round_, actor=coordinator)
    released = coordinator_client.get(path).content.decode()
    assert "Zwischenstand 1" in released and "Wahrnehmungslücken" in released


def test_the_drilldown_of_a_closed_round_reads_only_the_commented_answers_once_cached(
    town: Town, coordinator_client: Client
) -> None:
    """Issue 10: a closed round's counts and paper sheets come from the cache, and the comments
    query walks only the commented answers (no condition on the group, which would lead the
    planner to walk every answer of the Stellschraube), so the page does not grow with them."""
    cache.clear()
    round_ = open_round(town, closed=True)
    lever = levers_of(town)[0]
    add_answers(round_, lever, "staff", [3, 3, 3], comment="Gut so.")
    add_answers(round_, lever, "volunteer", [2, 2, 2, 1])
    page = url("round_lever", town, round_pk=round_.pk, pk=lever.pk)
    coordinator_client.get(page)  # the first visit fills the closed round's cache
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(page)
    assert response.content.decode().count("Gut so.") == 3
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "logbook_participation" in s]
    answers = [s for s in sql if "logbook_answer" in s]
    assert len(answers) == 1
    assert '"group"' not in answers[0].split("WHERE", 1)[1]
