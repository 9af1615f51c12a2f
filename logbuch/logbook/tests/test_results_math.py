"""Median, mean and distribution computed from per-point counts equal those of the raw answers."""

from __future__ import annotations

import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logbuch.logbook.charts import SCALE_MAX, Point, Style, radar, radar_point, trend_line
from logbuch.logbook.results import (
    Counts,
    LeverResult,
    cells_of,
    lever_result,
    median_from_counts,
    ranked_gaps,
)

answers_st = st.lists(st.integers(0, 4), min_size=1, max_size=200)


def _counts(answers: list[int], dont_know: int = 0) -> Counts:
    return Counts(tuple(answers.count(v) for v in range(5)), dont_know)  # type: ignore[arg-type]


@given(answers_st)
def test_median_from_counts_equals_the_median_of_the_answers(answers: list[int]) -> None:
    counts = _counts(answers)
    assert median_from_counts(counts.values) == Fraction(statistics.median(answers))


@given(answers_st, st.integers(0, 20))
def test_mean_and_shares_ignore_dont_know(answers: list[int], dont_know: int) -> None:
    counts = _counts(answers, dont_know)
    assert counts.mean == Fraction(sum(answers), len(answers))
    assert counts.n == len(answers) + dont_know
    assert counts.dont_know_share == Fraction(dont_know, len(answers) + dont_know)
    assert sum(counts.shares) == 1


def test_no_answers_have_no_median_or_mean() -> None:
    assert median_from_counts((0, 0, 0, 0, 0)) is None
    assert Counts((0, 0, 0, 0, 0), 3).mean is None


@given(st.dictionaries(st.sampled_from(["staff", "council", "volunteer"]), answers_st))
def test_cells_add_up_to_the_total(groups: dict[str, list[int]]) -> None:
    cells = cells_of({g: _counts(a) for g, a in groups.items()})
    everyone = [v for a in groups.values() for v in a]
    assert cells["total"].n == len(everyone)
    if everyone:
        assert cells["total"].median == Fraction(statistics.median(everyone))


def test_gaps_are_ranked_largest_first_in_either_direction() -> None:
    def result(lever: int, staff: int, volunteer: int) -> LeverResult:
        return lever_result(
            lever, {"staff": _counts([staff] * 3), "volunteer": _counts([volunteer] * 3)}
        )

    ranked = ranked_gaps([result(1, 2, 2), result(2, 4, 1), result(3, 0, 4), result(4, 1, 2)])
    assert [r.lever_id for r in ranked] == [3, 2, 4, 1]
    assert [r.gap for r in ranked] == [-4, 3, -1, 0]


def test_counts_reject_negative_numbers() -> None:
    with pytest.raises(ValueError):
        Counts((0, -1, 0, 0, 0), 0)


@given(st.integers(3, 12), st.data())
def test_radar_points_lie_on_their_axis_at_their_value(count: int, data: st.DataObject) -> None:
    values = data.draw(
        st.lists(st.one_of(st.none(), st.floats(0, 4)), min_size=count, max_size=count)
    )
    chart = radar(
        [f"L{i}" for i in range(count)],
        [("Profis", Style("a", "#000", ""), values)],
        size=300,
        margin=50,
    )
    c, r = chart.center, 300 / 2 - 50
    series = chart.series[0]
    present = [v for v in values if v is not None]
    assert len(series.dots) == len(present)
    for dot, value in zip(series.dots, present, strict=True):
        distance = ((dot.x - c.x) ** 2 + (dot.y - c.y) ** 2) ** 0.5
        assert distance == pytest.approx(r * value / SCALE_MAX, abs=1e-6)
    # A hidden value never becomes a closed shape through the centre.
    assert bool(series.polygon) == (len(present) == count)


def test_first_radar_axis_points_up() -> None:
    p = radar_point(0, 6, 4, center=Point(100, 100), radius=50)
    assert (round(p.x), round(p.y)) == (100, 50)


def test_trend_line_breaks_at_hidden_rounds() -> None:
    line = trend_line([1, 2, None, 3, 4, None])
    assert len(line.segments) == 2
    assert len(line.points) == 4
