"""Reads of Forderungen (`Demand`) to Land, Bund or a funding body."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from logbuch.towns.models import Town

from ..models import Demand, Round, RoundLever


def demands_for_town(town: Town) -> QuerySet[Demand]:
    """The town's Forderungen with their Stellschraube, in catalogue order."""
    qs: QuerySet[Demand] = Demand.objects.in_town(town).select_related("lever__area", "round")
    return qs


def round_demands(round_: Round) -> list[Demand]:
    """Forderungen on the Stellschrauben of this round (for the council report), one query."""
    return list(
        demands_for_town(round_.town).filter(
            Exists(RoundLever.objects.filter(round=round_, lever_id=OuterRef("lever_id")))
        )
    )
