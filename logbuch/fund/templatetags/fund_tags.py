from __future__ import annotations

from django import template

from logbuch.fund.money import euro as _euro

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """{{ amount_cents|euro }} -> '1.500,00 €'."""
    return _euro(cents)
