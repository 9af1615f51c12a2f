from __future__ import annotations

from django import template

from logbuch.core.status import Phase
from logbuch.fund.money import euro as _euro
from logbuch.fund.status import APPLICATION_PHASES, VOTING_PHASES

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """{{ amount_cents|euro }} -> '1.500,00 €', with a no-break space: the sign never wraps
    onto a line of its own."""
    return _euro(cents).replace(" ", "\u00a0")


@register.filter
def application_phase(status: str) -> Phase:
    """{% status_badge app.status|application_phase label %}"""
    return APPLICATION_PHASES[status]


@register.filter
def voting_phase(status: str) -> Phase:
    return VOTING_PHASES[status]
