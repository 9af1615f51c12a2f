"""The logbook's block of the Wochenpost (found by `app_hook_modules("weekly")`): measures
taken on this week. Proposals for measures join it once members can propose them."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from logbuch.towns.hooks import WeeklySection
from logbuch.towns.models import Town

from .models import Measure

LINES = 10


def weekly_section(
    town: Town, *, since: datetime.datetime, until: datetime.datetime
) -> WeeklySection | None:
    titles = list(
        Measure.objects.in_town(town)
        .filter(created_at__gte=since, created_at__lt=until)
        .order_by("-created_at", "-pk")
        .values_list("title", flat=True)[:LINES]
    )
    if not titles:
        return None
    return WeeklySection(_("Neue Maßnahmen im Logbuch:"), titles)
