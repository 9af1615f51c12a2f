"""Races of Vorschläge on PostgreSQL, real threads through `core.tests.races`.

Two people decide on the same Vorschlag at once (one accepts, one declines): the proposal's
row lock lets exactly one decision through. The control case patches the lock out of the real
service and shows both decisions then land (two audit lines, two mails to the proposer). Both
cases widen the window the same way: the decision sleeps right after it read the status.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from logbuch.core.tests.races import no_lock, race
from logbuch.logbook import errors
from logbuch.logbook.models import Measure, MeasureStatus, Support
from logbuch.logbook.services import proposals as proposal_services
from logbuch.logbook.services.proposals import (
    proposal_accept,
    proposal_create,
    proposal_decline,
    support_add,
)
from logbuch.logbook.tests.factories import ensure_catalogue
from logbuch.logbook.tests.results_data import levers_of
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DECISIONS = ("logbook.proposal.accepted", "logbook.proposal.declined")


def _slow_after_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    real: Callable[[Measure], Measure] = proposal_services._take_open

    def slow(proposal: Measure) -> Measure:
        current = real(proposal)
        time.sleep(0.3)
        return current

    monkeypatch.setattr(proposal_services, "_take_open", slow)


def _accept_and_decline_at_once(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> tuple[Any, Measure]:
    ensure_catalogue()
    proposer = make_member(town, Role.VOLUNTEER, email="vorschlag@example.org")
    second = make_member(town, Role.COORDINATOR)
    proposal = proposal_create(
        town=town, actor=proposer, lever=levers_of(town)[0], title="Dank-Abend"
    )

    def work(i: int) -> Measure:
        fresh = Measure.objects.get(pk=proposal.pk)
        if i == 0:
            return proposal_accept(proposal=fresh, actor=coordinator)
        return proposal_decline(proposal=fresh, actor=second, reason="Gibt es schon.")

    result = race(work, 2, refusals=(errors.ProposalAlreadyDecided,))
    return result, Measure.objects.get(pk=proposal.pk)


def test_accept_and_decline_at_once_one_wins(
    town: Town,
    coordinator: User,
    make_member: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _slow_after_reading(monkeypatch)
    result, proposal = _accept_and_decline_at_once(town, coordinator, make_member)
    assert not result.crashed
    assert (len(result.succeeded), len(result.refused)) == (1, 1)
    [winner] = result.succeeded
    assert proposal.status == winner.status
    assert proposal.status in (MeasureStatus.PLANNED, MeasureStatus.DECLINED)
    assert AuditEntry.objects.filter(action__in=DECISIONS).count() == 1
    assert len(mail.outbox) == 1


def test_control_without_the_lock_both_decisions_land(
    town: Town,
    coordinator: User,
    make_member: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _slow_after_reading(monkeypatch)
    monkeypatch.setattr(proposal_services, "lock", no_lock)
    result, _proposal = _accept_and_decline_at_once(town, coordinator, make_member)
    assert not result.crashed
    assert len(result.succeeded) == 2
    assert AuditEntry.objects.filter(action__in=DECISIONS).count() == 2
    assert len(mail.outbox) == 2


def test_six_clicks_at_once_are_one_support(town: Town, make_member: Callable[..., User]) -> None:
    ensure_catalogue()
    proposer = make_member(town, Role.VOLUNTEER)
    supporter = make_member(town, Role.RESIDENT)
    proposal = proposal_create(town=town, actor=proposer, lever=levers_of(town)[0], title="x")
    result = race(lambda _i: support_add(proposal=proposal, user=supporter), 6)
    assert not result.crashed
    assert sorted(result.succeeded) == [False] * 5 + [True]
    assert Support.objects.filter(measure=proposal, user=supporter).count() == 1
