# ruff: noqa: PLC0415 (Django must be set up before models are imported)
"""Benchmark pages of the Stellschrauben-Check results: a large town's data and its pages.

Dataset: one town ("grossstadt-bench") with 10 closed rounds × 1,000 participations × 22
Stellschrauben = 220,000 answers, loaded with COPY on PostgreSQL (bulk_create elsewhere), plus
40 measures and 30 logbook entries. Answers lean by group, so professionals and laypeople
disagree on some Stellschrauben, and about 8 % say "weiß nicht".

Standalone: DJANGO_SETTINGS_MODULE=config.settings.dev DATABASE_URL=... \
    .venv/bin/python bench/pages_logbook.py build|pdf
"""

from __future__ import annotations

import datetime
import io
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOWN_SLUG = "grossstadt-bench"
COORDINATOR_EMAIL = "koordination@grossstadt-bench.example"
PASSWORD = "bench-passwort-1"
ROUNDS = 10
PARTICIPANTS = 1000
GROUP_SHARES = {"staff": 120, "council": 40, "volunteer": 480, "resident": 280, "business": 80}


def _setup() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()


def _copy(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def build(*, seed: int = 4) -> dict[str, Any]:
    """(Re)create the large town. Returns the ids the pages need."""
    from django.db import connection, transaction
    from django.utils import timezone

    from logbuch.logbook.models import (
        Answer,
        CatalogueVersion,
        JournalEntry,
        JournalKind,
        Lever,
        Measure,
        MeasureStatus,
        Participation,
        ParticipationChannel,
        ParticipationStatus,
        Round,
        RoundLever,
        RoundStatus,
    )
    from logbuch.towns.models import Membership, Role, Town, User

    rng = random.Random(seed)
    Town.objects.filter(slug=TOWN_SLUG).delete()
    with transaction.atomic():
        town = Town.objects.create(name="Großstadt (Bench)", slug=TOWN_SLUG, bundesland="SN")
        user = User.objects.filter(email=COORDINATOR_EMAIL).first()
        if user is None:
            user = User.objects.create_user(COORDINATOR_EMAIL, PASSWORD, name="Bench Koordination")
        Membership.objects.create(town=town, user=user, role=Role.COORDINATOR)
        version = CatalogueVersion.objects.get(is_current=True)
        levers = list(
            Lever.objects.for_town(town, version=version).order_by("area__position", "position")
        )
        # A lean per group and Stellschraube: laypeople see some things worse than staff.
        lean = {
            (g, lever.pk): rng.uniform(-1.2, 1.2) if g in ("volunteer", "resident") else 0.0
            for g in GROUP_SHARES
            for lever in levers
        }
        base = {lever.pk: rng.uniform(1.2, 3.0) for lever in levers}
        rounds = []
        today = timezone.localdate()
        for i in range(ROUNDS):
            year = today.year - ROUNDS + i
            closed = datetime.datetime(year, 3, 31, 12, tzinfo=datetime.UTC)
            rounds.append(
                Round.objects.create(
                    town=town,
                    title=f"Stellschrauben-Check {year}",
                    catalogue_version=version,
                    starts_on=datetime.date(year, 2, 1),
                    ends_on=datetime.date(year, 3, 31),
                    groups=list(GROUP_SHARES),
                    anonymous=i % 2 == 1,
                    status=RoundStatus.CLOSED,
                    closed_at=closed,
                    created_by=user,
                )
            )
        RoundLever.objects.bulk_create(
            RoundLever(town=town, round=r, lever=lever, position=p)
            for r in rounds
            for p, lever in enumerate(levers, start=1)
        )
        participations = []
        for r in rounds:
            for group, n in GROUP_SHARES.items():
                participations += [
                    Participation(
                        town=town,
                        round=r,
                        group=group,
                        channel=ParticipationChannel.CODE,
                        status=ParticipationStatus.SUBMITTED,
                        submitted_at=r.closed_at,
                    )
                    for _ in range(n)
                ]
        Participation.objects.bulk_create(participations, batch_size=5000)
        answers: list[tuple[Any, ...]] = []
        for index, p in enumerate(participations):
            r = rounds[index // PARTICIPANTS]
            drift = 0.08 * (index // PARTICIPANTS)
            for lever in levers:
                if rng.random() < 0.08:
                    value, dont_know = None, True
                else:
                    mu = base[lever.pk] + lean[(p.group, lever.pk)] + drift
                    value, dont_know = min(4, max(0, round(rng.gauss(mu, 0.9)))), False
                comment = (
                    "Mehr Austausch zwischen Verwaltung und Vereinen."
                    if rng.random() < 0.01
                    else ""
                )
                answers.append(
                    (
                        uuid.uuid4(),
                        town.pk,
                        r.pk,
                        lever.pk,
                        p.group,
                        None if r.anonymous else p.pk,
                        value,
                        dont_know,
                        comment,
                        "",
                        None,
                        "",
                    )
                )
        columns = [
            "id",
            "town_id",
            "round_id",
            "lever_id",
            "group",
            "participation_id",
            "value",
            "dont_know",
            "comment",
            "evidence_text",
            "evidence_date",
            "evidence_url",
        ]
        if connection.vendor == "postgresql":
            _copy(Answer._meta.db_table, [f'"{c}"' for c in columns], answers)
        else:
            Answer.objects.bulk_create(
                (Answer(**dict(zip(columns, row, strict=True))) for row in answers),
                batch_size=2000,
            )
        statuses = list(MeasureStatus)
        measures = Measure.objects.bulk_create(
            Measure(
                town=town,
                lever=levers[i % len(levers)],
                round=rounds[-2],
                title=f"Maßnahme {i + 1}",
                goal="Mehr Austausch",
                owner_role=Role.STAFF if i % 2 else "",
                owner_user=None if i % 2 else user,
                due_on=today + datetime.timedelta(days=30 * (i % 7) - 60),
                status=statuses[i % 4],
                created_by=user,
            )
            for i in range(40)
        )
        entries = JournalEntry.objects.bulk_create(
            JournalEntry(
                town=town,
                happened_on=today - datetime.timedelta(days=40 * i),
                kind=list(JournalKind)[i % 4],
                title=f"Eintrag {i + 1}",
                text="Der Stadtrat hat die ko-kreative Kleinstadt beschlossen.",
                author=user,
            )
            for i in range(30)
        )
        for i, entry in enumerate(entries):
            entry.levers.add(levers[i % len(levers)])
            entry.measures.add(measures[i % len(measures)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Answer._meta.db_table}")
    return {"town": TOWN_SLUG, "round": rounds[-1].pk, "answers": len(answers)}


def _latest_round_id() -> int:
    from logbuch.logbook.models import Round

    return (
        Round.objects.filter(town__slug=TOWN_SLUG)
        .order_by("-starts_on")
        .values_list("pk", flat=True)[0]
    )


def time_pdf(requests: int = 5) -> list[float]:
    """Seconds per PDF report request, sequential, through the test client (signed in)."""
    from django.test import Client
    from django.urls import reverse

    from logbuch.towns.models import User

    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR_EMAIL))
    url = reverse(
        "logbook:round_report_pdf", kwargs={"town_slug": TOWN_SLUG, "pk": _latest_round_id()}
    )
    client.get(url)  # warm-up (fonts, caches)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200 or bytes(response.content[:4]) != b"%PDF":
            raise RuntimeError(f"PDF request failed: {response.status_code}")
    return timings


if __name__ == "__main__":
    _setup()
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    if command == "build":
        start = time.perf_counter()
        info = build()
        print(f"built {info} in {time.perf_counter() - start:.1f} s")
    elif command == "pdf":
        t = time_pdf()
        print(f"PDF: {', '.join(f'{x:.2f}' for x in t)} s; median {statistics.median(t):.2f} s")
    _ = io
