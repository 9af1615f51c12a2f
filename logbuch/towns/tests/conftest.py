"""Fixtures of the towns tests (the ones every app uses are in the root conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from logbuch.towns.models import Role, Town, User


@pytest.fixture
def town_admin(town: Town, make_member: Callable[..., User]) -> User:
    """A person of the town's administration (who also coordinates, as in most towns)."""
    return make_member(town, Role.TOWN_ADMIN, Role.COORDINATOR)


@pytest.fixture
def media_storage(settings: Any, tmp_path: Path) -> Path:
    """Uploads (town logos) go to a fresh folder that disappears after the test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


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
