"""Fixtures of the Anlaufstelle's tests."""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from logbuch.desk.forms import started_token
from logbuch.desk.models import HoursKind, Office
from logbuch.towns.models import Town

from .factories import OfficeFactory, OpeningHoursFactory


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    """Uploads go to a temporary private storage, never into the project."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def office(town: Town) -> Office:
    """Open Monday to Friday 9–18, Sprechstunde on Thursdays 14–16."""
    office = OfficeFactory(town=town)
    for weekday in range(5):
        OpeningHoursFactory(town=town, office=office, weekday=weekday)
    OpeningHoursFactory(
        town=town,
        office=office,
        kind=HoursKind.CONSULTATION,
        weekday=3,
        opens=datetime.time(14),
        closes=datetime.time(16),
    )
    return office


@pytest.fixture
def started() -> str:
    """A form shown ten seconds ago (past the minimum fill time)."""
    return started_token(time.time() - 10)


@pytest.fixture
def concern_post(started: str) -> Callable[..., dict[str, Any]]:
    def make(**overrides: Any) -> dict[str, Any]:
        data = {
            "kind": "worry",
            "category": "traffic",
            "text": "Die Laterne am Spielplatz ist aus.",
            "place": "Lindenstraße",
            "anonymous": "1",
            "gestartet": started,
            "webseite": "",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


def jpeg_with_gps() -> bytes:
    """A small JPEG carrying EXIF GPS tags (latitude/longitude of Dresden)."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Telefonhersteller"  # Make
    gps = {1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (13.0, 44.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def gps_photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
