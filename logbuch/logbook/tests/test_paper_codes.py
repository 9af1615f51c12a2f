"""Paper sheets and printed codes cannot pad a small group over the threshold.

The attack run: a coordinator typed in two paper sheets for the council group (every value 2)
and closed the round; the council group (one real answer) showed n = 3, and subtracting her
two sheets gave the councillor's answers, her comment listed beside the two "PAD" comments.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from logbuch.logbook import errors
from logbuch.logbook.models import CodeBatch, Participation, Round
from logbuch.logbook.selectors.results import lever_comments, round_results
from logbuch.logbook.selectors.rounds import participation_figures
from logbuch.logbook.services.participation import (
    participation_by_code,
    participation_enter_paper,
    participation_save,
    participation_submit,
    round_codes_create,
)
from logbuch.logbook.services.rounds import round_close
from logbuch.logbook.tests.helpers import entry, live_round, url
from logbuch.logbook.tests.results_data import levers_of
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = pytest.mark.django_db


def _paper(round_: Round, group: str, actor: User, value: int = 2, comment: str = "PAD") -> None:
    participation_enter_paper(
        round_=round_,
        group=group,
        entries={lever.pk: entry(value, comment) for lever in levers_of(round_.town)},
        actor=actor,
    )


def test_the_padding_attack_shows_nothing_of_the_councillor(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    submit: Callable[..., None],
) -> None:
    round_ = live_round(town)
    lever = levers_of(town)[0]
    submit(round_, "council", 4, comment="Nur ich weiß das")
    for _ in range(5):
        submit(round_, "staff", 3)
    _paper(round_, "council", coordinator)
    _paper(round_, "council", coordinator)
    round_close(round_=round_, actor=coordinator)

    result = round_results(round_).by_lever[lever.pk]
    assert result.cell("council").hidden
    assert not {c.key for c in result.cells.values() if c.shown} & {"council", "staff"}
    assert "Nur ich weiß das" not in lever_comments(round_, result)
    volunteer = client_for(make_member(town, Role.VOLUNTEER))
    for client in (coordinator_client, volunteer):
        html = client.get(url("round_lever", town, round_pk=round_.pk, pk=lever.pk))
        assert "Nur ich weiß das" not in html.content.decode()
        csv = client.get(url("round_export_csv", town, pk=round_.pk)).content.decode()
        council_row = next(r for r in csv.splitlines() if lever.title in r and ";Stadtrat;" in r)
        assert "zu wenige Antworten" in council_row


def test_three_real_answers_besides_the_sheets_are_shown(
    town: Town, coordinator: User, submit: Callable[..., None]
) -> None:
    round_ = live_round(town)
    for value in (4, 3, 4):
        submit(round_, "council", value)
    _paper(round_, "council", coordinator)
    _paper(round_, "council", coordinator)
    round_close(round_=round_, actor=coordinator)
    cell = round_results(round_).by_lever[levers_of(town)[0].pk].cell("council")
    assert cell.shown and cell.counts is not None and cell.counts.n == 5


def test_paper_sheets_are_counted_apart_and_carry_their_enterer(
    town: Town, coordinator: User, coordinator_client: Client, submit: Callable[..., None]
) -> None:
    round_ = live_round(town)
    for _ in range(3):
        submit(round_, "staff", 3)
        _paper(round_, "staff", coordinator)
    staff = next(c for c in participation_figures(round_) if c.key == "staff")
    assert (staff.submitted, staff.paper) == (6, 3)
    html = coordinator_client.get(url("round_detail", town, pk=round_.pk)).content.decode()
    assert "davon 3 von Papier eingegeben" in html
    audit = AuditEntry.objects.filter(action="logbook.round.paper_entered")
    assert audit.count() == 3 and {a.actor_id for a in audit} == {coordinator.pk}
    sheets = Participation.objects.filter(round=round_, channel="paper")
    assert {p.entered_by_id for p in sheets} == {coordinator.pk}


def test_a_small_paper_share_is_not_given_exactly(
    town: Town, coordinator: User, submit: Callable[..., None]
) -> None:
    round_ = live_round(town)
    for _ in range(4):
        submit(round_, "staff", 3)
    _paper(round_, "staff", coordinator)
    staff = next(c for c in participation_figures(round_) if c.key == "staff")
    assert staff.submitted == 5 and staff.paper is None and staff.some_paper


def test_codes_come_in_batches_of_at_least_three(town: Town, coordinator: User) -> None:
    round_ = live_round(town)
    for count in (1, 2):
        with pytest.raises(errors.TooFewCodes):
            round_codes_create(round_=round_, group="council", count=count, actor=coordinator)
    assert not Participation.objects.filter(round=round_, channel="code").exists()
    codes = round_codes_create(round_=round_, group="council", count=3, actor=coordinator)
    assert len(codes) == 3
    batch = CodeBatch.objects.get(round=round_)
    assert batch.size == 3 and batch.participations.count() == 3


def test_the_code_form_refuses_a_small_batch_and_keeps_the_input(
    town: Town, coordinator_client: Client
) -> None:
    round_ = live_round(town)
    response = coordinator_client.post(
        url("round_codes", town, pk=round_.pk), {"group": "council", "count": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte erzeugen Sie mindestens 3 Codes auf einmal" in html
    assert 'value="1"' in html


def test_coordinator_sees_how_many_codes_of_a_batch_were_used_never_which(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    round_ = live_round(town)
    codes = round_codes_create(round_=round_, group="volunteer", count=4, actor=coordinator)
    for code in codes[:3]:
        participation = participation_by_code(town=town, code=code)
        participation_save(participation=participation, entries={levers_of(town)[0].pk: entry(2)})
        participation_submit(participation=participation)
    html = coordinator_client.get(url("round_detail", town, pk=round_.pk)).content.decode()
    assert "Gedruckte Codes" in html
    row = html[html.index("Code-Stapel dieser Runde") :]
    assert ">4</td>" in row and ">3</td>" in row
    assert not any(code in html or code.replace("-", "") in html for code in codes)
