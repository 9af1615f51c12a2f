"""Building rounds with answers for the results, reports and measures tests (no answer flow)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from django.utils import timezone

from logbuch.logbook.models import Answer, Lever, Round, RoundLever, RoundStatus
from logbuch.logbook.tests.factories import RoundFactory
from logbuch.towns.models import Town

ALL_GROUPS = ["staff", "council", "volunteer", "resident", "business"]
GAP_LEVER = "Gegenseitiges Verständnis"


def open_round(
    town: Town,
    *,
    groups: Iterable[str] = ("staff", "volunteer"),
    starts_on: datetime.date | None = None,
    closed: bool = False,
    anonymous: bool = False,
    title: str | None = None,
) -> Round:
    """A round with all the town's current Stellschrauben (22 for the guide's catalogue)."""
    start = starts_on or timezone.localdate() - datetime.timedelta(days=7)
    # A closed round closed the day after its end, or now if that day is still to come.
    closed_at = min(
        timezone.now(),
        timezone.make_aware(
            datetime.datetime.combine(start + datetime.timedelta(days=29), datetime.time(2))
        ),
    )
    round_ = RoundFactory(
        town=town,
        groups=list(groups),
        starts_on=start,
        ends_on=start + datetime.timedelta(days=28),
        anonymous=anonymous,
        status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
        closed_at=closed_at if closed else None,
        **({"title": title} if title else {}),
    )
    RoundLever.objects.bulk_create(
        RoundLever(town=town, round=round_, lever=lever, position=i)
        for i, lever in enumerate(levers_of(town), start=1)
    )
    return round_


def levers_of(town: Town) -> list[Lever]:
    return list(Lever.objects.for_town(town).order_by("area__position", "position", "id"))


def add_answers(
    round_: Round, lever: Lever, group: str, values: Iterable[int | None], comment: str = ""
) -> None:
    """One answer per value; None means "weiß nicht"."""
    Answer.objects.bulk_create(
        Answer(
            town=round_.town,
            round=round_,
            lever=lever,
            group=group,
            value=v,
            dont_know=v is None,
            comment=comment,
        )
        for v in values
    )


def round_with_a_gap(town: Town) -> Round:
    """A closed round "Check 2026" of staff and volunteers, three answers each on every
    Stellschraube: staff rate GAP_LEVER high, volunteers low; elsewhere they roughly agree."""
    round_ = open_round(town, groups=["staff", "volunteer"], title="Check 2026", closed=True)
    for lever in levers_of(town):
        gap = lever.title == GAP_LEVER
        add_answers(round_, lever, "staff", [4, 4, 3] if gap else [3, 2, 3])
        add_answers(round_, lever, "volunteer", [1, 0, 1] if gap else [2, 3, 2])
    return round_


def fill(round_: Round, answers: int, *, seed: int = 1) -> None:
    """`answers` answers spread over all Stellschrauben and the round's groups."""
    rng = random.Random(seed)
    levers = levers_of(round_.town)
    groups = round_.groups
    Answer.objects.bulk_create(
        (
            Answer(
                town=round_.town,
                round=round_,
                lever=levers[i % len(levers)],
                group=groups[(i // len(levers)) % len(groups)],
                value=None if i % 13 == 0 else rng.randint(0, 4),
                dont_know=i % 13 == 0,
                comment="Gute Zusammenarbeit" if i % 50 == 0 else "",
            )
            for i in range(answers)
        ),
        batch_size=1000,
    )
