"""Geometry of the server-rendered SVG charts (radar per area, trend line).

Only numbers and strings come out of here; the templates draw them with presentation
attributes and CSS classes (no style attributes: the Content Security Policy forbids them).
Every chart has an equivalent data table next to it, so the SVG itself is `aria-hidden`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SCALE_MAX = 4


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def __str__(self) -> str:
        return f"{self.x:.1f},{self.y:.1f}"

    @property
    def sx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def sy(self) -> str:
        return f"{self.y:.1f}"


def points_attr(points: Sequence[Point]) -> str:
    """The `points` attribute of an SVG polygon or polyline."""
    return " ".join(str(p) for p in points)


@dataclass(frozen=True)
class Axis:
    label: str
    end: Point
    label_at: Point
    anchor: str  # text-anchor: start, middle or end


@dataclass(frozen=True)
class Style:
    """How a series is drawn: colour plus a dash pattern, so it is told apart without colour."""

    css_class: str
    colour: str
    dash: str  # stroke-dasharray, "" for a solid line


@dataclass(frozen=True)
class Series:
    name: str
    style: Style
    dots: tuple[Point, ...]
    polygon: str  # closed shape when every value is present, else ""
    segments: tuple[str, ...]  # open lines between neighbouring present values otherwise


@dataclass(frozen=True)
class Radar:
    size: int
    center: Point
    axes: tuple[Axis, ...]
    rings: tuple[str, ...]  # polygon points of the grid rings for 1..SCALE_MAX
    series: tuple[Series, ...]


def radar_point(index: int, count: int, value: float, *, center: Point, radius: float) -> Point:
    """Where `value` (0..SCALE_MAX) lies on axis `index` of `count`; axis 0 points up."""
    if not 0 <= value <= SCALE_MAX:
        raise ValueError("value outside the scale")
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * value / SCALE_MAX
    return Point(center.x + r * math.cos(angle), center.y + r * math.sin(angle))


def _series(
    name: str,
    style: Style,
    values: Sequence[float | None],
    *,
    center: Point,
    radius: float,
) -> Series:
    count = len(values)
    pts: list[Point | None] = [
        None if v is None else radar_point(i, count, v, center=center, radius=radius)
        for i, v in enumerate(values)
    ]
    present = [p for p in pts if p is not None]
    if len(present) == count:
        return Series(name, style, tuple(present), points_attr(present), ())
    # A hidden value must not look like a zero: draw only lines between neighbouring axes
    # that both have a value.
    segments = []
    for i in range(count):
        a, b = pts[i], pts[(i + 1) % count]
        if a is not None and b is not None and count > 2:
            segments.append(points_attr([a, b]))
    return Series(name, style, tuple(present), "", tuple(segments))


def radar(
    labels: Sequence[str],
    series: Sequence[tuple[str, Style, Sequence[float | None]]],
    *,
    size: int = 360,
    margin: int = 70,
) -> Radar:
    """A radar chart: one axis per label, one shape per (name, style, values) series."""
    if len(labels) < 3:
        raise ValueError("a radar chart needs at least three axes")
    center = Point(size / 2, size / 2)
    radius = size / 2 - margin
    count = len(labels)
    axes = []
    for i, label in enumerate(labels):
        end = radar_point(i, count, SCALE_MAX, center=center, radius=radius)
        at = radar_point(i, count, SCALE_MAX, center=center, radius=radius + 14)
        dx = at.x - center.x
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        axes.append(Axis(label, end, at, anchor))
    rings = tuple(
        points_attr(
            [radar_point(i, count, level, center=center, radius=radius) for i in range(count)]
        )
        for level in range(1, SCALE_MAX + 1)
    )
    drawn = tuple(
        _series(name, style, values, center=center, radius=radius)
        for name, style, values in series
        if len(values) == count
    )
    return Radar(size, center, tuple(axes), rings, drawn)


@dataclass(frozen=True)
class TrendLine:
    width: int
    height: int
    points: tuple[Point, ...]
    segments: tuple[str, ...]


def trend_line(
    values: Sequence[float | None], *, width: int = 120, height: int = 32, pad: int = 4
) -> TrendLine:
    """A small line over rounds (oldest first) on the 0..SCALE_MAX scale; gaps stay gaps."""
    count = len(values)
    step = (width - 2 * pad) / max(count - 1, 1)
    pts: list[Point | None] = [
        None
        if v is None
        else Point(pad + i * step, height - pad - (height - 2 * pad) * v / SCALE_MAX)
        for i, v in enumerate(values)
    ]
    segments = []
    run: list[Point] = []
    for p in [*pts, None]:
        if p is None:
            if len(run) > 1:
                segments.append(points_attr(run))
            run = []
        else:
            run.append(p)
    return TrendLine(width, height, tuple(p for p in pts if p is not None), tuple(segments))
