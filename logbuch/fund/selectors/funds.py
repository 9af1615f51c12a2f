"""Reads of a fund's setup: funds of a town, members, the ledger list, counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from logbuch.towns.models import Town, User

from ..models import (
    Application,
    Fund,
    LedgerEntry,
)


def funds_for_town(*, town: Town) -> QuerySet[Fund]:
    return Fund.objects.in_town(town).order_by("-year", "name")


def town_member_by_email(*, town: Town, email: str) -> User | None:
    user: User | None = (
        User.objects.filter(email__iexact=email, memberships__town=town).distinct().first()
    )
    return user


def ledger_entries(*, town: Town, fund: Fund) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.in_town(town)
        .filter(fund=fund)
        .select_related("category", "author", "application")
        .order_by("-created_at", "-pk")
    )


def context_counts(*, fund: Fund) -> dict[str, Any]:
    """Applications per status (the town in the condition lets the database count on the
    index (town, fund, status) alone)."""
    return dict(
        Application.objects.filter(town_id=fund.town_id, fund=fund)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
