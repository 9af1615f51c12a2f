"""The Anlaufstelle's panel on the town's start page (found by `app_hook_modules("home")`).

`home_panel(town)` returns the template and its context, plus `key`: every input the panel
shows, so the start page's cached body changes when any of them does.

The stored inputs (weekly hours, coming closures, contact persons) are cached on this app server
under the town's `panels_version`, which `desk.signals` counts up on every change of the office,
its hours and closures or the contact persons, and under today's date (closures are "from today
on"). Only "open now / until when" is worked out per request, from the cached hours and the
clock, so the start page reads no table of the Anlaufstelle on the cached path.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.utils import timezone

from logbuch.towns.models import Town

from . import selectors
from .calendar import open_today

PANEL_SECONDS = 60 * 60


def _inputs(town: Town) -> tuple[bool, list[Any], list[Any], list[Any]]:
    cache = caches["pages"]
    key = f"desk:home-panel:{town.pk}:{town.panels_version}:{timezone.localdate().isoformat()}"
    hit: tuple[bool, list[Any], list[Any], list[Any]] | None = cache.get(key)
    if hit is not None:
        return hit
    office, hours, closures = selectors.office_with_hours(town)
    inputs = (office is not None, hours, closures, selectors.home_contacts(town))
    cache.set(key, inputs, PANEL_SECONDS)
    return inputs


def home_panel(town: Town) -> dict[str, Any] | None:
    has_office, hours, closures, contacts = _inputs(town)
    open_now = (
        open_today(
            bundesland=town.bundesland, hours=hours, closures=closures, now=timezone.localtime()
        )
        if has_office and hours
        else None
    )
    if open_now is None and not contacts:
        return None
    return {
        "template": "desk/home_panel.html",
        "open_now": open_now,
        "contacts": contacts,
        "key": (
            open_now,
            [(c.pk, c.name, c.topics, c.office_hours, c.how_to_reach) for c in contacts],
        ),
    }
