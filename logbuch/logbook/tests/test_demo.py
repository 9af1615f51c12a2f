"""The demo data: three rounds for Musterstadt with a visible perception gap, built fast."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.db.models import Avg

from logbuch.logbook.demo import build_demo
from logbuch.logbook.models import Answer, ListEntry, Measure, Participation, Round, RoundStatus
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db


def people_of(town: Town, make_member: Callable[..., User]) -> dict[str, list[User]]:
    counts = {
        "coordinator": 1,
        "staff": 6,
        "council": 5,
        "volunteer": 15,
        "business": 4,
        "resident": 8,
    }
    return {role: [make_member(town, Role(role)) for _ in range(n)] for role, n in counts.items()}


def test_demo_builds_rounds_with_a_gap_and_is_idempotent(
    town: Town, other_town: Town, make_member: Callable[..., User], django_assert_max_num_queries
) -> None:
    people = people_of(town, make_member)
    started = time.perf_counter()
    with django_assert_max_num_queries(200):
        build_demo(town=town, people=people)
    assert time.perf_counter() - started < 5
    rounds = Round.objects.in_town(town).order_by("starts_on")
    assert [r.status for r in rounds] == [RoundStatus.CLOSED, RoundStatus.CLOSED, RoundStatus.OPEN]
    this_year = rounds[1]
    assert this_year.anonymous
    assert not Answer.objects.filter(round=this_year, participation__isnull=False).exists()
    named = set(ListEntry.objects.filter(round=this_year).values_list("lever__code", flat=True))
    assert named == {"S07", "S08", "K01", "K03"}

    def mean(group: str) -> float:
        answers = Answer.objects.filter(round=this_year, lever__code="S09", group=group)
        m: float | None = answers.aggregate(m=Avg("value"))["m"]
        assert m is not None
        return m

    assert mean("staff") - mean("volunteer") > 1.0
    assert Measure.objects.in_town(town).filter(proposed_at__isnull=True).count() == 3
    proposal = Measure.objects.in_town(town).get(status="proposed")
    assert proposal.supports.count() >= 1 and proposal.proposed_by is not None
    before = (Answer.objects.count(), Participation.objects.count())
    build_demo(town=town, people=people)
    assert (Answer.objects.count(), Participation.objects.count()) == before
    build_demo(town=other_town, people=people_of(other_town, make_member))
    assert not Round.objects.in_town(other_town).exists()
