"""Seats are never over-booked under concurrent requests (PostgreSQL, real threads).

Each race has a control case that patches the real lock out of the real service
(`no_lock`) and shows the invariant then breaks. A short sleep after reading the seats
widens the window between check and write, so the control fails reliably and the real
case proves the lock, not luck.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from logbuch.core.tests.races import no_lock, race
from logbuch.services.errors import NoSeatsLeft, ServicesError, ShiftFull
from logbuch.services.models import RequestStatus, ServiceRequest, SignUp, SignUpStatus
from logbuch.services.services import requests as request_services
from logbuch.services.services import shifts as shift_services
from logbuch.towns.models import Role

from .factories import ServiceFactory, ServiceRequestFactory, ShiftFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = SignUpStatus


def _slow(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    original = getattr(module, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.05)
        return result

    monkeypatch.setattr(module, name, slow)


def _signed(shift_id: int) -> list[int]:
    return list(
        SignUp.objects.filter(shift_id=shift_id, status=S.SIGNED_UP).values_list(
            "user_id", flat=True
        )
    )


# --- 20 volunteers, 2 seats ------------------------------------------------------------------


def _signup_race(town, make_member):
    shift = ShiftFactory(town=town, max_people=2)
    people = [make_member(town, Role.VOLUNTEER) for _ in range(20)]
    result = race(
        lambda i: shift_services.signup_create(shift=shift, user=people[i]),
        20,
        refusals=(ShiftFull,),
    )
    return shift, result


def test_twenty_volunteers_two_seats_exactly_two_succeed(town, make_member, monkeypatch):
    _slow(monkeypatch, shift_services, "seats_taken")
    shift, result = _signup_race(town, make_member)
    assert not result.crashed, result.crashed
    assert len(result.succeeded) == 2
    assert len(result.refused) == 18
    assert all("Warteliste" in str(e) for e in result.refused)
    assert len(_signed(shift.pk)) == 2


def test_control_without_the_lock_the_shift_is_overbooked(town, make_member, monkeypatch):
    _slow(monkeypatch, shift_services, "seats_taken")
    monkeypatch.setattr(shift_services, "lock", no_lock)
    shift, result = _signup_race(town, make_member)
    assert not result.crashed, result.crashed
    assert len(_signed(shift.pk)) > 2


# --- 20 residents, the last 3 seats of a ride -------------------------------------------------


def _ride_race(town):
    bus = ServiceFactory(town=town, seats_per_shift=5)
    shift = ShiftFactory(town=town, service=bus, seats=5)
    ServiceRequestFactory(town=town, shift=shift, seats=2)  # 3 of 5 seats left
    result = race(
        lambda i: request_services.request_create(
            service=bus,
            name=f"Person {i}",
            phone="03431 1",
            wanted_at=shift.starts_at + timedelta(minutes=30),
            details="Zum Arzt",
        ),
        20,
        refusals=(NoSeatsLeft,),
    )
    return shift, result


def _seats(shift_id: int) -> int:
    return sum(
        ServiceRequest.objects.filter(
            shift_id=shift_id, status__in=[RequestStatus.REQUESTED, RequestStatus.CONFIRMED]
        ).values_list("seats", flat=True)
    )


def test_twenty_residents_three_seats_exactly_three_succeed(town, monkeypatch):
    _slow(monkeypatch, request_services, "seats_requested")
    shift, result = _ride_race(town)
    assert not result.crashed, result.crashed
    assert len(result.succeeded) == 3
    assert len(result.refused) == 17
    assert all("kein Platz mehr frei" in str(e) for e in result.refused)
    assert _seats(shift.pk) == 5


def test_control_without_the_lock_the_ride_is_overbooked(town, monkeypatch):
    _slow(monkeypatch, request_services, "seats_requested")
    monkeypatch.setattr(request_services, "lock", no_lock)
    shift, result = _ride_race(town)
    assert not result.crashed, result.crashed
    assert _seats(shift.pk) > 5


# --- swap, cancel and the waiting list at once ------------------------------------------------


def _swap_cancel_race(town, make_member):
    """Two seats held by A (offered for swap) and B, four people waiting. At once: C takes
    A's offered seat, A cancels it (the waiting list moves up) and the first waiting person
    leaves the list."""
    shift = ShiftFactory(town=town, max_people=2)
    a, b, c = (make_member(town, Role.VOLUNTEER) for _ in range(3))
    waiting = [make_member(town, Role.VOLUNTEER) for _ in range(4)]
    offered = shift_services.signup_create(shift=shift, user=a)
    shift_services.signup_create(shift=shift, user=b)
    first_waiting, *_rest = (
        shift_services.waitlist_join(shift=shift, user=person) for person in waiting
    )
    shift_services.signup_offer_swap(signup=offered, actor=a)
    # Far enough ahead that no notice period applies.
    jobs = [
        lambda: shift_services.signup_take_swap(signup=offered, user=c),
        lambda: shift_services.signup_cancel(signup=offered, actor=a),
        lambda: shift_services.signup_cancel(signup=first_waiting, actor=waiting[0]),
    ]
    result = race(lambda i: jobs[i](), len(jobs), refusals=(ServicesError,))
    return shift, result


def _assert_consistent(shift) -> None:
    people = _signed(shift.pk)
    assert len(people) == len(set(people))
    # Never over capacity, and no seat lost while people are still waiting.
    assert len(people) == shift.max_people


def test_swap_and_cancels_at_once_keep_every_seat_filled_once(town, make_member, monkeypatch):
    _slow(monkeypatch, shift_services, "seats_taken")
    _slow(monkeypatch, shift_services, "missing_qualifications")
    for _ in range(3):
        shift, result = _swap_cancel_race(town, make_member)
        assert not result.crashed, result.crashed
        _assert_consistent(shift)


def test_control_without_the_lock_swap_and_cancel_overfill(town, make_member, monkeypatch):
    _slow(monkeypatch, shift_services, "seats_taken")
    _slow(monkeypatch, shift_services, "missing_qualifications")
    monkeypatch.setattr(shift_services, "lock", no_lock)
    broken = 0
    for _ in range(3):
        shift, result = _swap_cancel_race(town, make_member)
        assert not result.crashed, result.crashed
        if len(_signed(shift.pk)) != shift.max_people:
            broken += 1
    assert broken
