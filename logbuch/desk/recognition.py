"""The Anlaufstelle hears of milestones (`app_hook_modules("recognition")`): the Daseinsvorsorge
calls `milestone_reached` when a person's confirmed hours in a year cross 50, 100, 250 …

The town says Danke in the coordination office's name. Like every Danke to a person, the note
waits until the person puts it on the Dankeswand or keeps it to themselves; nobody's hours are
shown without their consent.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from logbuch.towns.models import Town, User

from .services.thanks import thanks_give


def milestone_reached(*, town: Town, user: User, hours: int, year: int) -> None:
    # Notes on the wall are the town's German text, whatever language the confirming page had.
    with translation.override(settings.LANGUAGE_CODE):
        thanks_give(
            town=town,
            from_name=_("Die Anlaufstelle von %(town)s") % {"town": town.name},
            recipient=user,
            text=_(
                "%(hours)d Stunden im Ehrenamt im Jahr %(year)d – danke, dass Sie so viel "
                "für %(town)s tun!"
            )
            % {"hours": hours, "year": year, "town": town.name},
        )
