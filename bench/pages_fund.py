"""Benchmark of the Mitmach-Fonds: a town with 2,000 applications and 50,000 votes.

Dataset (town "bench-1"): one fund of 8 million € in four categories; 2,000 applications, of
which about 1,150 are decided through the real decision service (commitments in the ledger),
~70 % of the approved ones with publication consent; a counted public vote with 20,000 voters
and 50,000 votes over 40 applications (awards booked through the ledger); an open vote with
30,000 paper codes for the vote-submission run.

Vote submission (`measure`): a second gunicorn (2 workers) and `wrk -t2 -c8` posting ballots
with paper codes through the real form endpoint (CSRF included); every 10th request repeats a
code its thread just used, so duplicates race the originals. Afterwards the database must hold
exactly one ballot per accepted request: none lost, none doubled.

Standalone: DJANGO_SETTINGS_MODULE=config.settings.dev DATABASE_URL=... \
    .venv/bin/python bench/pages_fund.py build
"""

from __future__ import annotations

import datetime
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from logbuch.fund.services.decisions import application_decide
from logbuch.fund.services.payouts import payout_make
from logbuch.fund.services.setup import category_save, fund_create, fund_source_add
from logbuch.fund.services.voting import voter_codes_generate, voting_count, voting_create

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APPLICATIONS = 2000
VOTERS = 20_000
VOTES = 50_000
SHORTLIST = 40
CODES = 30_000
VOTE_SECONDS = 10
VOTE_LUA = ROOT / "bench" / "vote.lua"
CSRF = "BenchCsrfToken0123456789abcdefgh"  # 32 characters: Django's unmasked secret length
BATCH = 5000


def _counted_vote(
    *,
    town: Any,
    coordinator: Any,
    fund: Any,
    category: Any,
    shortlist: list[Any],
    rng: random.Random,
    scale: int = 1,
) -> tuple[Any, int]:
    """A counted public vote: 20,000 voters, 50,000 votes (× scale); awards booked in the ledger."""
    from django.db import transaction
    from django.utils import timezone

    from logbuch.fund.models import PublicVote, PublicVoter, PublicVoting

    now = timezone.now()
    counted = voting_create(
        fund=fund,
        category=category,
        title="Bürgerhaushalt (ausgezählt)",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        votes_per_voter=5,
        allow_cumulation=True,
        budget_cents=2_000_000,
        applications=shortlist,
        actor=coordinator,
    )
    options = list(counted.options.order_by("pk").values_list("pk", flat=True))
    weights = [rng.random() ** 2 for _ in options]
    with transaction.atomic():
        PublicVoter.objects.bulk_create(
            [
                PublicVoter(
                    town=town,
                    voting=counted,
                    method=PublicVoter.Method.CODE,
                    identity_hash=f"{i:064x}",
                    voted_at=now - datetime.timedelta(days=2),
                )
                for i in range(VOTERS * scale)
            ],
            batch_size=BATCH,
        )
        votes: list[PublicVote] = []
        ballots = [uuid.uuid4() for _ in range(VOTERS * scale)]
        while len(votes) < VOTES * scale:
            ballot = ballots[len(votes) % len(ballots)]
            option = rng.choices(options, weights)[0]
            votes.append(
                PublicVote(town=town, voting=counted, option_id=option, points=1, ballot=ballot)
            )
        # One row per (ballot, option): merge repeats into points.
        merged: dict[tuple[uuid.UUID, int], PublicVote] = {}
        for vote in votes:
            key = (vote.ballot, vote.option_id)
            if key in merged:
                merged[key].points += 1
            else:
                merged[key] = vote
        PublicVote.objects.bulk_create(list(merged.values()), batch_size=BATCH)
        PublicVoting.objects.filter(pk=counted.pk).update(
            first_vote_at=now - datetime.timedelta(days=2)
        )
    voting_count(voting=counted, actor=coordinator)

    return counted, sum(v.points for v in merged.values())


def _analyze() -> None:
    """Planner statistics and the visibility map for the bulk-loaded fund tables, as autovacuum
    would leave them.

    The bench server runs without autovacuum; without statistics PostgreSQL guesses one row
    per table and, for example, sorts all 2,000 applications of the review queue instead of
    reading its first 25 from the arrival-order index (4.9 → 0.8 ms). Without the visibility
    map it cannot answer from an index alone: the vote page's counts over 30,000 voters read
    every table row instead of the index `fund_publicvoter_tally` (5.6 → 2.8 ms).
    """
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in apps.get_app_config("fund").get_models():
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def build(town: Any, coordinator: Any, *, seed: int = 5, scale: int = 1) -> dict[str, Any]:
    """Create the fund data in `town`; returns the ids the pages need."""
    from django.utils import timezone

    from logbuch.fund.models import (
        ApplicantType,
        Application,
        ApplicationStatus,
        Category,
        Decision,
        DecisionMode,
        Fund,
        FundSource,
    )

    rng = random.Random(seed)
    year = timezone.localdate().year
    now = timezone.now()
    Fund.objects.filter(town=town, name="Mitmach-Fonds Bench").delete()
    fund = fund_create(town=town, actor=coordinator, name="Mitmach-Fonds Bench", year=year)
    categories = []
    for name in ("Kultur", "Grün und Umwelt", "Miteinander", "Jugend"):
        category = Category(
            town=town,
            fund=fund,
            name=name,
            max_amount_cents=1_500_000,
            fast_track_max_cents=100_000,
            public_vote_enabled=True,
            in_kind_allowed=True,
        )
        category_save(category=category, actor=coordinator)
        categories.append(category)
        fund_source_add(
            fund=fund,
            actor=coordinator,
            kind=FundSource.Kind.TOWN_BUDGET,
            name=f"Haushalt ({name})",
            amount_cents=200_000_000 * scale,
            category=category,
        )
    types = [
        ApplicantType.VEREIN,
        ApplicantType.INITIATIVE,
        ApplicantType.PERSON,
        ApplicantType.SCHOOL,
        ApplicantType.BUSINESS,
    ]
    apps = [
        Application(
            town=town,
            fund=fund,
            category=categories[i % 4],
            applicant=coordinator,
            applicant_type=types[i % 5],
            organisation_name=f"Verein Nr. {i}",
            title=f"Projekt {i:04d}: {rng.choice(['Fest', 'Bank', 'Garten', 'Kino', 'Chor'])}",
            description="Ein Vorhaben für die Nachbarschaft. " * 3,
            location="Marktplatz",
            requested_cents=rng.randrange(20_000, 300_000, 500),
            own_money_cents=rng.randrange(0, 50_000, 500),
            in_kind_hours=rng.randrange(0, 60),
            contact_name="Bench Person",
            contact_email="antrag@bench.example",
            consent_publish=rng.random() < 0.7,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=now - datetime.timedelta(days=rng.randrange(5, 90)),
        )
        for i in range(APPLICATIONS * scale)
    ]
    Application.objects.bulk_create(apps, batch_size=BATCH)
    apps = list(Application.objects.filter(fund=fund).order_by("pk"))
    # A vote lists applications of its own category only.
    # ... and only those whose applicants agreed to publication.
    shortlist_counted = [
        a for a in apps if a.category_id == categories[0].pk and a.consent_publish
    ][:SHORTLIST]
    shortlist_open = [a for a in apps if a.category_id == categories[1].pk and a.consent_publish][
        :SHORTLIST
    ]
    listed = {a.pk for a in shortlist_counted + shortlist_open}
    for i, app in enumerate(a for a in apps if a.pk not in listed):
        if i % 6 == 5:
            continue  # stays submitted, waits for review
        rejected = i % 7 == 0
        application_decide(
            application=app,
            actor=coordinator,
            mode=DecisionMode.JURY,
            outcome=Decision.Outcome.REJECTED if rejected else Decision.Outcome.APPROVED_FULL,
            amount_cents=0 if rejected else app.requested_cents,
            reason="Passt zu den Zielen des Fonds." if not rejected else "Nicht förderfähig.",
            votes=(3, 1, 1),
        )
        if not rejected and i % 3 == 0:
            payout_make(application=app, actor=coordinator, idempotency_key=f"bench-{app.pk}")

    counted, votes_in_counted = _counted_vote(
        town=town,
        coordinator=coordinator,
        fund=fund,
        category=categories[0],
        shortlist=shortlist_counted,
        rng=rng,
        scale=scale,
    )

    # An open vote with 30,000 paper codes for the submission run.
    open_vote = voting_create(
        fund=fund,
        category=categories[1],
        title="Bürgerhaushalt (offen)",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=14),
        votes_per_voter=3,
        allow_cumulation=False,
        budget_cents=1_000_000,
        applications=shortlist_open,
        actor=coordinator,
    )
    codes = voter_codes_generate(voting=open_vote, count=5000, actor=coordinator)
    while len(codes) < CODES:
        codes += voter_codes_generate(voting=open_vote, count=5000, actor=coordinator)
    codes_file = Path(tempfile.gettempdir()) / f"logbuch-bench-codes-{os.getpid()}.txt"
    codes_file.write_text("\n".join(codes) + "\n")
    _analyze()
    return {
        "fund_id": fund.pk,
        "year": year,
        "counted_id": counted.pk,
        "open_id": open_vote.pk,
        "open_options": list(open_vote.options.order_by("pk").values_list("pk", flat=True)),
        "codes_file": str(codes_file),
        "votes_in_counted": votes_in_counted,
    }


def prepare(context: Any) -> None:
    from logbuch.towns.models import User

    town = context.dataset.towns[0]
    coordinator = User.objects.get(email=context.dataset.coordinators[0].email)
    started = time.perf_counter()
    context.state["fund"] = build(town, coordinator, scale=getattr(context, "scale", 1))
    context.state["fund_seconds"] = time.perf_counter() - started


def pages(context: Any) -> list[Any]:
    from bench.run import Page

    town = context.dataset.towns[0].slug
    coordinator = context.dataset.coordinators[0].email
    s = context.state["fund"]
    base = f"/{town}/fonds"
    return [
        Page(
            "fund public page",
            f"{base}/{s['fund_id']}/transparenz/",
            max_p95_ms=100,
            max_queries=12,
            expect_text="Geförderte Projekte",
        ),
        Page(
            "fund public page p.20",
            f"{base}/{s['fund_id']}/transparenz/?seite=20",
            max_p95_ms=100,
            max_queries=12,
            expect_text="Seite 20",
        ),
        Page(
            "fund werkschau",
            f"{base}/werkschau/",
            max_p95_ms=100,
            max_queries=6,
            expect_text="Werkschau",
        ),
        Page(
            "fund vote results",
            f"{base}/abstimmung/{s['counted_id']}/",
            max_p95_ms=100,
            max_queries=6,
            expect_text="Ergebnis",
        ),
        Page(
            "fund vote (open)",
            f"{base}/abstimmung/{s['open_id']}/",
            max_p95_ms=100,
            max_queries=6,
            expect_text="Weiter zum Stimmzettel",
        ),
        Page(
            "fund open data JSON",
            f"{base}/{s['fund_id']}/offene-daten.json",
            expect_text="projekte",
        ),
        Page(
            "fund year report",
            f"{base}/bericht/{s['year']}/",
            user=coordinator,
            max_p95_ms=100,
            max_queries=16,
            expect_text="Bericht",
        ),
        Page(
            "fund vote manage",
            f"{base}/abstimmung/{s['open_id']}/verwalten/",
            user=coordinator,
            max_p95_ms=100,
            max_queries=16,
            expect_text="Codes auf Papier",
        ),
        Page(
            "fund index", f"{base}/", user=coordinator, max_p95_ms=100, expect_text="Mitmach-Fonds"
        ),
        Page(
            "fund detail",
            f"{base}/{s['fund_id']}/",
            user=coordinator,
            max_p95_ms=100,
            expect_text="Mitmach-Fonds",
        ),
        Page(
            "fund review queue",
            f"{base}/verwaltung/{s['fund_id']}/antraege/",
            user=coordinator,
            max_p95_ms=100,
            expect_text="Mitmach-Fonds",
        ),
    ]


def _vote_run(url: str, state: dict[str, Any]) -> dict[str, float]:
    """wrk posts ballots for VOTE_SECONDS; returns its counters."""
    options = ",".join(str(o) for o in state["open_options"])
    command = [
        "wrk",
        "-t2",
        "-c8",
        f"-d{VOTE_SECONDS}s",
        "--timeout=5s",
        "-s",
        str(VOTE_LUA),
        url,
        "--",
        state["codes_file"],
        options,
        CSRF,
        "10",
        "2",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^VOTES (.*)$", output, re.MULTILINE)
    if not match:
        raise SystemExit(f"vote run gave no report:\n{output}")
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def measure(context: Any) -> dict[str, str]:
    """Vote submission through gunicorn + wrk, then count what the database holds."""
    from django.db import connection

    from bench.run import free_port, gunicorn
    from logbuch.fund.models import PublicVote, PublicVoter, PublicVoting
    from logbuch.fund.services.voting import voting_totals

    state = context.state["fund"]
    town = context.dataset.towns[0].slug
    connection.close()
    log = Path(tempfile.gettempdir()) / f"logbuch-bench-vote-{os.getpid()}.log"
    with gunicorn(dict(os.environ), free_port(), 2, log) as server:
        base = getattr(server, "url", server)
        result = _vote_run(f"{base}/{town}/fonds/abstimmung/{state['open_id']}/abgeben/", state)
    voting = PublicVoting.objects.get(pk=state["open_id"])
    voted = PublicVoter.objects.filter(voting=voting, voted_at__isnull=False).count()
    ballots = PublicVote.objects.filter(voting=voting).values("ballot").distinct().count()
    points = sum(voting_totals(voting=voting).values())
    accepted = int(result["accepted"])
    # wrk stops counting at the deadline while up to 8 requests are still in flight, so the
    # database may hold a few more ballots than wrk saw accepted, never fewer.
    intact = voted == ballots == points and accepted <= voted <= accepted + 8
    counted_votes = sum(
        voting_totals(voting=PublicVoting.objects.get(pk=state["counted_id"])).values()
    )
    Path(state["codes_file"]).unlink(missing_ok=True)
    scale = getattr(context, "scale", 1)
    return {
        f"fund dataset ({APPLICATIONS * scale:,} applications, {VOTES * scale:,} votes)": (
            f"{context.state['fund_seconds']:.0f} s"
        ),
        "fund votes in the counted vote": f"{counted_votes}",
        "vote submission (wrk -t2 -c8, 10 s)": (
            f"{result['accepted'] / result['seconds']:.0f} ballots/s accepted, "
            f"p95 {result['p95']:.1f} ms, {int(result['duplicates'])} duplicates sent, "
            f"{int(result['refused'])} refused, {int(result['other'])} other"
        ),
        "vote submission check": (
            f"{'ok' if intact else 'FAIL'}: {accepted} accepted by wrk (+ up to 8 in flight), "
            f"{voted} voters marked = {ballots} ballots = {points} votes in the database"
        ),
    }


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from logbuch.towns.models import Role, Town, User
    from logbuch.towns.services import membership_grant

    town, _ = Town.objects.get_or_create(
        slug="bench-1", defaults={"name": "Benchstadt 1", "bundesland": "SN"}
    )
    user = User.objects.filter(email="koordination@bench-1.example").first() or (
        User.objects.create_user("koordination@bench-1.example", "bench-passwort-1", name="K")
    )
    membership_grant(town=town, user=user, roles=[Role.COORDINATOR, Role.TOWN_ADMIN])
    started = time.perf_counter()
    info = build(town, user)
    print({k: v for k, v in info.items() if k != "open_options"})
    print(f"{time.perf_counter() - started:.1f} s")
