"""Setting up: materialising plans (idempotent, holidays flagged), changing a plan."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine

from logbuch.services.errors import InvalidRule
from logbuch.services.models import HolidayPolicy, Shift
from logbuch.services.services import setup
from logbuch.services.services import shifts as svc
from logbuch.towns.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 14)


def _plan(bus, **extra):
    fields = {
        "title": "Vormittag",
        "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "starts_on": TODAY,
        "start_time": time(8),
        "end_time": time(12),
        "today": TODAY,
        **extra,
    }
    return setup.plan_create(service=bus, actor=None, **fields)


def test_plan_materialises_13_weeks_and_flags_holidays(bus):
    plan = _plan(bus, holiday_policy=HolidayPolicy.FLAG)
    shifts = Shift.objects.filter(plan=plan)
    assert shifts.count() == 66  # 13 weeks of weekdays, the horizon day included
    christmas = [s for s in shifts if s.holiday_name]
    assert {s.holiday_name for s in christmas} >= {"Erster Weihnachtstag", "Neujahr"}
    assert AuditEntry.objects.filter(action="services.plan.created").count() == 1
    first = shifts.first()
    assert first is not None and first.seats == bus.seats_per_shift


def test_materialising_twice_adds_nothing(bus):
    plan = _plan(bus)
    count = Shift.objects.filter(plan=plan).count()
    plan.materialised_until = None
    assert setup.plan_materialise(plan=plan, today=TODAY) == 0
    assert Shift.objects.filter(plan=plan).count() == count


def test_invalid_rule_saves_nothing(bus):
    with pytest.raises(InvalidRule):
        _plan(bus, rule="FREQ=NEVER")
    assert not Shift.objects.exists()


def test_changing_a_plan_keeps_shifts_people_hold(bus, volunteer):
    with time_machine.travel("2026-12-14 06:00 +0100"):
        plan = _plan(bus)
        held = Shift.objects.filter(plan=plan).order_by("starts_at")[3]
        svc.signup_create(shift=held, user=volunteer)
        kept = setup.plan_update(
            plan=plan,
            actor=None,
            title="Nachmittag",
            rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            starts_on=TODAY,
            ends_on=None,
            start_time=time(14),
            end_time=time(17),
            min_people=1,
            max_people=2,
            seats=None,
            holiday_policy=HolidayPolicy.SKIP,
            skip_dates=[(TODAY + timedelta(days=1)).isoformat()],
            today=TODAY,
        )
    assert kept == 1
    assert Shift.objects.filter(pk=held.pk).exists()
    hours = {
        s.starts_at.astimezone(held.starts_at.tzinfo).hour for s in Shift.objects.filter(plan=plan)
    }
    assert len(Shift.objects.filter(plan=plan, starts_at=held.starts_at)) == 1
    assert hours  # shifts exist for the new times
    assert (
        not Shift.objects.filter(plan=plan, starts_at__date=TODAY + timedelta(days=1))
        .exclude(pk=held.pk)
        .exists()
    )
