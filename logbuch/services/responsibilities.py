"""The Organigramm for the Anlaufstelle (found by `app_hook_modules("responsibilities")`):
who holds or deputises which current responsibility, so concerns go to the right person."""

from __future__ import annotations

from django.utils.translation import gettext as _

from logbuch.towns.hooks import Responsible
from logbuch.towns.models import Town

from .selectors import responsibilities_for_town


def responsibilities(town: Town) -> list[Responsible]:
    out = []
    for item in responsibilities_for_town(town):
        what = f"{item.service.name if item.service else item.area}: {item.title}"
        if item.holder_id:
            out.append(Responsible(item.holder_id, what))
        if item.deputy_id:
            out.append(Responsible(item.deputy_id, _("%(what)s (Vertretung)") % {"what": what}))
    return out
