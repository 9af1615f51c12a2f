"""Small helpers the logbook's tests share (fixtures are in conftest.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from logbuch.logbook.models import Round
from logbuch.logbook.services.participation import DraftEntry
from logbuch.logbook.tests.results_data import open_round
from logbuch.towns.models import Town


def url(name: str, town: Town, **kw: Any) -> str:
    return reverse(f"logbook:{name}", kwargs={"town_slug": town.slug, **kw})


def entry(value: int | None = 3, comment: str = "", *, dont_know: bool = False) -> DraftEntry:
    """One Stellschraube's Einschätzung as a draft entry."""
    return DraftEntry(
        value=value,
        dont_know=dont_know,
        comment=comment,
        evidence_text="",
        evidence_date=None,
        evidence_url="",
    )


def live_round(town: Town) -> Round:
    """An anonymous round of staff, council and volunteers that takes answers today."""
    round_ = open_round(town, groups=["staff", "council", "volunteer"], anonymous=True)
    round_.starts_on = timezone.localdate() - datetime.timedelta(days=1)
    round_.save(update_fields=["starts_on"])
    return round_
