"""Number formatting for result pages (cheaper than `floatformat` on pages with ~1,000 figures)
and row links for list pages."""

from __future__ import annotations

from fractions import Fraction

from django import template
from django.utils.formats import get_format

from logbuch.core.listing import RowUrl
from logbuch.logbook.results import format_number

register = template.Library()


@register.filter
def num(value: Fraction | float | None, digits: int = 1) -> str:
    """A number with `digits` decimals and the active language's decimal separator."""
    if value == "":
        return "–"
    return format_number(value, int(digits), str(get_format("DECIMAL_SEPARATOR")))


@register.filter
def percent(value: Fraction | float | None) -> str:
    """A share (0..1) as a whole percentage."""
    if value is None:
        return "–"
    return f"{round(float(value) * 100)} %"


@register.filter
def with_pk(url: RowUrl, pk: int) -> str:
    """A row's link: `{{ detail_url|with_pk:m.pk }}` with a core.listing.RowUrl."""
    return url(pk)
