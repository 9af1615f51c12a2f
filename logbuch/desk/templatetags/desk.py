"""Template helpers of the Anlaufstelle."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter(is_safe=True)
def ugc(value: str) -> str:
    """After Django's `urlize`: mark links in what people typed as user content.

    `{{ text|urlize|ugc|linebreaksbr }}`: urlize escapes the text and links only http(s),
    www. and e-mail addresses (never `javascript:`); this adds "ugc" to its rel="nofollow".
    Safe output stays safe (is_safe); anything else is escaped as usual.
    """
    return value.replace(' rel="nofollow"', ' rel="nofollow ugc"')
