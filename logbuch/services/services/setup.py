"""Setting up services: the service itself, its Organigramm, qualifications and shift plans.

Shift plans are materialised into `Shift` rows for a rolling horizon (13 weeks) when they are
saved and by the daily task (`plans_extend`), never per request. Materialising is idempotent:
the unique constraint on (plan, start) lets a second run or a concurrent one add nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from .. import recurrence
from ..models import (
    ACTIVE_SIGNUP,
    OPEN_REQUEST,
    HolidayPolicy,
    Qualification,
    Responsibility,
    Service,
    Shift,
    ShiftPlan,
    VolunteerQualification,
)

HORIZON_WEEKS = 13


def service_create(*, town: Town, actor: User | None, **fields: Any) -> Service:
    with transaction.atomic():
        service = Service.objects.create(town=town, **fields)
        audit(town=town, actor=actor, action="services.service.created", target=service)
    return service


def service_update(*, service: Service, actor: User | None, **fields: Any) -> Service:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(service, name, value)
        service.save(update_fields=list(fields))
        audit(town=service.town, actor=actor, action="services.service.updated", target=service)
    return service


def responsibility_create(*, town: Town, actor: User | None, **fields: Any) -> Responsibility:
    with transaction.atomic():
        item = Responsibility.objects.create(town=town, **fields)
        audit(town=town, actor=actor, action="services.responsibility.created", target=item)
    return item


def responsibility_update(
    *, responsibility: Responsibility, actor: User | None, **fields: Any
) -> Responsibility:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(responsibility, name, value)
        responsibility.save(update_fields=list(fields))
        audit(
            town=responsibility.town,
            actor=actor,
            action="services.responsibility.updated",
            target=responsibility,
        )
    return responsibility


def qualification_create(
    *, town: Town, actor: User | None, name: str, description: str = ""
) -> Qualification:
    with transaction.atomic():
        item = Qualification.objects.create(town=town, name=name, description=description)
        audit(town=town, actor=actor, action="services.qualification.created", target=item)
    return item


def volunteer_qualification_set(
    *,
    town: Town,
    actor: User | None,
    user: User,
    qualification: Qualification,
    valid_until: date | None,
) -> VolunteerQualification:
    """Record (or renew) that a person holds a qualification until a day."""
    with transaction.atomic():
        item, _created = VolunteerQualification.objects.update_or_create(
            town=town,
            user=user,
            qualification=qualification,
            defaults={"valid_until": valid_until, "recorded_by": actor},
        )
        audit(
            town=town,
            actor=actor,
            action="services.qualification.recorded",
            target=item,
            valid_until=valid_until.isoformat() if valid_until else None,
        )
    return item


def plan_create(
    *,
    service: Service,
    actor: User | None,
    qualifications: list[Qualification] | None = None,
    today: date | None = None,
    **fields: Any,
) -> ShiftPlan:
    """Save a plan and materialise its shifts for the horizon."""
    with transaction.atomic():
        fields["rule"] = recurrence.normalise_rule(fields["rule"])
        plan = ShiftPlan.objects.create(town=service.town, service=service, **fields)
        plan.required_qualifications.set(qualifications or [])
        plan_materialise(plan=plan, today=today)
        audit(town=service.town, actor=actor, action="services.plan.created", target=plan)
    return plan


def plan_update(
    *,
    plan: ShiftPlan,
    actor: User | None,
    qualifications: list[Qualification] | None = None,
    today: date | None = None,
    **fields: Any,
) -> int:
    """Change a plan; future shifts nobody holds and nobody asked for are built anew.

    Shifts that already have people or requests stay as they are (people planned with them).
    Returns how many such shifts were kept.
    """
    with transaction.atomic():
        lock(plan)
        fields["rule"] = recurrence.normalise_rule(fields["rule"])
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.materialised_until = None
        plan.save(update_fields=[*fields, "materialised_until"])
        if qualifications is not None:
            plan.required_qualifications.set(qualifications)
        future = Shift.objects.filter(plan=plan, starts_at__gte=timezone.now())
        busy = future.filter(signups__status__in=ACTIVE_SIGNUP) | future.filter(
            requests__status__in=OPEN_REQUEST
        )
        busy_ids = set(busy.values_list("pk", flat=True))
        future.exclude(pk__in=busy_ids).delete()
        plan_materialise(plan=plan, today=today)
        audit(town=plan.town, actor=actor, action="services.plan.updated", target=plan)
    return len(busy_ids)


def plan_materialise(
    *, plan: ShiftPlan, today: date | None = None, weeks: int = HORIZON_WEEKS
) -> int:
    """Create the plan's shifts up to `weeks` ahead of today; returns how many were new."""
    today = today or timezone.localdate()
    horizon = today + timedelta(weeks=weeks)
    start = today
    if plan.materialised_until and plan.materialised_until >= today:
        start = plan.materialised_until + timedelta(days=1)
    if start > horizon:
        return 0
    service = plan.service
    seats = plan.seats or (service.seats_per_shift if service.takes_requests else None)
    occurrences = recurrence.expand(
        rule=plan.rule,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        start_time=plan.start_time,
        end_time=plan.end_time,
        skip_dates=plan.skip_dates,
        bundesland=plan.town.bundesland,
        skip_holidays=plan.holiday_policy == HolidayPolicy.SKIP,
        window_start=start,
        window_end=horizon,
    )
    with transaction.atomic():
        before = Shift.objects.filter(plan=plan).count()
        Shift.objects.bulk_create(
            [
                Shift(
                    town_id=plan.town_id,
                    service_id=plan.service_id,
                    plan=plan,
                    starts_at=o.starts_at,
                    ends_at=o.ends_at,
                    min_people=plan.min_people,
                    max_people=plan.max_people,
                    seats=seats,
                    holiday_name=o.holiday,
                )
                for o in occurrences
            ],
            ignore_conflicts=True,
        )
        ShiftPlan.objects.filter(pk=plan.pk).update(materialised_until=horizon)
        plan.materialised_until = horizon
        return Shift.objects.filter(plan=plan).count() - before


def plans_extend(*, today: date | None = None, weeks: int = HORIZON_WEEKS) -> int:
    """Extend every plan's shifts to the horizon (daily task); returns new shifts."""
    today = today or timezone.localdate()
    horizon = today + timedelta(weeks=weeks)
    plans = (
        ShiftPlan.objects.select_related("town", "service")
        .exclude(materialised_until__gte=horizon)
        .exclude(ends_on__lt=today)
        .order_by("pk")
    )
    return sum(plan_materialise(plan=plan, today=today, weeks=weeks) for plan in plans)


def shift_create(
    *,
    service: Service,
    actor: User | None,
    starts_at: datetime,
    ends_at: datetime,
    min_people: int,
    max_people: int,
    seats: int | None = None,
) -> Shift:
    """A single shift outside any plan (a market day, an extra ride); `seats` for requests
    defaults to the service's."""
    with transaction.atomic():
        shift = Shift.objects.create(
            town=service.town,
            service=service,
            starts_at=starts_at,
            ends_at=ends_at,
            min_people=min_people,
            max_people=max_people,
            seats=seats or (service.seats_per_shift if service.takes_requests else None),
        )
        audit(town=service.town, actor=actor, action="services.shift.created", target=shift)
    return shift
