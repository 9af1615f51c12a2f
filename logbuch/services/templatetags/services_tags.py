from __future__ import annotations

from django import template
from django.utils.formats import number_format

from logbuch.core.status import Phase
from logbuch.services.status import REQUEST_PHASES, SERVICE_PHASES

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with one decimal in the current locale (90 -> "1,5")."""
    return number_format((minutes or 0) / 60, decimal_pos=1)


@register.filter
def percent(share: float) -> str:
    return number_format(share * 100, decimal_pos=0)


@register.filter
def service_phase(status: str) -> Phase:
    """{% status_badge service.status|service_phase service.get_status_display %}"""
    return SERVICE_PHASES[status]


@register.filter
def request_phase(status: str) -> Phase:
    return REQUEST_PHASES[status]
