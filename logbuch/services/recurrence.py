"""Expanding a shift plan into dated shifts: RFC 5545 rules, exceptions, public holidays.

Pure functions (no database), so the expansion is tested with hypothesis across holidays and
the daylight-saving changes. Plans hold local wall-clock times in Europe/Berlin; the stored
shift times are aware datetimes. A start time that does not exist on the spring change
(02:00–03:00) is read with the offset before the change, i.e. one hour later on the clock;
an ambiguous autumn time is read as the first (summer-time) occurrence. A shift that lies
wholly inside the spring gap (say 02:00–03:00) lasts no time on that night and is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrule, rrulestr
from django.utils.translation import gettext as _

from .errors import InvalidRule

BERLIN = ZoneInfo("Europe/Berlin")
ALLOWED_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
# Times come from the plan's start and end fields; a rule may only pick days.
FORBIDDEN_PARTS = frozenset({"DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND"})
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def normalise_rule(text: str) -> str:
    """The rule in canonical form, or InvalidRule with a German reason."""
    cleaned = " ".join(text.split()).upper().removeprefix("RRULE:").strip().strip(";")
    if not cleaned:
        raise InvalidRule(_("Bitte geben Sie an, wann sich die Schicht wiederholt."))
    parts: dict[str, str] = {}
    for chunk in cleaned.split(";"):
        key, sep, value = chunk.partition("=")
        if not sep or not key or not value:
            raise InvalidRule(
                _("„%(part)s“ ist kein Teil einer Regel (Form: SCHLÜSSEL=Wert).") % {"part": chunk}
            )
        parts[key.strip()] = value.strip()
    forbidden = FORBIDDEN_PARTS & set(parts)
    if forbidden:
        raise InvalidRule(
            _("%(parts)s gehört nicht in die Regel: Beginn und Ende stehen in eigenen Feldern.")
            % {"parts": ", ".join(sorted(forbidden))}
        )
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise InvalidRule(
            _("Die Regel braucht FREQ=DAILY, WEEKLY, MONTHLY oder YEARLY (täglich bis jährlich).")
        )
    canonical = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        _rule(canonical, date(2000, 1, 3))
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidRule(_("Die Regel ist nicht lesbar (%(detail)s).") % {"detail": exc}) from exc
    return canonical


def weekly_rule(weekdays: Iterable[int], interval: int = 1) -> str:
    """FREQ=WEEKLY for these weekdays (0 = Monday), every `interval`-th week."""
    days = ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays)))
    rule = f"FREQ=WEEKLY;BYDAY={days}"
    return f"{rule};INTERVAL={interval}" if interval > 1 else rule


def _rule(rule: str, starts_on: date) -> rrule:
    parsed = rrulestr(rule, dtstart=datetime.combine(starts_on, time()), forceset=False)
    if not isinstance(parsed, rrule):
        raise ValueError("not a single rule")
    return parsed


@lru_cache(maxsize=64)
def _holidays(bundesland: str, year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("DE", subdiv=bundesland or None, years=year).items())


def public_holidays(bundesland: str, start: date, end: date) -> dict[date, str]:
    """Public holidays of Germany and the Land between two days (inclusive)."""
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update({d: n for d, n in _holidays(bundesland, year).items() if start <= d <= end})
    return found


@dataclass(frozen=True)
class Occurrence:
    day: date
    starts_at: datetime
    ends_at: datetime
    holiday: str


def local(day: date, at: time) -> datetime:
    """The aware UTC instant of a Berlin wall-clock time on a day (see the module docstring)."""
    return datetime.combine(day, at, tzinfo=BERLIN).astimezone(UTC)


def expand(
    *,
    rule: str,
    starts_on: date,
    ends_on: date | None,
    start_time: time,
    end_time: time,
    skip_dates: Iterable[str] = (),
    bundesland: str = "",
    skip_holidays: bool = True,
    window_start: date,
    window_end: date,
) -> list[Occurrence]:
    """The shifts of a plan whose day lies in [window_start, window_end], in order.

    Days listed in `skip_dates` never get a shift; public holidays of the Land are skipped
    or kept with their name, as the plan says.
    """
    lo = max(starts_on, window_start)
    hi = min(ends_on, window_end) if ends_on else window_end
    if lo > hi:
        return []
    days = [
        d.date()
        for d in _rule(rule, starts_on).between(
            datetime.combine(lo, time()), datetime.combine(hi, time()), inc=True
        )
    ]
    skipped = {date.fromisoformat(s) for s in skip_dates}
    holiday_names = public_holidays(bundesland, lo, hi)
    out = []
    for day in days:
        if day in skipped:
            continue
        holiday = holiday_names.get(day, "")
        if holiday and skip_holidays:
            continue
        starts_at, ends_at = local(day, start_time), local(day, end_time)
        if ends_at <= starts_at:  # wholly inside the spring gap: that hour does not exist
            continue
        out.append(Occurrence(day, starts_at, ends_at, holiday))
    return out
