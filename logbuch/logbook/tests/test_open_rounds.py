"""Open rounds show no live figures; Zwischenstände are frozen and move only by ≥ 3 answers.

The attack run: a volunteer who took part in nothing downloaded the CSV of an open round after
each submission and read every person's answers off the change of the totals.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from logbuch.core.tests.html import squash
from logbuch.logbook import errors
from logbuch.logbook.models import Lever, ResultSnapshot
from logbuch.logbook.selectors.measures import measure_before_after
from logbuch.logbook.selectors.results import round_results
from logbuch.logbook.services.rounds import round_close, round_snapshot_release
from logbuch.logbook.tests.factories import MeasureFactory
from logbuch.logbook.tests.helpers import live_round, url
from logbuch.logbook.tests.results_data import add_answers, levers_of, open_round
from logbuch.towns.models import AuditEntry, Town, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["round_export_csv", "round_export_xlsx", "round_report", "round_report_pdf"]
)
def test_the_attack_run_gets_no_figures_of_an_open_round(
    town: Town,
    volunteer_client: Client,
    submit: Callable[..., None],
    name: str,
) -> None:
    round_ = live_round(town)
    for value in (3, 3, 3):
        submit(round_, "staff", value)
    # After each further submission the volunteer downloads again: nothing to compare.
    for value in (0, 4):
        submit(round_, "staff", value)
        response = volunteer_client.get(url(name, town, pk=round_.pk))
        assert response.status_code == 302
        assert response["Location"] == url("round_results", town, pk=round_.pk)
        assert "Content-Disposition" not in response


def test_open_round_results_show_participation_only(
    town: Town, volunteer_client: Client, coordinator_client: Client, submit: Callable[..., None]
) -> None:
    round_ = live_round(town)
    for value in (4, 4, 3):
        submit(round_, "staff", value)
    for value in (1, 0, 1):
        submit(round_, "volunteer", value)
    submit(round_, "council", 2)
    for client in (volunteer_client, coordinator_client):
        html = client.get(url("round_results", town, pk=round_.pk)).content.decode()
        assert "Wahrnehmungslücken" not in html and "Mittelwert" not in html
        assert "Beteiligung" in html
        assert "weniger als 3" in html  # one council member: not even their count
    lever = levers_of(town)[0]
    drill = volunteer_client.get(url("round_lever", town, round_pk=round_.pk, pk=lever.pk))
    assert drill.status_code == 302
    assert not round_results(round_).figures


def test_round_detail_shows_members_counts_per_group_with_small_ones_hidden(
    town: Town, volunteer_client: Client, submit: Callable[..., None]
) -> None:
    round_ = live_round(town)
    for _ in range(4):
        submit(round_, "staff", 3)
    submit(round_, "council", 3)
    html = squash(volunteer_client.get(url("round_detail", town, pk=round_.pk)).content.decode())
    assert "Beteiligung" in html
    assert "weniger als 3" in html
    # Staff 4 + council 1: staff's count would give the council count away via the sum of
    # professionals (5), so only the sums are shown.
    assert ">4<" not in html and ">1<" not in html
    assert ">5<" in html


def test_a_snapshot_is_frozen_and_moves_only_with_three_new_answers(
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    volunteer_client: Client,
    submit: Callable[..., None],
) -> None:
    round_ = live_round(town)
    lever = levers_of(town)[0]
    with pytest.raises(errors.SnapshotNothingNew):
        round_snapshot_release(round_=round_, actor=coordinator)
    for value in (4, 4, 4):
        submit(round_, "staff", value)
    for value in (0, 0, 0):
        submit(round_, "volunteer", value)
    response = coordinator_client.post(url("round_snapshot_release", town, pk=round_.pk))
    assert response.status_code == 302
    assert ResultSnapshot.objects.filter(round=round_, number=1).exists()
    assert AuditEntry.objects.filter(
        action="logbook.round.snapshot_released", actor=coordinator
    ).exists()
    first = round_results(round_).by_lever[lever.pk]
    assert first.total.counts is not None and first.total.counts.n == 6

    submit(round_, "staff", 0)  # one more: the released figures must not move
    assert round_results(round_).by_lever[lever.pk] == first
    with pytest.raises(errors.SnapshotNothingNew):
        round_snapshot_release(round_=round_, actor=coordinator)
    page = volunteer_client.get(url("round_results", town, pk=round_.pk)).content.decode()
    assert "Zwischenstand 1" in page and "Zwischenstand freigeben" not in page
    drill = volunteer_client.get(url("round_lever", town, round_pk=round_.pk, pk=lever.pk))
    assert drill.status_code == 200
    assert "Kommentare erscheinen, wenn die Runde abgeschlossen ist." in drill.content.decode()

    submit(round_, "staff", 0)
    submit(round_, "staff", 0)
    snapshot, waiting = round_snapshot_release(round_=round_, actor=coordinator)
    assert snapshot.number == 2 and not waiting
    second = round_results(round_).by_lever[lever.pk]
    assert second.total.counts is not None and second.total.counts.n == 9


def test_members_cannot_release_a_snapshot(town: Town, volunteer_client: Client) -> None:
    round_ = live_round(town)
    assert (
        volunteer_client.post(url("round_snapshot_release", town, pk=round_.pk)).status_code == 403
    )


def test_after_a_snapshot_the_final_figures_leave_out_a_lone_late_answer(
    town: Town, coordinator: User, submit: Callable[..., None]
) -> None:
    round_ = live_round(town)
    lever = levers_of(town)[0]
    for value in (4, 4, 4):
        submit(round_, "staff", value)
    for value in (0, 0, 0):
        submit(round_, "volunteer", value)
    round_snapshot_release(round_=round_, actor=coordinator)
    submit(round_, "staff", 1, comment="spät")
    round_close(round_=round_, actor=coordinator)
    results = round_results(round_)
    total = results.by_lever[lever.pk].total.counts
    assert total is not None and total.n == 6  # the late one would be final minus snapshot
    assert results.basis.withheld == len(levers_of(town))


def test_trends_and_before_after_use_closed_rounds_only(town: Town, coordinator: User) -> None:
    lever: Lever = levers_of(town)[0]
    closed = open_round(
        town,
        groups=["staff", "council", "volunteer"],  # as the live round: trends compare like rounds
        starts_on=datetime.date(2025, 1, 1),
        closed=True,
    )
    add_answers(closed, lever, "staff", [2, 2, 2])
    measure = MeasureFactory(town=town, lever=lever)
    live = live_round(town)
    add_answers(live, lever, "staff", [4, 4, 4])
    before_after = measure_before_after(town, [measure])[measure.pk]
    assert before_after.after_round is None and before_after.after is None
    trend = next(t for t in round_results(live).trend if t.lever.pk == lever.pk)
    assert trend.values == [2, None]  # the open round's live mean is not in its trend
