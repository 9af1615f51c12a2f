"""When the office is open: weekly hours minus closures and the Bundesland's public holidays."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import holidays
from django.utils.translation import gettext as _

from .models import Closure, HoursKind, OpeningHours


@cache
def _holidays(bundesland: str, year: int) -> dict[datetime.date, str]:
    return dict(
        holidays.country_holidays("DE", subdiv=bundesland or None, years=year, language="de")
    )


def holiday_name(bundesland: str, day: datetime.date) -> str | None:
    """The public holiday on this day in the Land (nationwide ones included), else None."""
    return _holidays(bundesland, day.year).get(day)


def closure_on(closures: Iterable[Closure], day: datetime.date) -> Closure | None:
    return next((c for c in closures if c.first_day <= day <= c.last_day), None)


@dataclass(frozen=True)
class DayState:
    day: datetime.date
    closed_reason: str | None  # a holiday's name or a closure's reason; None if not closed
    periods: list[OpeningHours]

    @property
    def is_open(self) -> bool:
        return self.closed_reason is None and bool(self.periods)


def day_state(
    *,
    bundesland: str,
    hours: Iterable[OpeningHours],
    closures: Iterable[Closure],
    day: datetime.date,
    kind: HoursKind = HoursKind.OPEN,
) -> DayState:
    periods = [h for h in hours if h.weekday == day.weekday() and h.kind == kind]
    holiday = holiday_name(bundesland, day)
    if holiday:
        return DayState(day, holiday, periods)
    closure = closure_on(closures, day)
    if closure is not None:
        return DayState(day, closure.reason or _("geschlossen"), periods)
    return DayState(day, None, periods)


@dataclass(frozen=True)
class OpenNow:
    """For the start page: "heute geöffnet bis 18 Uhr" / "heute geschlossen (Feiertag)"."""

    open_today: bool
    until: datetime.time | None  # closing time of the current or next period today
    closed_reason: str | None
    later_today: datetime.time | None  # opens again later today


def open_today(
    *,
    bundesland: str,
    hours: Iterable[OpeningHours],
    closures: Iterable[Closure],
    now: datetime.datetime,
) -> OpenNow:
    """`now` in local time. Open today means some period today has not ended yet."""
    state = day_state(bundesland=bundesland, hours=hours, closures=closures, day=now.date())
    if not state.is_open:
        return OpenNow(False, None, state.closed_reason, None)
    current = now.time()
    for period in sorted(state.periods, key=lambda p: p.opens):
        if period.opens <= current < period.closes:
            return OpenNow(True, period.closes, None, None)
        if current < period.opens:
            return OpenNow(True, None, None, period.opens)
    return OpenNow(False, None, None, None)
