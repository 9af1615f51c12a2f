"""Daily work of the Daseinsvorsorge, run by `manage.py services_daily` (cron) or the task:

1. extend every shift plan's shifts to the 13-week horizon (`plans_extend`);
2. remind everyone on tomorrow's shifts (the day before);
3. alert qualified, free volunteers about shifts still below their minimum N days ahead
   (N per service, `alert_days_before`).

Idempotent: every mail first claims a `NoticeSent` row (unique per town, kind and key) in
the transaction that queues it; a second run, or two at once, sends nothing again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.tasks import task
from django.utils import timezone

from . import notifications, selectors
from .models import NoticeSent, ServiceStatus, Shift, SignUp, SignUpStatus
from .recurrence import BERLIN
from .services.setup import plans_extend


@dataclass(frozen=True)
class DailyResult:
    new_shifts: int = 0
    reminders: int = 0
    alerts: int = 0


def _claim(*, town_id: int, kind: str, key: str) -> bool:
    """Record that this notice goes out now; False if it went out before (or is going now)."""
    try:
        with transaction.atomic():
            NoticeSent.objects.create(town_id=town_id, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=BERLIN)
    return start, start + timedelta(days=1)


def send_reminders(*, today: date) -> int:
    """One reminder per person and shift of tomorrow."""
    start, end = _day_bounds(today + timedelta(days=1))
    signups = (
        SignUp.objects.filter(
            status=SignUpStatus.SIGNED_UP, shift__starts_at__gte=start, shift__starts_at__lt=end
        )
        .select_related("user", "shift", "shift__service", "shift__town")
        .order_by("pk")
    )
    sent = 0
    for signup in signups:
        with transaction.atomic():
            key = f"signup:{signup.shift_id}:{signup.user_id}"
            if _claim(town_id=signup.town_id, kind="reminder", key=key):
                notifications.notify_reminder(signup=signup)
                sent += 1
    return sent


def send_coverage_alerts(*, today: date) -> int:
    """Alert free qualified volunteers about each uncovered shift once, N days before."""
    horizon_start, _end = _day_bounds(today)
    shifts = (
        Shift.objects.filter(
            starts_at__gte=horizon_start,
            starts_at__lt=horizon_start + timedelta(days=15),
            service__status=ServiceStatus.ACTIVE,
        )
        .annotate(taken=Count("signups", filter=Q(signups__status=SignUpStatus.SIGNED_UP)))
        .filter(taken__lt=F("min_people"))
        .select_related("service", "town", "plan")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for shift in shifts:
        local_day = timezone.localtime(shift.starts_at).date()
        if (local_day - today).days > shift.service.alert_days_before:
            continue
        people = selectors.free_qualified_people(shift)
        if not people:
            continue
        with transaction.atomic():
            if _claim(town_id=shift.town_id, kind="uncovered", key=f"shift:{shift.pk}"):
                notifications.notify_uncovered(
                    shift=shift,
                    recipients=people,
                    missing=shift.min_people - shift.taken,
                )
                sent += 1
    return sent


def services_daily(*, today: date | None = None) -> DailyResult:
    """One day's work; safe to run again (nothing is created or sent twice)."""
    today = today or timezone.localdate()
    return DailyResult(
        new_shifts=plans_extend(today=today),
        reminders=send_reminders(today=today),
        alerts=send_coverage_alerts(today=today),
    )


@task()
def services_daily_task() -> dict[str, int]:
    """The daily run as a background task (enqueue it once a day, e.g. from cron)."""
    return asdict(services_daily())
