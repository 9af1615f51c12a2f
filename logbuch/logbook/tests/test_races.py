"""Races of the Stellschrauben-Check on PostgreSQL, real threads through `core.tests.races`.

Each test has a control case that patches the real lock (or the real condition of a
conditional UPDATE) out of the real service and shows the invariant then breaks, so the lock
is what holds it. Where the window between read and write is too short to hit reliably, both
cases widen it the same way (a sleep inside the service), so only the lock differs.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from logbuch.core.tests.races import no_lock, race
from logbuch.logbook import errors
from logbuch.logbook.models import (
    Answer,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    ResultSnapshot,
    Round,
    RoundLever,
    RoundStatus,
)
from logbuch.logbook.selectors.results import answer_counts
from logbuch.logbook.services import participation as participation_services
from logbuch.logbook.services import rounds as round_services
from logbuch.logbook.services.participation import (
    participation_enter_paper,
    participation_for_member,
    participation_save,
    participation_submit,
)
from logbuch.logbook.services.rounds import round_close, round_open, round_snapshot_release
from logbuch.logbook.tests.factories import ensure_catalogue
from logbuch.logbook.tests.helpers import entry
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6
STAFF = ParticipantGroup.STAFF


def _round(town: Town, coordinator: User) -> Round:
    ensure_catalogue()
    return round_open(
        town=town,
        actor=coordinator,
        title="Race",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
        groups=[STAFF],
        anonymous=True,
    )


def _lever_ids(round_: Round) -> list[int]:
    return list(RoundLever.objects.filter(round=round_).values_list("lever_id", flat=True))


def _slowed(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, seconds: float) -> None:
    """Let `module.name` sleep before it runs: a slow request, widening the race window."""
    real: Callable[..., Any] = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


# --- Participation submit: conditional UPDATE on the status ---------------------------------


def _drafted(town: Town, coordinator: User) -> Participation:
    round_ = _round(town, coordinator)
    p = Participation.objects.create(
        town=town, round=round_, group=STAFF, channel=ParticipationChannel.CODE
    )
    participation_save(participation=p, entries={i: entry(3) for i in _lever_ids(round_)})
    return p


def _submit_race(p: Participation) -> Any:
    return race(
        lambda _i: participation_submit(participation=p),
        THREADS,
        refusals=(errors.AlreadySubmitted,),
    )


def test_concurrent_submits_store_once(
    town: Town, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = _drafted(town, coordinator)
    _slowed(monkeypatch, participation_services, "_write_answers", 0.3)
    result = _submit_race(p)
    assert not result.crashed
    assert (len(result.succeeded), len(result.refused)) == (1, THREADS - 1)
    assert Answer.objects.filter(round_id=p.round_id).count() == 22
    p.refresh_from_db()
    assert p.status == ParticipationStatus.SUBMITTED


def test_control_without_the_status_condition_submits_store_answers_twice(
    town: Town, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = _drafted(town, coordinator)
    _slowed(monkeypatch, participation_services, "_write_answers", 0.3)
    monkeypatch.setattr(participation_services, "SUBMITTABLE", Q())
    result = _submit_race(p)
    assert not result.crashed
    assert len(result.succeeded) > 1
    assert Answer.objects.filter(round_id=p.round_id).count() > 22


# --- Participation draft: the participation row lock ----------------------------------------


def _merge_race(town: Town, coordinator: User) -> tuple[Participation, list[int], Any]:
    round_ = _round(town, coordinator)
    p = Participation.objects.create(
        town=town, round=round_, group=STAFF, channel=ParticipationChannel.CODE
    )
    levers = _lever_ids(round_)[:4]
    result = race(
        lambda i: participation_save(participation=p, entries={levers[i]: entry(i + 1)}),
        len(levers),
    )
    p.refresh_from_db()
    return p, levers, result


def test_drafts_saved_at_once_from_four_tabs_keep_every_entry(
    town: Town, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, participation_services, "_allowed_levers", 0.3)
    p, levers, result = _merge_race(town, coordinator)
    assert not result.crashed
    assert set(p.draft) == {str(i) for i in levers}


def test_control_without_the_lock_drafts_lose_each_others_entries(
    town: Town, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slowed(monkeypatch, participation_services, "_allowed_levers", 0.3)
    monkeypatch.setattr(participation_services, "lock", no_lock)
    p, levers, result = _merge_race(town, coordinator)
    assert not result.crashed
    assert len(p.draft) < len(levers)


# --- Round close: conditional UPDATE on the status ------------------------------------------


def _close_race(town: Town, coordinator: User) -> Any:
    round_ = _round(town, coordinator)
    result = race(
        lambda _i: round_close(round_=Round.objects.get(pk=round_.pk), actor=None),
        THREADS,
        refusals=(errors.RoundAlreadyClosed,),
    )
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    return result


def test_a_round_closed_by_six_requests_at_once_closes_and_audits_once(
    town: Town, coordinator: User
) -> None:
    result = _close_race(town, coordinator)
    assert not result.crashed
    assert (len(result.succeeded), len(result.refused)) == (1, THREADS - 1)
    assert AuditEntry.objects.filter(action="logbook.round.closed").count() == 1


def test_control_without_the_status_condition_a_round_closes_several_times(
    town: Town, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(round_services, "CLOSABLE", Q())
    result = _close_race(town, coordinator)
    assert not result.crashed
    assert len(result.succeeded) > 1
    assert AuditEntry.objects.filter(action="logbook.round.closed").count() > 1


# --- Zwischenstand and paper sheets: the round row lock -------------------------------------


def _release_beside_a_paper_sheet(
    town: Town, coordinator: User, make_member: Callable[..., User], monkeypatch: Any
) -> tuple[Any, list[ResultSnapshot], int]:
    """Three members answered; a release and a paper sheet come at once. The release is held
    right after it counted the answers until the sheet is in (or 1.5 s have passed)."""
    round_ = _round(town, coordinator)
    levers = _lever_ids(round_)
    for _ in range(3):
        p = participation_for_member(
            round_=round_, user=make_member(town, Role.STAFF), roles=frozenset({STAFF})
        )
        participation_save(participation=p, entries={i: entry(4) for i in levers})
        participation_submit(participation=p)
    counted, sheet_in = threading.Event(), threading.Event()
    real_counts = answer_counts

    def counts_then_wait(**kwargs: Any) -> Any:
        found = real_counts(**kwargs)
        counted.set()
        sheet_in.wait(timeout=1.5)
        return found

    monkeypatch.setattr(round_services, "answer_counts", counts_then_wait)

    def work(i: int) -> object:
        if i == 0:
            return round_snapshot_release(round_=round_, actor=coordinator)
        counted.wait(timeout=10)
        sheet = participation_enter_paper(
            round_=round_, group=STAFF, entries={levers[0]: entry(1)}, actor=coordinator
        )
        sheet_in.set()
        return sheet

    result = race(work, 2, refusals=(errors.SnapshotNothingNew,))
    return result, list(ResultSnapshot.objects.filter(round=round_)), levers[0]


def test_a_release_and_a_paper_sheet_at_once_see_the_sheet_whole_or_not_at_all(
    town: Town, coordinator: User, make_member: Callable[..., User], monkeypatch: Any
) -> None:
    result, snapshots, lever = _release_beside_a_paper_sheet(
        town, coordinator, make_member, monkeypatch
    )
    assert not result.crashed
    assert not result.refused
    [snapshot] = snapshots
    cell = snapshot.cells[str(lever)][STAFF]
    answers, sheets = sum(cell["counts"]), sum(cell["paper"].values())
    # Either order of the two, never a mix: 3 answers and no sheet, or 4 with the sheet.
    assert (answers, sheets) in {(3, 0), (4, 1)}


def test_control_without_the_round_lock_the_release_reads_a_sheet_half(
    town: Town, coordinator: User, make_member: Callable[..., User], monkeypatch: Any
) -> None:
    monkeypatch.setattr(round_services, "lock", no_lock)
    result, snapshots, _lever = _release_beside_a_paper_sheet(
        town, coordinator, make_member, monkeypatch
    )
    assert not result.crashed
    # The release counted 3 answers but 1 sheet of padding: 3 - 1 < 3 moved nothing, so it
    # was refused although 3 members had answered — a state no order of the two gives.
    assert len(result.refused) == 1
    assert snapshots == []
