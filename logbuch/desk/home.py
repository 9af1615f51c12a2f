"""The Anlaufstelle's panel on the town's start page (found by `app_hook_modules("home")`).

`home_panel(town)` returns the template and its context, plus `key`: every input the panel
shows, so the start page's cached body changes when any of them does.
"""

from __future__ import annotations

from typing import Any

from logbuch.towns.models import Town

from . import selectors


def home_panel(town: Town) -> dict[str, Any] | None:
    open_now = selectors.open_now(town)
    contacts = selectors.home_contacts(town)
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
