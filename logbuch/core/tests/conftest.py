"""Fixtures of the core tests (the ones every app uses are in the root conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def template_dir(settings: Any, tmp_path: Path) -> Path:
    """A template folder searched before all others, e.g. for a town's own legal texts."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return tmp_path
