"""Expanding shift plans: RFC 5545 rules, exceptions, holidays per Land, daylight saving."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from logbuch.services import recurrence
from logbuch.services.errors import InvalidRule
from logbuch.services.recurrence import BERLIN
from logbuch.towns.models import Bundesland

LANDS = [b.value for b in Bundesland]


@st.composite
def plans(draw):
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))
    interval = draw(st.integers(1, 3))
    start_hour = draw(st.integers(0, 20))
    length = draw(st.integers(1, 23 - start_hour))
    starts_on = draw(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
    return {
        "rule": recurrence.weekly_rule(days, interval),
        "starts_on": starts_on,
        "start_time": time(start_hour, draw(st.sampled_from([0, 15, 30, 45]))),
        "end_time": time(start_hour + length),
        "bundesland": draw(st.sampled_from(LANDS)),
        "window_start": starts_on + timedelta(days=draw(st.integers(0, 60))),
        "weeks": draw(st.integers(1, 30)),
    }


def _expand(plan, *, skip_holidays=True, skip_dates=()):
    return recurrence.expand(
        rule=plan["rule"],
        starts_on=plan["starts_on"],
        ends_on=None,
        start_time=plan["start_time"],
        end_time=plan["end_time"],
        skip_dates=skip_dates,
        bundesland=plan["bundesland"],
        skip_holidays=skip_holidays,
        window_start=plan["window_start"],
        window_end=plan["window_start"] + timedelta(weeks=plan["weeks"]),
    )


@settings(max_examples=150, deadline=None)
@given(plans())
def test_expansion_matches_the_rule_minus_holidays(plan):
    flagged = _expand(plan, skip_holidays=False)
    skipped = _expand(plan)
    end = plan["window_start"] + timedelta(weeks=plan["weeks"])
    holidays = recurrence.public_holidays(plan["bundesland"], plan["window_start"], end)
    # Same days as dateutil gives for the rule, within the window.
    from datetime import datetime  # noqa: PLC0415

    expected = [
        d.date()
        for d in rrulestr(
            plan["rule"], dtstart=datetime.combine(plan["starts_on"], time())
        ).between(
            datetime.combine(plan["window_start"], time()), datetime.combine(end, time()), inc=True
        )
    ]
    assert [o.day for o in flagged] == expected
    assert [o.day for o in skipped] == [d for d in expected if d not in holidays]
    assert all(o.holiday == holidays.get(o.day, "") for o in flagged)
    assert not any(o.holiday for o in skipped)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_local_times_hold_across_daylight_saving(plan):
    for o in _expand(plan, skip_holidays=False):
        start = o.starts_at.astimezone(BERLIN)
        assert start.date() == o.day
        # The wall-clock time is kept, except inside the spring gap (moved one hour on).
        gap = start.replace(tzinfo=None).time() != plan["start_time"]
        if gap:
            assert start.utcoffset() == timedelta(hours=2)
            assert plan["start_time"].hour == 2
        assert o.ends_at > o.starts_at
        assert o.ends_at.astimezone(BERLIN).time() == plan["end_time"] or plan["end_time"].hour == 2


def test_a_shift_wholly_inside_the_spring_gap_is_left_out_that_night():
    """02:00–03:00 does not exist on 31 March 2024: found by the hypothesis test above,
    which drew that plan and got a shift that ended when it started."""
    occurrences = recurrence.expand(
        rule="FREQ=DAILY",
        starts_on=date(2024, 3, 30),
        ends_on=date(2024, 4, 1),
        start_time=time(2),
        end_time=time(3),
        window_start=date(2024, 3, 30),
        window_end=date(2024, 4, 1),
        skip_holidays=False,
    )
    assert [o.day for o in occurrences] == [date(2024, 3, 30), date(2024, 4, 1)]
    assert all(o.ends_at - o.starts_at == timedelta(hours=1) for o in occurrences)


def test_a_shift_on_the_dst_days_keeps_its_local_hours():
    occurrences = recurrence.expand(
        rule="FREQ=WEEKLY;BYDAY=SU",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 11, 1),
        start_time=time(8),
        end_time=time(12),
        window_start=date(2026, 3, 29),
        window_end=date(2026, 10, 25),
        skip_holidays=False,
    )
    spring, autumn = occurrences[0], occurrences[-1]
    assert spring.day == date(2026, 3, 29) and autumn.day == date(2026, 10, 25)
    assert spring.starts_at.astimezone(BERLIN).hour == 8
    assert spring.starts_at.hour == 6  # UTC, summer time (+2)
    assert autumn.starts_at.hour == 7  # UTC, winter time (+1)
    assert autumn.ends_at - autumn.starts_at == timedelta(hours=4)


def test_holidays_follow_the_land():
    plan = {
        "rule": "FREQ=DAILY",
        "starts_on": date(2026, 10, 30),
        "start_time": time(8),
        "end_time": time(12),
        "window_start": date(2026, 10, 30),
        "weeks": 3,
    }
    saxony = [o.day for o in _expand({**plan, "bundesland": "SN"})]
    bavaria = [o.day for o in _expand({**plan, "bundesland": "BY"})]
    assert date(2026, 10, 31) not in saxony  # Reformationstag
    assert date(2026, 11, 18) not in saxony  # Buß- und Bettag
    assert date(2026, 10, 31) in bavaria
    assert date(2026, 11, 1) not in bavaria  # Allerheiligen
    flagged = _expand({**plan, "bundesland": "SN"}, skip_holidays=False)
    assert {o.day: o.holiday for o in flagged}[date(2026, 10, 31)] == "Reformationstag"


def test_exceptions_are_skipped():
    plan = {
        "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "starts_on": date(2026, 12, 1),
        "start_time": time(8),
        "end_time": time(12),
        "window_start": date(2026, 12, 1),
        "weeks": 1,
        "bundesland": "SN",
    }
    days = [o.day for o in _expand(plan, skip_dates=["2026-12-03"])]
    assert date(2026, 12, 3) not in days and date(2026, 12, 2) in days


def test_every_second_saturday():
    days = [
        o.day
        for o in recurrence.expand(
            rule=recurrence.weekly_rule([5], 2),
            starts_on=date(2026, 12, 5),
            ends_on=None,
            start_time=time(9),
            end_time=time(13),
            window_start=date(2026, 12, 1),
            window_end=date(2027, 1, 31),
        )
    ]
    assert days[:3] == [date(2026, 12, 5), date(2026, 12, 19), date(2027, 1, 2)]


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("", "wann sich die Schicht wiederholt"),
        ("FREQ=HOURLY", "FREQ=DAILY"),
        ("FREQ=WEEKLY;BYDAY=XX", "nicht lesbar"),
        ("FREQ=WEEKLY;BYHOUR=8", "eigenen Feldern"),
        ("DTSTART=20260101;FREQ=DAILY", "eigenen Feldern"),
        ("jeden Montag", "kein Teil einer Regel"),
    ],
)
def test_invalid_rules_are_explained(rule, reason):
    with pytest.raises(InvalidRule, match=reason):
        recurrence.normalise_rule(rule)


def test_rules_are_normalised():
    assert recurrence.normalise_rule(" rrule:freq=weekly; byday=mo,fr ") == (
        "FREQ=WEEKLY;BYDAY=MO,FR"
    )
