"""Number formatting for result pages (cheaper than `floatformat` on pages with ~1,000 figures)
and row links for list pages."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
def cell_mean(cell: Any) -> SafeString | str:
    """The mean of a result cell, or why it is not shown."""
    if cell.hidden:
        return format_html('<span class="suppressed">{}</span>', _("zu wenige Antworten"))
    if not cell.shown:
        return format_html('<span class="muted">{}</span>', _("keine Antworten"))
    mean = cell.counts.mean
    if mean is None:
        return format_html('<span class="muted">{}</span>', _("nur „weiß nicht“"))
    return num(mean)


@register.filter
def with_pk(url: RowUrl, pk: int) -> str:
    """A row's link: `{{ detail_url|with_pk:m.pk }}` with a core.listing.RowUrl."""
    return url(pk)


@register.simple_tag
def select_options(options: Iterable[tuple[Any, Any]], current: str | None) -> SafeString:
    """The `<option>`s of a filter select, `current` selected (one tag call instead of
    template nodes per option; the lever filter has a few dozen)."""
    chosen = "" if current is None else str(current)
    parts = []
    for value, text in options:
        v = str(value)
        parts.append(
            f'<option value="{conditional_escape(v)}"{" selected" if v == chosen else ""}>'
            f"{conditional_escape(text)}</option>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)
