"""What every app's tests share: towns, people with roles, signed-in clients, empty caches.

An app's own fixtures live in its `logbuch/<app>/tests/conftest.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps.registry import Apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from logbuch.towns.models import Role, Town, User
from logbuch.towns.tests.factories import MembershipFactory, TownFactory, UserFactory


def pytest_sessionstart(session: Any) -> None:
    """Compile the .mo files (git-ignored) when missing or older than their .po.

    Runs in the controlling process before pytest-xdist starts its workers, so workers never
    race on writing the same file.
    """
    if hasattr(session.config, "workerinput"):
        return
    for po in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:  # English pages then fall back to German; `make test` installs it
            print(f"msgfmt is missing (apt-get install gettext): {mo} not compiled")
            return
        tmp = mo.with_suffix(".mo.tmp")
        subprocess.run([msgfmt, "--check", "-o", str(tmp), str(po)], check=True)  # noqa: S603
        tmp.replace(mo)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Tests marked `postgres` need real row locks; they are skipped on SQLite."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (row locks)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


def _memory_or_redis(alias: str) -> bool:
    # On Redis (REDIS_URL) the test backend clears only this process's keys (KEY_PREFIX).
    return str(settings.CACHES[alias]["BACKEND"]).endswith(
        ("LocMemCache", "PrefixScopedRedisCache")
    )


@pytest.fixture(autouse=True)
def _empty_caches() -> Iterator[None]:
    """Every test starts with empty caches (they outlive a test's database transaction)."""
    for alias in settings.CACHES:
        if _memory_or_redis(alias):
            caches[alias].clear()
    yield


def pytest_sessionfinish(session: Any) -> None:
    """Leave no keys of this test process behind in a shared Redis."""
    if "django" not in sys.modules or not settings.configured:
        return
    for alias in settings.CACHES:
        if _memory_or_redis(alias):
            caches[alias].clear()


@pytest.fixture
def town(db: None) -> Town:
    return TownFactory(name="Musterstadt", slug="musterstadt")


@pytest.fixture
def other_town(db: None) -> Town:
    return TownFactory(name="Beispieldorf", slug="beispieldorf")


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    """make_member(town, Role.COORDINATOR, ...) -> a user holding these roles in the town."""

    def make(town: Town, *roles: Role, **user_fields: Any) -> User:
        user = UserFactory(**user_fields)
        for role in roles or (Role.VOLUNTEER,):
            MembershipFactory(town=town, user=user, role=role)
        return user

    return make


@pytest.fixture
def coordinator(town: Town, make_member: Callable[..., User]) -> User:
    return make_member(town, Role.COORDINATOR)


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def coordinator_client(coordinator: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(coordinator)


@pytest.fixture
def migrate_to(transactional_db: None) -> Iterator[Callable[[tuple[str, str]], Apps]]:
    """migrate_to(("towns", "0004_…")) -> the models as they were at that migration.

    Going back also unapplies other apps' migrations that depend on the later ones; afterwards
    every app is migrated to its latest state again, so later tests find all their tables.
    """

    def migrate(target: tuple[str, str]) -> Apps:
        executor = MigrationExecutor(connection)
        executor.migrate([target])
        executor.loader.build_graph()
        return executor.loader.project_state([target]).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
