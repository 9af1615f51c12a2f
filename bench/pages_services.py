"""Benchmark of the Daseinsvorsorge: 50 services with two years of shifts in one town.

Dataset (town "bench-1"): 50 services (half take residents' requests, 6 seats per shift),
each with shifts about six times a week from a year ago to a year ahead (~30,000 shifts),
~100,000 sign-ups spread over the town's volunteers (a few carry much more than others) and
~20,000 residents' requests. Rows are bulk-inserted; the shift plans themselves are not
needed for reading.

Pages: a service's month, the town's coverage heat map (with the load table over twelve
months), a volunteer's own shift list, the run sheet of a busy shift, and the ICS feeds (a
service's year; the volunteer's own shifts).
"""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

SERVICES = 50
BATCH = 5000
# Shift slots per week of a service: (weekday, start hour, hours).
WEEK = [(0, 8, 4), (1, 8, 4), (2, 14, 3), (3, 8, 4), (4, 8, 4), (5, 9, 4)]


def prepare(context: Any) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from logbuch.services.models import (
        Service,
        ServiceKind,
        ServiceRequest,
        Shift,
        SignUp,
    )
    from logbuch.services.recurrence import local
    from logbuch.services.services.calendar import feed_create
    from logbuch.towns.models import Membership, Role, User

    rng = random.Random(14)
    town = context.dataset.towns[0]
    volunteer_ids = list(
        Membership.objects.filter(town=town, role=Role.VOLUNTEER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    weights = [1 / (i + 1) ** 0.8 for i in range(len(volunteer_ids))]  # a few carry much more
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=52)
    with transaction.atomic():
        services = Service.objects.bulk_create(
            [
                Service(
                    town=town,
                    name=f"Dienst {i:02d}",
                    slug=f"dienst-{i:02d}",
                    kind=ServiceKind.BUS if i % 2 == 0 else ServiceKind.SHOP,
                    takes_requests=i % 2 == 0,
                    request_label="Fahrt" if i % 2 == 0 else "",
                    seats_per_shift=6 if i % 2 == 0 else None,
                    place="Marktplatz",
                    operating_hours="Mo–Sa",
                )
                for i in range(1, SERVICES + 1)
            ]
        )
        shifts = [
            Shift(
                town=town,
                service=service,
                starts_at=local(day, datetime.time(hour)),
                ends_at=local(day, datetime.time(hour + length)),
                min_people=2,
                max_people=4,
                seats=service.seats_per_shift,
            )
            for service in services
            for week in range(104)
            for weekday, hour, length in WEEK
            if (day := first + datetime.timedelta(weeks=week, days=weekday))
        ]
        Shift.objects.bulk_create(shifts, batch_size=BATCH)
        shifts = list(Shift.objects.filter(town=town).order_by("pk"))
        signups: list[SignUp] = []
        requests: list[ServiceRequest] = []
        for shift in shifts:
            count = rng.choice([2, 3, 3, 4, 4, 4, 4])
            people: set[int] = set()
            while len(people) < count:
                people.add(rng.choices(volunteer_ids, weights=weights)[0])
            signups += [
                SignUp(town=town, shift=shift, user_id=uid, created_at=shift.starts_at)
                for uid in people
            ]
            if shift.seats and rng.random() < 0.85:  # ~1.5 requests: ~20,000 in all
                requests.extend(
                    ServiceRequest(
                        town=town,
                        service_id=shift.service_id,
                        shift=shift,
                        name=f"Bürgerin {shift.pk}-{n}",
                        phone="03431 12345",
                        wanted_at=shift.starts_at + datetime.timedelta(minutes=30 * n),
                        details="Zum Arzt und zurück",
                        token_hash=secrets.token_hex(32),
                    )
                    for n in range(rng.randint(1, 2))
                )
        SignUp.objects.bulk_create(signups, batch_size=BATCH)
        ServiceRequest.objects.bulk_create(requests, batch_size=BATCH)
    # Planner statistics after the bulk load (the PostgreSQL bench server runs without
    # autovacuum; SQLite collects them only on ANALYZE).
    with connection.cursor() as cursor:
        for table in ("services_shift", "services_signup", "services_servicerequest"):
            cursor.execute(f"ANALYZE {table}")
    # A volunteer with a typical load (a few hundred sign-ups over the two years).
    heavy = User.objects.get(pk=volunteer_ids[min(30, len(volunteer_ids) - 1)])
    now = timezone.now()
    busy = (
        ServiceRequest.objects.filter(town=town, shift__starts_at__gt=now)
        .values("shift_id")
        .order_by("shift__starts_at")
        .first()
    )
    context.state["services"] = {
        "service": services[1].slug,
        "volunteer": heavy.email,
        "run_sheet_shift": busy["shift_id"] if busy else shifts[-1].pk,
        "feed_token": feed_create(town=town, user=heavy),
        "counts": {
            "shifts": len(shifts),
            "signups": len(signups),
            "requests": len(requests),
        },
    }


def pages(context: Any) -> list[Any]:
    from bench.run import Page

    town = context.dataset.towns[0].slug
    state = context.state["services"]
    volunteer = state["volunteer"]
    base = f"/{town}/dienste"
    return [
        Page(
            "services month view",
            f"{base}/{state['service']}/schichten/",
            user=volunteer,
            max_p95_ms=100,
            expect_text="Voriger Monat",
            max_queries=8,
        ),
        Page(
            "services coverage heat map",
            f"{base}/abdeckung/",
            user=volunteer,
            max_p95_ms=100,
            expect_text="Unterbesetzte Schichten",
            max_queries=9,
        ),
        Page(
            "services my shifts",
            f"{base}/meine-schichten/",
            user=volunteer,
            max_p95_ms=100,
            expect_text="Meine Schichten",
            max_queries=7,
        ),
        Page(
            "services run sheet",
            f"{base}/schichten/{state['run_sheet_shift']}/fahrplan/",
            user=volunteer,
            max_p95_ms=100,
            expect_text="Fahrplan",
            max_queries=8,
        ),
        Page(
            "services ICS service year",
            f"{base}/{state['service']}/kalender.ics",
            max_p95_ms=200,
            expect_text="BEGIN:VCALENDAR",
            max_queries=4,
        ),
        Page(
            "services ICS personal",
            f"{base}/kalender/{state['feed_token']}.ics",
            max_p95_ms=200,
            expect_text="BEGIN:VCALENDAR",
            max_queries=4,
        ),
    ]


def measure(context: Any) -> dict[str, str]:
    counts = context.state["services"]["counts"]
    return {
        "services dataset": (
            f"{SERVICES} services, {counts['shifts']:,} shifts, {counts['signups']:,} sign-ups, "
            f"{counts['requests']:,} requests"
        )
    }
