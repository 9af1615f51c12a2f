"""Template helpers of the Anlaufstelle."""

from __future__ import annotations

from django import template

from logbuch.core.status import Phase
from logbuch.desk.status import BOARD_PHASES, CONCERN_PHASES, THANKS_PHASES

register = template.Library()


@register.filter(is_safe=True)
def ugc(value: str) -> str:
    """After Django's `urlize`: mark links in what people typed as user content.

    `{{ text|urlize|ugc|linebreaksbr }}`: urlize escapes the text and links only http(s),
    www. and e-mail addresses (never `javascript:`); this adds "ugc" to its rel="nofollow".
    Safe output stays safe (is_safe); anything else is escaped as usual.
    """
    return value.replace(' rel="nofollow"', ' rel="nofollow ugc"')


@register.filter
def concern_phase(status: str) -> Phase:
    """{% status_badge concern.status|concern_phase concern.get_status_display %}"""
    return CONCERN_PHASES[status]


@register.filter
def board_phase(status: str) -> Phase:
    return BOARD_PHASES[status]


@register.filter
def thanks_phase(status: str) -> Phase:
    return THANKS_PHASES[status]
