from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with one decimal in the current locale (90 -> "1,5")."""
    return number_format((minutes or 0) / 60, decimal_pos=1)


@register.filter
def percent(share: float) -> str:
    return number_format(share * 100, decimal_pos=0)
