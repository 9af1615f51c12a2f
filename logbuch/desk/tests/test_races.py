"""A slot is never double-booked, also under concurrent requests (PostgreSQL, real threads)."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import IntegrityError

from logbuch.core.tests.races import no_lock, race
from logbuch.desk.errors import SlotTaken
from logbuch.desk.models import Appointment
from logbuch.desk.services import office as office_services

from .factories import OfficeFactory, SlotFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _book_20_times(slot):
    return race(
        lambda i: office_services.appointment_book(
            slot=slot, name=f"Person {i}", contact=f"0351 {100000 + i}"
        ),
        20,
        refusals=(SlotTaken,),
    )


def test_twenty_concurrent_bookings_of_one_slot_exactly_one_wins(town):
    slot = SlotFactory(town=town, office=OfficeFactory(town=town))
    result = _book_20_times(slot)
    assert not result.crashed, result.crashed
    assert len(result.succeeded) == 1
    assert len(result.refused) == 19
    assert Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1


def test_control_without_the_lock_the_check_races(town, monkeypatch):
    """Without the row lock, several requests pass the "still free?" check at once; only the
    database constraint then stops them, as crashes instead of the orderly refusal."""
    monkeypatch.setattr(office_services, "lock", no_lock)
    # Every request passes the check before any inserts (on a busy machine the threads would
    # otherwise run one after the other and the control would prove nothing).
    checked = threading.Barrier(20)
    real_hash = office_services._token_hash

    def after_the_check(token: str) -> str:
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=15)
        return real_hash(token)

    monkeypatch.setattr(office_services, "_token_hash", after_the_check)
    slot = SlotFactory(town=town, office=OfficeFactory(town=town))
    result = _book_20_times(slot)
    assert result.crashed, "without the lock, concurrent checks should have raced"
    assert all(isinstance(e, IntegrityError) for e in result.crashed)
    assert "desk_appointment_one_per_slot" in str(result.crashed[0])
    assert Appointment.objects.filter(slot=slot).count() == 1
