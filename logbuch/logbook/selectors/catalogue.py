"""Reads of the catalogue: the Stellschrauben a town sees, manages and links to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from logbuch.towns.models import Town

from ..models import (
    HIGHER_LEVEL_AREA,
    Area,
    CatalogueVersion,
    Lever,
    Recommendation,
    Round,
    RoundLever,
)

# --- Catalogue -----------------------------------------------------------------------------------


def current_catalogue() -> CatalogueVersion:
    return CatalogueVersion.objects.get(is_current=True)


@dataclass
class AreaBlock:
    area: Area
    levers: list[Lever] = field(default_factory=list)


def _with_recommendations(qs: QuerySet[Lever]) -> QuerySet[Lever]:
    return qs.prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("position"))
    )


def catalogue_for_town(*, town: Town, version: CatalogueVersion | None = None) -> list[AreaBlock]:
    """The Stellschrauben a town currently sees, grouped by area (3 queries)."""
    version = version or current_catalogue()
    levers = _with_recommendations(Lever.objects.for_town(town, version=version))
    return _group_by_area(version, levers)


def _group_by_area(version: CatalogueVersion, levers: Iterable[Lever]) -> list[AreaBlock]:
    blocks = {a.pk: AreaBlock(area=a) for a in Area.objects.filter(version=version)}
    for lever in levers:
        blocks[lever.area_id].levers.append(lever)
    return [b for b in blocks.values() if b.levers]


def levers_for_management(*, town: Town) -> QuerySet[Lever]:
    """Every Stellschraube of the current catalogue a town may manage, with `is_hidden`."""
    return (
        Lever.objects.visible_to(town)
        .filter(area__version=current_catalogue())
        .select_related("area")
        .annotate(is_hidden=Count("hidden_by", filter=Q(hidden_by__town=town)))
        .order_by("area__position", "position", "id")
    )


def round_levers_by_area(*, round_: Round) -> list[AreaBlock]:
    """The Stellschrauben frozen into a round, grouped by area, recommendations prefetched."""
    levers = _with_recommendations(
        Lever.objects.filter(round_levers__round=round_)
        .select_related("area")
        .order_by("area__position", "round_levers__position")
    )
    return _group_by_area(round_.catalogue_version, levers)


def round_lever_ids(*, round_: Round) -> set[int]:
    return set(RoundLever.objects.filter(round=round_).values_list("lever_id", flat=True))


def lever_from_link(town: Town, lever_id: str) -> Lever | None:
    """The Stellschraube a link names (`?stellschraube=<pk>`), if the town may open it."""
    return (
        Lever.objects.visible_to(town).filter(pk=int(lever_id)).first()
        if lever_id.isdigit()
        else None
    )


def levers_for_choice(town: Town) -> QuerySet[Lever]:
    """The Stellschrauben a town may link to (current catalogue, its own included)."""
    return Lever.objects.for_town(town).order_by("area__position", "position", "id")


def lever_choices(town: Town, *, higher_level: bool, keep: int | None = None) -> QuerySet[Lever]:
    """The Stellschrauben a form offers: the town's current ones of the higher levels (Land,
    Bund: a Forderung) or the local ones (a Maßnahme), plus `keep`, the one an entry already
    has (it may have been hidden since)."""
    current = levers_for_choice(town)
    current = (
        current.filter(area__key=HIGHER_LEVEL_AREA)
        if higher_level
        else current.exclude(area__key=HIGHER_LEVEL_AREA)
    )
    return (
        Lever.objects.visible_to(town)
        .filter(Q(pk__in=current.values("pk")) | Q(pk=keep or 0))
        .select_related("area")
        .order_by("area__position", "position", "id")
    )


def lever_options(town: Town) -> list[tuple[int, str]]:
    """The Stellschrauben of `levers_for_choice` as (id, "code title") for a filter."""
    return [
        (pk, f"{code} {title}".strip())
        for pk, code, title in levers_for_choice(town).values_list("pk", "code", "title")
    ]


@dataclass
class Guide:
    """The guide the shared catalogue quotes: its recommendations and its Stellschrauben."""

    version: CatalogueVersion
    recommendations: list[Recommendation]
    areas: list[AreaBlock]


def guide() -> Guide:
    """The current catalogue as the guide wrote it, without any town's own Stellschrauben
    (3 queries)."""
    version = current_catalogue()
    levers = Lever.objects.filter(area__version=version, town__isnull=True).order_by(
        "area__position", "position", "id"
    )
    return Guide(
        version=version,
        recommendations=list(version.recommendations.order_by("position")),
        areas=_group_by_area(version, levers),
    )
