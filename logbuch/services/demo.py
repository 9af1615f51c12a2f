"""Demo data of the Daseinsvorsorge (called by `manage.py demo` for each demo town).

Every demo town gets a Bürgerbus (weekday mornings, every second Saturday, a
Personenbeförderungsschein required; rides on request, 7 seats) and a Dorfladen (two people
per opening), an Organigramm with a vacancy and a responsibility without deputy, the
volunteers' qualifications (one expired), eight weeks of past shifts with confirmed hours,
sign-ups for the coming two weeks with a gap next week, and two ride requests. Idempotent: a
town that already has the Bürgerbus is left as it is.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from logbuch.towns.models import Town, User

from .models import (
    HoursRecord,
    Service,
    ServiceKind,
    Shift,
    SignUp,
    SignUpStatus,
)
from .services import requests, setup


def _sign(shift: Shift, people: list[User]) -> None:
    SignUp.objects.bulk_create(
        [SignUp(town_id=shift.town_id, shift=shift, user=p) for p in people],
        ignore_conflicts=True,
    )


def build_demo(*, town: Town, people: dict[str, list[User]]) -> None:
    if Service.objects.in_town(town).filter(slug="buergerbus").exists():
        return
    rng = random.Random(f"services-{town.slug}")  # noqa: S311 - demo data, not security
    coordinator = people["coordinator"][0] if people.get("coordinator") else None
    volunteers = list(people.get("volunteer", []))
    staff = list(people.get("staff", []))
    today = timezone.localdate()
    past_start = today - timedelta(weeks=8)
    with transaction.atomic():
        bus = setup.service_create(
            town=town,
            actor=coordinator,
            name="Bürgerbus",
            slug="buergerbus",
            kind=ServiceKind.BUS,
            description=(
                "Ehrenamtliche fahren Sie zum Arzt, zum Einkaufen oder zur Bank – im "
                "Ortsgebiet und in die Kreisstadt. Bitte einen Tag vorher anfragen."
            ),
            team="Acht Fahrerinnen und Fahrer, alle mit Personenbeförderungsschein.",
            place="Abfahrt am Marktplatz",
            operating_hours="Montag bis Freitag 8–12 Uhr, jeden zweiten Samstag 9–13 Uhr",
            contact_name="Fahrdienstleitung",
            contact_phone="03431 12345",
            takes_requests=True,
            request_label="Fahrt",
            seats_per_shift=7,
        )
        shop = setup.service_create(
            town=town,
            actor=coordinator,
            name="Dorfladen",
            slug="dorfladen",
            kind=ServiceKind.SHOP,
            description="Frische Brötchen, Obst aus der Region und ein Kaffee am Stehtisch.",
            team="Rund zwölf Ehrenamtliche, immer zu zweit im Laden.",
            place="Alte Schule, Hauptstraße 3",
            operating_hours="Montag bis Samstag 8–12 Uhr, Dienstag und Donnerstag 15–18 Uhr",
            contact_name="Ladenteam",
        )
        licence = setup.qualification_create(
            town=town, actor=coordinator, name="Personenbeförderungsschein"
        )
        setup.qualification_create(town=town, actor=coordinator, name="Erste Hilfe")
        drivers = volunteers[:8]
        for i, driver in enumerate(drivers):
            valid = today + timedelta(days=700) if i else today - timedelta(days=20)
            setup.volunteer_qualification_set(
                town=town, actor=coordinator, user=driver, qualification=licence, valid_until=valid
            )
        plans = [
            setup.plan_create(
                service=bus,
                actor=coordinator,
                qualifications=[licence],
                title="Vormittagsfahrten",
                rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                starts_on=past_start,
                start_time=time(8),
                end_time=time(12),
                min_people=1,
                max_people=1,
                today=past_start,
            ),
            setup.plan_create(
                service=bus,
                actor=coordinator,
                qualifications=[licence],
                title="Samstagsfahrt",
                rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
                starts_on=past_start,
                start_time=time(9),
                end_time=time(13),
                min_people=1,
                max_people=1,
                today=past_start,
            ),
            setup.plan_create(
                service=shop,
                actor=coordinator,
                title="Vormittag",
                rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA",
                starts_on=past_start,
                start_time=time(8),
                end_time=time(12),
                min_people=2,
                max_people=3,
                today=past_start,
            ),
            setup.plan_create(
                service=shop,
                actor=coordinator,
                title="Nachmittag",
                rule="FREQ=WEEKLY;BYDAY=TU,TH",
                starts_on=past_start,
                start_time=time(15),
                end_time=time(18),
                min_people=2,
                max_people=2,
                today=past_start,
            ),
        ]
        for plan in plans:  # past weeks plus the 13-week horizon from today
            setup.plan_materialise(plan=plan, today=past_start, weeks=8 + setup.HORIZON_WEEKS)
        _fill(
            town=town,
            bus=bus,
            shop=shop,
            drivers=drivers,
            crew=volunteers + staff,
            rng=rng,
            coordinator=coordinator,
        )
        _organigram(town=town, bus=bus, shop=shop, people=people, coordinator=coordinator)


def _fill(
    *,
    town: Town,
    bus: Service,
    shop: Service,
    drivers: list[User],
    crew: list[User],
    rng: random.Random,
    coordinator: User | None,
) -> None:
    now = timezone.now()
    gap_day = timezone.localdate() + timedelta(days=7 + (7 - timezone.localdate().weekday()) % 7)
    bus_drivers = drivers[1:] or drivers  # the first driver's licence has expired
    # A few carry most of it (the coverage page warns about that).
    weights = [6, 5, 2, 1, 1, 1, 1, 1][: len(bus_drivers)]
    horizon = now + timedelta(days=14)
    for shift in Shift.objects.filter(service=bus, starts_at__lt=horizon).order_by("starts_at"):
        if not bus_drivers or timezone.localtime(shift.starts_at).date() == gap_day:
            continue
        _sign(shift, [rng.choices(bus_drivers, weights=weights)[0]])
    for shift in Shift.objects.filter(service=shop, starts_at__lt=horizon).order_by("starts_at"):
        if len(crew) < 2:
            break
        count = 1 if timezone.localtime(shift.starts_at).date() == gap_day else 2
        _sign(shift, rng.sample(crew, count))
    records = [
        HoursRecord(
            town=town,
            user=s.user,
            service=s.shift.service,
            shift=s.shift,
            day=timezone.localtime(s.shift.starts_at).date(),
            minutes=int((s.shift.ends_at - s.shift.starts_at).total_seconds() // 60),
            confirmed_by=coordinator,
        )
        for s in SignUp.objects.filter(
            town=town, status=SignUpStatus.SIGNED_UP, shift__ends_at__lt=now
        ).select_related("shift", "shift__service", "user")
    ]
    HoursRecord.objects.bulk_create(records, ignore_conflicts=True)
    upcoming = (
        Shift.objects.filter(service=bus, starts_at__gt=now + timedelta(days=1))
        .order_by("starts_at")
        .first()
    )
    if upcoming is not None:
        start = upcoming.starts_at
        requests.request_create(
            service=bus,
            name="Erna Pohl",
            phone="03431 55501",
            wanted_at=start + timedelta(minutes=30),
            details="Von der Lindenstraße 7 zur Hausarztpraxis Dr. Lange, zurück gegen 11 Uhr.",
        )
        requests.request_create(
            service=bus,
            name="Horst Wendt",
            phone="03431 55502",
            wanted_at=start + timedelta(hours=1),
            details="Zum Einkaufen in die Kreisstadt, mit Rollator.",
            seats=2,
        )


def _organigram(
    *,
    town: Town,
    bus: Service,
    shop: Service,
    people: dict[str, list[User]],
    coordinator: User | None,
) -> None:
    volunteers = people.get("volunteer", [])
    staff = people.get("staff", [])

    def pick(group: list[User], i: int) -> User | None:
        return group[i] if len(group) > i else None

    today = timezone.localdate()
    rows = [
        (None, "Koordination", "Ehrenamtskoordination", coordinator, pick(staff, 0)),
        (bus, "Fahrdienst", "Fahrdienstleitung", pick(volunteers, 1), pick(volunteers, 2)),
        (bus, "Fahrdienst", "Fahrplan und Anfragen", pick(volunteers, 3), None),
        (bus, "Verwaltung", "Finanzen und Versicherung", None, None),
        (shop, "Laden", "Ladenleitung", pick(volunteers, 4), pick(volunteers, 5)),
        (shop, "Laden", "Einkauf bei Erzeugern", pick(volunteers, 6), None),
    ]
    for service, area, title, holder, deputy in rows:
        setup.responsibility_create(
            town=town,
            actor=coordinator,
            service=service,
            area=area,
            title=title,
            holder=holder,
            deputy=deputy if deputy != holder else None,
            since=today - timedelta(days=400),
        )
