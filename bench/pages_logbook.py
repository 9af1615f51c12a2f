"""Benchmark pages of the Stellschrauben-Check results: a large town's data and its pages.

Dataset (in `prepare`): the first bench town gets 10 closed rounds × 1,000 participations ×
22 Stellschrauben = 220,000 answers, loaded with COPY on PostgreSQL (bulk_create on SQLite),
plus 40 measures and 30 logbook entries. Answers lean by group, so professionals and laypeople
disagree on some Stellschrauben, and about 8 % say "weiß nicht". Registered with bench/run.py
(see bench/README.md); `measure` times the PDF report (5 sequential requests).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
import uuid
from typing import Any

ROUNDS = 10
PARTICIPANTS = 1000
# A third of the answers to a question with a list answer name one to three entries.
LIST_SHARE = 0.33
LIST_NAMES = [
    "Alte Schule",
    "Bahnhof",
    "Bibliothek",
    "Bürgerhaus",
    "Dorfladen",
    "Feuerwehrhaus",
    "Gemeindesaal",
    "Heimatverein",
    "Jugendclub",
    "Kirchgemeinde",
    "Marktplatz",
    "Museum",
    "Rathaus-Foyer",
    "Sparkasse",
    "Sportverein",
    "Stadtpark",
    "Stadtverein",
    "Turnhalle",
    "Volkshochschule",
    "Wochenmarkt",
]
GROUP_SHARES = {"staff": 120, "council": 40, "volunteer": 480, "resident": 280, "business": 80}


def _copy(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Bulk-load rows: COPY on PostgreSQL, bulk_create on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, [f'"{c}"' for c in columns], rows)
    else:
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=2000
        )


def _list_entries(
    rng: random.Random, answer_id: uuid.UUID, where: tuple[int, int, Any, str]
) -> list[tuple[Any, ...]]:
    """The list answer of one answer (town, round, lever, group): often none, else 1–3 entries
    per kind the Stellschraube asks for, from a small shared vocabulary (so entries merge)."""
    from logbuch.logbook.models import list_key

    town_id, round_id, lever, group = where
    if not lever.list_kinds or rng.random() >= LIST_SHARE:
        return []
    return [
        (
            uuid.uuid4(),
            town_id,
            answer_id,
            round_id,
            lever.pk,
            group,
            kind,
            name,
            "",
            list_key(name),
        )
        for kind in lever.list_kinds
        for name in rng.sample(LIST_NAMES, rng.randint(1, 3))
    ]


def build(*, town: Any, user: Any, seed: int = 4, scale: int = 1) -> dict[str, Any]:
    """Give `town` ten closed rounds with 220,000 answers, measures and logbook entries.

    Returns the ids the pages need; a town that already has the rounds is left as it is.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from logbuch.logbook.models import (
        WORK_STATUSES,
        Answer,
        CatalogueVersion,
        JournalEntry,
        JournalKind,
        Lever,
        ListEntry,
        Measure,
        MeasureStatus,
        Participation,
        ParticipationChannel,
        ParticipationStatus,
        Round,
        RoundLever,
        RoundStatus,
    )
    from logbuch.towns.models import Role

    rng = random.Random(seed)
    shares = {group: n * scale for group, n in GROUP_SHARES.items()}
    participants = PARTICIPANTS * scale
    existing = Round.objects.in_town(town).order_by("-starts_on").first()
    if existing is not None:
        return {"round": existing.pk, "answers": Answer.objects.in_town(town).count()}
    with transaction.atomic():
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
            for group, n in shares.items():
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
        entries: list[tuple[Any, ...]] = []  # list answers (S03a, S07, K01 …)
        for index, p in enumerate(participations):
            r = rounds[index // participants]
            drift = 0.08 * (index // participants)
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
                answer_id = uuid.uuid4()
                entries += _list_entries(rng, answer_id, (town.pk, r.pk, lever, p.group))
                answers.append(
                    (
                        answer_id,
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
        _insert(Answer, columns, answers)
        entry_columns = [
            "id",
            "town_id",
            "answer_id",
            "round_id",
            "lever_id",
            "group",
            "kind",
            "text",
            "note",
            "key",
        ]
        _insert(ListEntry, entry_columns, entries)
        statuses = [s for s in MeasureStatus if s in WORK_STATUSES]  # measures, not Vorschläge
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
        journal = JournalEntry.objects.bulk_create(
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
        for i, entry in enumerate(journal):
            entry.levers.add(levers[i % len(levers)])
            entry.measures.add(measures[i % len(measures)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Answer._meta.db_table}")
    return {"round": rounds[-1].pk, "answers": len(answers), "list_entries": len(entries)}


def prepare(context: Any) -> None:
    town = context.dataset.towns[0]
    user = context.dataset.coordinators[0]
    started = time.perf_counter()
    info = build(town=town, user=user, scale=getattr(context, "scale", 1))
    context.state["logbook"] = {**info, "seconds": round(time.perf_counter() - started, 1)}


def pages(context: Any) -> list[Any]:
    from bench.run import Page
    from logbuch.logbook.models import RoundLever

    town = context.dataset.towns[0].slug
    user = context.dataset.coordinators[0].email
    round_id = context.state["logbook"]["round"]
    lever_id = RoundLever.objects.filter(round_id=round_id).order_by("position")[0].lever_id
    base = f"/{town}/logbuch"
    return [
        Page(
            "logbook results (220k answers)",
            f"{base}/runden/{round_id}/ergebnisse/",
            user=user,
            max_p95_ms=100,
            expect_text="Wahrnehmungslücken",
            max_queries=13,
        ),
        Page(
            "logbook Stellschraube drilldown",
            f"{base}/runden/{round_id}/ergebnisse/{lever_id}/",
            user=user,
            max_p95_ms=100,
            expect_text="Verteilung nach Gruppen",
            max_queries=13,
        ),
        Page(
            "logbook council report HTML",
            f"{base}/runden/{round_id}/bericht/",
            user=user,
            max_p95_ms=100,
            expect_text="Zusammenfassung",
            max_queries=14,
        ),
        Page(
            "logbook measures board",
            f"{base}/massnahmen/",
            user=user,
            max_p95_ms=100,
            expect_text="Maßnahmen",
            max_queries=13,
        ),
        Page(
            "logbook journal",
            f"{base}/eintraege/",
            user=user,
            max_p95_ms=100,
            expect_text="Logbuch",
            max_queries=12,
        ),
    ]


def time_pdf(context: Any, requests: int = 5) -> list[float]:
    """Seconds per PDF report request, sequential, through Django's test client (signed in)."""
    from django.test import Client

    from logbuch.towns.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(
        User.objects.get(email=context.dataset.coordinators[0].email),
        backend="logbuch.towns.backends.MemberBackend",
    )
    town = context.dataset.towns[0].slug
    url = f"/{town}/logbuch/runden/{context.state['logbook']['round']}/bericht.pdf"
    client.get(url)  # warm-up: fonts and the cached aggregates
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200 or bytes(response.content[:4]) != b"%PDF":
            raise RuntimeError(f"PDF request failed: {response.status_code}")
    return timings


def measure(context: Any) -> dict[str, str]:
    timings = time_pdf(context)
    info = context.state["logbook"]
    return {
        "logbook dataset": (
            f"{info['answers']:,} answers, {info.get('list_entries', 0):,} list entries "
            f"in {info.get('seconds', 0)} s"
        ),
        "logbook PDF report (5 sequential)": (
            f"median {statistics.median(timings):.2f} s, max {max(timings):.2f} s"
        ),
    }
