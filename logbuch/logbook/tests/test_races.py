"""A double submit from two threads at once stores the answers exactly once (PostgreSQL)."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.utils import timezone

from logbuch.logbook import errors
from logbuch.logbook.models import Answer, Participation, ParticipationStatus, RoundLever
from logbuch.logbook.services.participation import (
    DraftEntry,
    participation_save,
    participation_submit,
)
from logbuch.logbook.services.rounds import round_open
from logbuch.logbook.tests.factories import ensure_catalogue
from logbuch.towns.models import Town, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


def _prepared(town: Town, coordinator: User) -> Participation:
    ensure_catalogue()
    round_ = round_open(
        town=town,
        actor=coordinator,
        title="Race",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
        groups=["staff"],
        anonymous=True,
    )
    ids = RoundLever.objects.filter(round=round_).values_list("lever_id", flat=True)
    p = Participation.objects.create(town=town, round=round_, group="staff", channel="code")
    entry = DraftEntry(
        value=3, dont_know=False, comment="", evidence_text="", evidence_date=None, evidence_url=""
    )
    participation_save(participation=p, entries={i: entry for i in ids})
    return p


def _race(target: Callable[[], None]) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            target()
        except errors.AlreadySubmitted as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures


def test_concurrent_submits_store_once(town: Town, coordinator: User) -> None:
    p = _prepared(town, coordinator)
    refused = _race(lambda: participation_submit(participation=p))
    assert len(refused) == THREADS - 1
    assert Answer.objects.filter(round_id=p.round_id).count() == 22
    p.refresh_from_db()
    assert p.status == ParticipationStatus.SUBMITTED


def _submit_without_the_conditional_update(p: Participation) -> None:
    """Control: the same steps with a plain read-then-write and no row-count check."""
    with transaction.atomic():
        current = Participation.objects.get(pk=p.pk)
        if current.status == ParticipationStatus.SUBMITTED:
            raise errors.AlreadySubmitted
        draft = current.draft
        time.sleep(0.3)  # widen the window between check and write, as a slow request would
        Participation.objects.filter(pk=p.pk).update(
            status=ParticipationStatus.SUBMITTED, submitted_at=timezone.now()
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    town_id=p.town_id,
                    round_id=p.round_id,
                    lever_id=int(k),
                    group=p.group,
                    value=v["value"],
                )
                for k, v in draft.items()
            ]
        )


def test_control_without_the_conditional_update_stores_twice(town: Town, coordinator: User) -> None:
    """Shows the race is real: without the guarded flip, concurrent submits duplicate answers."""
    p = _prepared(town, coordinator)
    _race(lambda: _submit_without_the_conditional_update(p))
    assert Answer.objects.filter(round_id=p.round_id).count() > 22
