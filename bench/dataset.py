"""Builds N towns with M people each, fast (bulk inserts, one password hash reused).

As a script (uses DJANGO_SETTINGS_MODULE / DATABASE_URL like manage.py)::

    python bench/dataset.py --towns 50 --people 1000

From code (Django set up)::

    from bench.dataset import build
    data = build(towns=3, people=200)
    data.towns[0], data.coordinators[0].email, data.password

Town i is called "Benchstadt i" with slug "bench-i"; its coordinator logs in as
koordination@bench-i.example with PASSWORD. Every person has one role (plus a second one for
about one in ten, as in real towns); the mix follows a small town: mostly residents and
volunteers, a handful of staff and council members.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-passwort-1"
BATCH = 2000

FIRST_NAMES = [
    "Anna", "Lena", "Katrin", "Sabine", "Petra", "Monika", "Julia", "Sophie", "Marie", "Ines",
    "Thomas", "Michael", "Andreas", "Stefan", "Jens", "Uwe", "Lukas", "Felix", "Paul", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Braun", "Krüger",
    "Hofmann", "Lehmann", "Schmitt", "Werner", "Krause", "Lange", "Vogel", "Günther", "Frank",
]  # fmt: skip
# Share of people per role in a small town (the coordinator comes on top).
ROLE_MIX = [
    ("resident", 0.45),
    ("volunteer", 0.30),
    ("business", 0.08),
    ("staff", 0.10),
    ("council", 0.07),
]


@dataclass
class Dataset:
    towns: list[Any] = field(default_factory=list)
    coordinators: list[Any] = field(default_factory=list)
    password: str = PASSWORD
    people_per_town: int = 0


def _roles_for(n: int, rng: random.Random) -> list[str]:
    roles: list[str] = []
    for role, share in ROLE_MIX:
        roles += [role] * round(n * share)
    while len(roles) < n:
        roles.append("resident")
    rng.shuffle(roles)
    return roles[:n]


def _people(town: Any, people: int, password_hash: str, rng: random.Random) -> None:
    from logbuch.towns.models import Membership, Role, User

    users = [User(email=f"koordination@{town.slug}.example", name="Katrin Vogel")]
    roles: list[list[str]] = [[Role.COORDINATOR, Role.TOWN_ADMIN]]
    for n, role in enumerate(_roles_for(people, rng)):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        users.append(User(email=f"person{n}@{town.slug}.example", name=name))
        extra = ["volunteer"] if role != "volunteer" and rng.random() < 0.1 else []
        roles.append([role, *extra])
    for user in users:
        user.password = password_hash
    created = User.objects.bulk_create(users, batch_size=BATCH)
    if any(u.pk is None for u in created):  # databases without RETURNING
        ids = dict(
            User.objects.filter(email__endswith=f"@{town.slug}.example").values_list("email", "pk")
        )
        for user in created:
            user.pk = ids[user.email]
    Membership.objects.bulk_create(
        [
            Membership(town=town, user_id=user.pk, role=role)
            for user, user_roles in zip(created, roles, strict=True)
            for role in user_roles
        ],
        batch_size=BATCH,
    )


def build(*, towns: int = 2, people: int = 100, seed: int = 1, prefix: str = "bench") -> Dataset:
    """Creates the towns and people; returns them with one coordinator per town.

    Idempotent per prefix: towns whose slug already exists are reused, not duplicated.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from logbuch.towns.models import Town, User

    rng = random.Random(seed)
    password_hash = make_password(PASSWORD)
    data = Dataset(people_per_town=people)
    bundeslaender = ["SN", "TH", "ST", "BB", "MV", "NI", "BY", "HE"]
    with transaction.atomic():
        existing = {t.slug: t for t in Town.objects.filter(slug__startswith=f"{prefix}-")}
        new_towns = [
            Town(
                name=f"{prefix.capitalize()}stadt {i}",
                slug=f"{prefix}-{i}",
                bundesland=bundeslaender[i % len(bundeslaender)],
                population=people * 10 + i,
                contact_name="Koordinierungsstelle",
                contact_email=f"koordination@{prefix}-{i}.example",
            )
            for i in range(1, towns + 1)
            if f"{prefix}-{i}" not in existing
        ]
        Town.objects.bulk_create(new_towns, batch_size=BATCH)
        all_towns = list(
            Town.objects.filter(slug__in=[f"{prefix}-{i}" for i in range(1, towns + 1)]).order_by(
                "pk"
            )
        )
        fresh = {t.slug for t in new_towns}
        for town in all_towns:
            if town.slug in fresh:
                _people(town, people, password_hash, rng)
    data.towns = all_towns
    coordinators = {
        u.email: u
        for u in User.objects.filter(
            email__in=[f"koordination@{t.slug}.example" for t in all_towns]
        )
    }
    data.coordinators = [coordinators[f"koordination@{t.slug}.example"] for t in all_towns]
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--towns", type=int, default=2)
    parser.add_argument("--people", type=int, default=100, help="people per town")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="bench")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    started = time.perf_counter()
    data = build(towns=args.towns, people=args.people, seed=args.seed, prefix=args.prefix)
    seconds = time.perf_counter() - started
    print(
        f"{len(data.towns)} towns with {args.people} people each in {seconds:.1f} s; "
        f"coordinator login: {data.coordinators[0].email} / {data.password}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
