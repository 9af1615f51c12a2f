"""Demo data of the Anlaufstelle (called by `manage.py demo` for each demo town).

Every demo town gets its office with hours and a Thursday Sprechstunde (slots for 13 weeks,
two booked), three contact persons and a dozen concerns in every state: new, handed on,
answered, overdue, resolved and shown on "Ihr habt gesagt – wir haben getan", one not
possible with its reason. Idempotent: a town whose office already has hours is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from logbuch.towns.models import Town, User

from .models import (
    Concern,
    ConcernCategory,
    ConcernKind,
    ConcernMessage,
    ConcernStatus,
    ContactPerson,
    HoursKind,
    MessageAuthor,
    OpeningHours,
    Slot,
)
from .services import concerns as concern_services
from .services import office as office_services

CONCERNS = [
    # kind, category, text, place, days ago, state, answer, public title
    ("worry", "traffic", "Die Straßenlaterne am Spielplatz Lindenstraße ist seit zwei Wochen aus. Abends ist es dort richtig dunkel.", "Spielplatz Lindenstraße", 40, "done", "Der Bauhof hat die Leuchte getauscht. Danke für den Hinweis!", "Laterne am Spielplatz brennt wieder"),  # noqa: E501
    ("idea", "green", "Am Teich fehlen Bänke. Viele Ältere gehen dort spazieren und müssten sich zwischendurch ausruhen.", "Stadtteich", 60, "done", "Zwei Bänke stehen seit letzter Woche am Nordufer; der Heimatverein hat sie gespendet.", "Zwei neue Bänke am Teich"),  # noqa: E501
    ("praise", "together", "Das Sommerfest war großartig organisiert. Ein großes Lob an alle Helferinnen und Helfer!", "", 20, "done", "Wir haben Ihr Lob an das Festteam weitergegeben – sie haben sich sehr gefreut.", "Lob für das Sommerfest"),  # noqa: E501
    ("worry", "family", "Der Bus zur Schule fährt morgens so früh, dass die Kinder eine halbe Stunde vor Unterrichtsbeginn ankommen.", "Haltestelle Markt", 35, "not_possible", "", ""),  # noqa: E501
    ("idea", "elderly", "Könnte es einen Fahrdienst zum Arzt für ältere Menschen ohne Auto geben?", "", 12, "in_progress", "Gute Idee. Wir sprechen mit dem Seniorenbeirat und den Ehrenamtlichen.", ""),  # noqa: E501
    ("worry", "green", "Am Wertstoffhof liegt seit Tagen Sperrmüll neben den Containern.", "Wertstoffhof Gartenweg", 9, "new", "", ""),  # noqa: E501
    ("worry", "traffic", "Die Hecke an der Kreuzung Schulstraße verdeckt die Sicht auf Radfahrende.", "Kreuzung Schulstraße / Am Anger", 3, "new", "", ""),  # noqa: E501
    ("idea", "culture", "Ein offener Bücherschrank im alten Wartehäuschen wäre schön.", "Wartehäuschen Dorfstraße", 2, "new", "", ""),  # noqa: E501
    ("worry", "services", "Die Öffnungszeiten des Bürgerbüros passen nicht für Berufstätige.", "", 15, "in_progress", "Wir prüfen einen langen Donnerstag bis 19 Uhr.", ""),  # noqa: E501
    ("praise", "services", "Danke an Frau Berger, die mir beim Wohngeldantrag so geduldig geholfen hat.", "", 5, "done", "Wir haben es ihr ausgerichtet.", ""),  # noqa: E501
]  # fmt: skip

REASON_NOT_POSSIBLE = (
    "Den Fahrplan bestimmt der Landkreis. Wir haben Ihr Anliegen dort vorgetragen; eine spätere "
    "Fahrt ist im neuen Fahrplan leider nicht vorgesehen."
)


def build_demo(*, town: Town, people: dict[str, list[User]]) -> None:
    office = office_services.office_for(town)
    if OpeningHours.objects.filter(office=office).exists():
        return
    coordinator = people["coordinator"][0]
    staff = (people.get("staff") or [coordinator])[0]
    rng = random.Random(town.slug)  # noqa: S311 - demo data, not security
    with transaction.atomic():
        office_services.office_update(
            office=office,
            actor=coordinator,
            name="Anlaufstelle im Rathaus",
            address=f"Markt 1\n{town.name}",
            phone="03456 78 90",
            who_is_there=f"{coordinator.name} (Koordinierungsstelle)",
        )
        for weekday in range(5):
            office_services.opening_hours_add(
                office=office, actor=coordinator, kind=HoursKind.OPEN, weekday=weekday,
                opens=datetime.time(9), closes=datetime.time(12),
            )  # fmt: skip
        for weekday in (1, 3):
            office_services.opening_hours_add(
                office=office, actor=coordinator, kind=HoursKind.OPEN, weekday=weekday,
                opens=datetime.time(14), closes=datetime.time(18),
            )  # fmt: skip
        office_services.opening_hours_add(
            office=office, actor=coordinator, kind=HoursKind.CONSULTATION, weekday=3,
            opens=datetime.time(14), closes=datetime.time(16), note="mit der Bürgermeisterin",
        )  # fmt: skip
        office_services.slots_materialise(office=office)
        for slot, name in zip(
            Slot.objects.filter(office=office).order_by("starts_at")[:2],
            ("Erika Schulze", "Otto Krüger"),
            strict=False,
        ):
            office_services.appointment_book(slot=slot, name=name, contact="03456 12 34 5")
        for i, (name, topics, hours) in enumerate(
            [
                (coordinator.name, "Anliegen, Ehrenamt, Vereine", "Do 14–18 Uhr"),
                (staff.name, "Bauhof, Straßen, Grünflächen", "Mo–Fr 7–15 Uhr"),
                (
                    "Seniorenbeirat",
                    "Älter werden, Fahrdienst, Nachbarschaftshilfe",
                    "1. Mi im Monat",
                ),
            ]
        ):
            ContactPerson.objects.create(
                town=town, name=name, topics=topics, office_hours=hours,
                how_to_reach="Rathaus, Markt 1", position=i,
            )  # fmt: skip
        _concerns(town, coordinator, staff, rng)


def _concerns(town: Town, coordinator: User, staff: User, rng: random.Random) -> None:
    now = timezone.now()
    for kind, category, text, place, days, state, answer, title in CONCERNS:
        anonymous = rng.random() < 0.4
        concern, _code = concern_services.concern_submit(
            town=town, kind=ConcernKind(kind), category=ConcernCategory(category), text=text,
            place=place, anonymous=anonymous, name="" if anonymous else "Anwohnerin",
            email="" if anonymous else f"anwohnerin.{rng.randint(100, 999)}@example.org",
        )  # fmt: skip
        created = now - datetime.timedelta(days=days, hours=rng.randint(0, 8))
        Concern.objects.filter(pk=concern.pk).update(created_at=created)
        if state == "new":
            continue
        concern_services.concern_assign(concern=concern, assignee=staff, actor=coordinator)
        if answer:
            concern_services.concern_answer(
                concern=concern, author=staff, text=answer, public=bool(title)
            )
            ConcernMessage.objects.filter(concern=concern, author_kind=MessageAuthor.TOWN).update(
                created_at=created + datetime.timedelta(days=rng.randint(1, 4))
            )
            Concern.objects.filter(pk=concern.pk).update(
                first_answer_at=created + datetime.timedelta(days=rng.randint(1, 4))
            )
        if state in ("done", "not_possible"):
            concern.refresh_from_db()
            concern_services.concern_set_status(
                concern=concern,
                status=ConcernStatus(state),
                reason=REASON_NOT_POSSIBLE if state == "not_possible" else "",
                actor=staff,
            )
            Concern.objects.filter(pk=concern.pk).update(
                resolved_at=created + datetime.timedelta(days=rng.randint(5, 12))
            )
            if title:
                concern_services.concern_publish(
                    concern=concern, public_title=title, public=True, actor=coordinator
                )
