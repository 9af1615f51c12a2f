"""Benchmark of the Anlaufstelle: a town with 10,000 concerns and a year of office-hour slots.

Dataset (town "bench-1"): an office with Sprechstunden Monday to Friday 9–12 and 14–17 in
15-minute slots for 52 weeks (Saxony's holidays skipped), every third slot of the coming weeks
booked; 10,000 concerns over two years in every state and category (first answers after 0–20
days, 60 % resolved, a third of those public with a public answer), 20 % handed to staff;
2,000 Biete/Suche entries in every kind and category (three quarters still shown, the rest
expired or hidden) with words from a small vocabulary, so suggested matches have work to do.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
from typing import Any

CONCERNS = 10_000
BOARD_POSTS = 2000
BATCH = 2000
BOARD_WORDS = [
    "Rasenmäher",
    "Fahrrad",
    "Werkzeug",
    "Kinderwagen",
    "Umzug",
    "Garten",
    "Einkauf",
    "Arzt",
    "Kreisstadt",
    "Nachhilfe",
    "Mathematik",
    "Computer",
    "Handy",
    "Stricken",
    "Backen",
    "Raum",
    "Feier",
    "Verein",
    "Anhänger",
    "Bohrmaschine",
    "Leiter",
    "Holz",
    "Schnee",
    "Hund",
    "Katze",
    "Blumen",
    "Kartoffeln",
    "Äpfel",
    "Bücher",
    "Spiele",
]


def build(*, town: Any, user: Any, seed: int = 13) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from logbuch.desk.models import (
        Appointment,
        Concern,
        ConcernCategory,
        ConcernKind,
        ConcernMessage,
        ConcernStatus,
        HoursKind,
        MessageAuthor,
        Office,
        Slot,
    )
    from logbuch.desk.services import office as office_services

    rng = random.Random(seed)
    office, _ = Office.objects.get_or_create(town=town, defaults={"slot_minutes": 15})
    with transaction.atomic():
        for weekday in range(5):
            for opens, closes in ((9, 12), (14, 17)):
                office_services.opening_hours_add(
                    office=office, actor=user, kind=HoursKind.CONSULTATION, weekday=weekday,
                    opens=datetime.time(opens), closes=datetime.time(closes),
                )  # fmt: skip
    slots = office_services.slots_materialise(office=office, weeks=52)
    free = list(Slot.objects.filter(office=office).order_by("starts_at")[:900:3])
    Appointment.objects.bulk_create(
        Appointment(
            town=town, slot=s, name=f"Person {i}", contact="0351 123456",
            cancel_token_hash=hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
        )
        for i, s in enumerate(free)
    )  # fmt: skip
    now = timezone.now()
    kinds, categories = list(ConcernKind), list(ConcernCategory)
    rows = []
    for i in range(CONCERNS):
        created = now - datetime.timedelta(minutes=rng.randint(10, 2 * 365 * 24 * 60))
        answered = created + datetime.timedelta(hours=rng.randint(2, 20 * 24))
        roll = rng.random()
        status = ConcernStatus.NEW
        first = resolved = None
        if created < now - datetime.timedelta(days=3) and roll < 0.85:
            first = min(answered, now)
            status = ConcernStatus.IN_PROGRESS
            if roll < 0.6:
                status = ConcernStatus.DONE if roll < 0.55 else ConcernStatus.NOT_POSSIBLE
                resolved = min(first + datetime.timedelta(days=rng.randint(0, 40)), now)
        public = status == ConcernStatus.DONE and rng.random() < 0.33
        rows.append(
            Concern(
                town=town, kind=rng.choice(kinds), category=rng.choice(categories),
                text=f"Anliegen {i}: bitte kümmern Sie sich um den Weg am Anger.",
                place="Am Anger", anonymous=True, status=status,
                status_reason="Zuständig ist der Landkreis." if status == "not_possible" else "",
                assignee=user if rng.random() < 0.2 else None,
                tracking_hash=hashlib.sha256(f"bench-concern-{i}".encode()).hexdigest(),
                created_at=created, first_answer_at=first, resolved_at=resolved,
                is_public=public, public_title=f"Erledigt: Weg am Anger ({i})" if public else "",
            )
        )  # fmt: skip
    with transaction.atomic():
        created_rows = Concern.objects.bulk_create(rows, batch_size=BATCH)
        answers = [
            ConcernMessage(
                town=town, concern=c, author_kind=MessageAuthor.TOWN, author=user,
                text="Danke, wir kümmern uns darum.", is_public=c.is_public,
                created_at=c.first_answer_at,
            )
            for c in created_rows
            if c.first_answer_at
        ]  # fmt: skip
        ConcernMessage.objects.bulk_create(answers, batch_size=BATCH)
    board = _board_posts(town=town, user=user, rng=rng, now=now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ANALYZE desk_concern, desk_concernmessage, desk_slot, desk_appointment, "
                "desk_boardpost"
            )
        else:
            cursor.execute("ANALYZE")
    return {
        "concerns": CONCERNS, "slots": slots, "appointments": len(free), "board_post": board,
    }  # fmt: skip


def _board_posts(*, town: Any, user: Any, rng: random.Random, now: Any) -> int:
    """2,000 entries; returns the pk of a shown one, for the entry page with its matches."""
    from logbuch.desk.models import BoardCategory, BoardKind, BoardPost, BoardStatus

    today = now.date()
    kinds, categories = list(BoardKind), list(BoardCategory)
    rows = []
    for i in range(BOARD_POSTS):
        words = rng.sample(BOARD_WORDS, 4)
        roll = rng.random()
        rows.append(
            BoardPost(
                town=town, author=user, kind=rng.choice(kinds), category=rng.choice(categories),
                title=f"{words[0]} und {words[1]} ({i})",
                text=f"{' '.join(words)}: bitte über das Formular melden.",
                status=BoardStatus.HIDDEN if roll < 0.05 else BoardStatus.ACTIVE,
                created_at=now - datetime.timedelta(days=rng.randint(0, 120)),
                expires_on=today + datetime.timedelta(days=rng.randint(-30, 90)),
            )
        )  # fmt: skip
    created = BoardPost.objects.bulk_create(rows, batch_size=BATCH)
    shown = next(p for p in created if p.status == BoardStatus.ACTIVE and p.expires_on > today)
    return int(shown.pk)


def prepare(context: Any) -> None:
    started = time.perf_counter()
    info = build(town=context.dataset.towns[0], user=context.dataset.coordinators[0])
    context.state["desk"] = {**info, "seconds": round(time.perf_counter() - started, 1)}


def pages(context: Any) -> list[Any]:
    from bench.run import Page

    town = context.dataset.towns[0].slug
    user = context.dataset.coordinators[0].email
    base = f"/{town}/anlaufstelle"
    return [
        Page("desk inbox", f"{base}/eingang/", user=user, max_p95_ms=100,
             expect_text="Eingang", max_queries=10),
        Page("desk concern list", f"{base}/anliegen/", user=user, max_p95_ms=100,
             expect_text="Anliegen", max_queries=8),
        Page("desk concern list filtered", f"{base}/anliegen/?stand=offen&thema=traffic",
             user=user, max_p95_ms=100, expect_text="Anliegen", max_queries=8),
        Page("desk concern list overdue", f"{base}/anliegen/?ueberfaellig=1", user=user,
             max_p95_ms=100, expect_text="Anliegen", max_queries=8),
        Page("desk public page", f"{base}/wir-haben-getan/", max_p95_ms=100,
             expect_text="wir haben getan", max_queries=5),
        Page("desk public page filtered p.5", f"{base}/wir-haben-getan/?thema=green&seite=5",
             max_p95_ms=100, expect_text="wir haben getan", max_queries=5),
        Page("desk slots", f"{base}/termine/", max_p95_ms=100, expect_text="Sprechstunde",
             max_queries=4),
        Page("desk board", f"{base}/biete-suche/", max_p95_ms=100, expect_text="Biete/Suche",
             max_queries=4),
        Page("desk board filtered", f"{base}/biete-suche/?art=offer&bereich=things&suche=Garten",
             max_p95_ms=100, expect_text="Biete/Suche", max_queries=4),
        Page("desk board entry with matches",
             f"{base}/biete-suche/{context.state['desk']['board_post']}/", max_p95_ms=100,
             expect_text="Nachricht schreiben", max_queries=4),
    ]  # fmt: skip


def measure(context: Any) -> dict[str, str]:
    info = context.state["desk"]
    return {
        "desk dataset": (
            f"{info['concerns']:,} concerns, {info['slots']:,} slots "
            f"({info['appointments']} booked), {BOARD_POSTS:,} board entries "
            f"in {info['seconds']} s"
        )
    }
