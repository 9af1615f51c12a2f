"""One factory per model; each builds with only `town=` (the isolation sweep relies on it)."""

from __future__ import annotations

from datetime import time, timedelta

import factory
from django.utils import timezone

from logbuch.services.models import (
    CalendarFeed,
    HoursRecord,
    NoticeSent,
    Qualification,
    Responsibility,
    Service,
    ServiceKind,
    ServiceRequest,
    Shift,
    ShiftPlan,
    SignUp,
    VolunteerQualification,
)
from logbuch.towns.tests.factories import TownFactory, UserFactory

SAME_TOWN = factory.SelfAttribute("..town")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    town = factory.SubFactory(TownFactory)
    name = factory.Sequence(lambda n: f"Dienst {n}")
    slug = factory.Sequence(lambda n: f"dienst-{n}")
    kind = ServiceKind.BUS
    description = "Fährt Menschen zum Arzt."
    operating_hours = "Mo–Fr 8–12 Uhr"
    takes_requests = True
    request_label = "Fahrt"
    seats_per_shift = 3


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    town = factory.SubFactory(TownFactory)
    service = factory.SubFactory(ServiceFactory, town=SAME_TOWN)
    area = "Fahrdienst"
    title = factory.Sequence(lambda n: f"Zuständigkeit {n}")
    holder = factory.SubFactory(UserFactory)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    town = factory.SubFactory(TownFactory)
    name = factory.Sequence(lambda n: f"Qualifikation {n}")


class VolunteerQualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerQualification

    town = factory.SubFactory(TownFactory)
    user = factory.SubFactory(UserFactory)
    qualification = factory.SubFactory(QualificationFactory, town=SAME_TOWN)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class ShiftPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftPlan

    town = factory.SubFactory(TownFactory)
    service = factory.SubFactory(ServiceFactory, town=SAME_TOWN)
    title = "Vormittag"
    rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    starts_on = factory.LazyFunction(timezone.localdate)
    start_time = time(8)
    end_time = time(12)


def _tomorrow_at(hour: int) -> object:
    day = timezone.localdate() + timedelta(days=3)
    from logbuch.services.recurrence import local  # noqa: PLC0415

    return local(day, time(hour))


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    town = factory.SubFactory(TownFactory)
    service = factory.SubFactory(ServiceFactory, town=SAME_TOWN)
    starts_at = factory.LazyFunction(lambda: _tomorrow_at(8))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    min_people = 1
    max_people = 2
    seats = 3


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    town = factory.SubFactory(TownFactory)
    shift = factory.SubFactory(ShiftFactory, town=SAME_TOWN)
    user = factory.SubFactory(UserFactory)


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    town = factory.SubFactory(TownFactory)
    shift = factory.SubFactory(ShiftFactory, town=SAME_TOWN)
    service = factory.SelfAttribute("shift.service")
    name = "Erna Pohl"
    phone = "03431 55501"
    wanted_at = factory.LazyAttribute(lambda o: o.shift.starts_at + timedelta(minutes=30))
    details = "Zur Hausarztpraxis."
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class HoursRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursRecord

    town = factory.SubFactory(TownFactory)
    user = factory.SubFactory(UserFactory)
    service = factory.SubFactory(ServiceFactory, town=SAME_TOWN)
    day = factory.LazyFunction(timezone.localdate)
    minutes = 240


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    town = factory.SubFactory(TownFactory)
    user = factory.SubFactory(UserFactory)
    token_hash = factory.Sequence(lambda n: f"feed{n:060x}")


class NoticeSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeSent

    town = factory.SubFactory(TownFactory)
    kind = "reminder"
    key = factory.Sequence(lambda n: f"signup:{n}")
