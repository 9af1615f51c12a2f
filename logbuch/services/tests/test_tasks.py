"""The daily task: plans extended, reminders once, alerts about gaps to free qualified people."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from logbuch.services.models import Shift
from logbuch.services.recurrence import local
from logbuch.services.services import setup
from logbuch.services.services import shifts as svc
from logbuch.services.tasks import services_daily
from logbuch.towns.models import Role

from .factories import QualificationFactory, ShiftFactory, VolunteerQualificationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)  # a Tuesday


@time_machine.travel("2026-12-01 07:00 +0100")
def test_reminder_goes_out_once_even_if_the_task_runs_twice(town, bus, volunteer, sending):
    tomorrow = ShiftFactory(
        town=town,
        service=bus,
        starts_at=local(TODAY + timedelta(days=1), time(8)),
        ends_at=local(TODAY + timedelta(days=1), time(12)),
        min_people=1,
    )
    svc.signup_create(shift=tomorrow, user=volunteer)
    with sending() as outbox:
        first = services_daily(today=TODAY)
        second = services_daily(today=TODAY)
    assert first.reminders == 1 and second.reminders == 0
    reminders = [m for m in outbox if m.subject.startswith("Morgen")]
    assert [m.to for m in reminders] == [[volunteer.email]]
    assert "08:00–12:00" in reminders[0].body


@time_machine.travel("2026-12-01 07:00 +0100")
def test_uncovered_shift_alerts_free_qualified_volunteers_once(town, bus, make_member, sending):
    licence = QualificationFactory(town=town, name="Personenbeförderungsschein")
    plan = setup.plan_create(
        service=bus,
        actor=None,
        qualifications=[licence],
        title="Vormittag",
        rule="FREQ=DAILY",
        starts_on=TODAY + timedelta(days=2),
        ends_on=TODAY + timedelta(days=2),
        start_time=time(8),
        end_time=time(12),
        min_people=1,
        max_people=1,
        today=TODAY,
    )
    gap = Shift.objects.get(plan=plan)
    qualified, busy, unqualified, expired = (make_member(town, Role.VOLUNTEER) for _ in range(4))
    for person in (qualified, busy):
        VolunteerQualificationFactory(town=town, user=person, qualification=licence)
    VolunteerQualificationFactory(town=town, user=expired, qualification=licence, valid_until=TODAY)
    clash = ShiftFactory(town=town, starts_at=gap.starts_at, ends_at=gap.ends_at)
    svc.signup_create(shift=clash, user=busy)
    mail.outbox.clear()
    with sending() as outbox:
        assert services_daily(today=TODAY).alerts == 1
        assert services_daily(today=TODAY).alerts == 0
    alerts = [m for m in outbox if m.subject.startswith("Gesucht")]
    assert [m.to for m in alerts] == [[qualified.email]]
    assert unqualified.email not in {a for m in outbox for a in m.to}


def test_alerts_wait_until_n_days_before(town, bus, volunteer, sending):
    with time_machine.travel("2026-12-01 07:00 +0100"):
        ShiftFactory(
            town=town,
            service=bus,
            starts_at=local(TODAY + timedelta(days=10), time(8)),
            ends_at=local(TODAY + timedelta(days=10), time(12)),
        )
        with sending():
            assert services_daily(today=TODAY).alerts == 0


def test_plans_are_extended_by_the_command(town, bus):
    plan = setup.plan_create(
        service=bus,
        actor=None,
        title="Vormittag",
        rule="FREQ=WEEKLY;BYDAY=MO",
        starts_on=TODAY,
        start_time=time(8),
        end_time=time(12),
        today=TODAY,
    )
    before = Shift.objects.filter(plan=plan).count()
    assert before == 13
    call_command("services_daily", "--datum", (TODAY + timedelta(weeks=2)).isoformat())
    assert Shift.objects.filter(plan=plan).count() == 15
    call_command("services_daily", "--datum", (TODAY + timedelta(weeks=2)).isoformat())
    assert Shift.objects.filter(plan=plan).count() == 15
