"""Fixtures of the towns tests (the ones every app uses are in the root conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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
