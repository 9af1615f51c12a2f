"""Number formatting for result pages (cheaper than `floatformat` on pages with ~1,000 figures)
and row links for list pages."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import get_format

from logbuch.core.status import Phase
from logbuch.logbook.results import format_number
from logbuch.logbook.selectors.results import cell_label
from logbuch.logbook.status import JOURNAL_PHASES, MEASURE_PHASES, ROUND_PHASES

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
    return f"{round(float(value) * 100)}\u00a0%"  # no-break space: "10 %" stays on one line


@register.filter
def side_label(results: Any, key: str) -> str:
    """ "Profis (Hauptberufliche)" etc. with the groups this round counts on that side."""
    return cell_label(key, results.sides, results.round.groups)


@register.filter
def measure_phase(status: str) -> Phase:
    """{% status_badge m.status|measure_phase m.status_label %}"""
    return MEASURE_PHASES[status]


@register.filter
def round_phase(status: str) -> Phase:
    return ROUND_PHASES[status]


@register.filter
def journal_phase(status: str) -> Phase:
    return JOURNAL_PHASES[status]
