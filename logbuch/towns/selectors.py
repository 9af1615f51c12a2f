"""Reads of towns and people."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from .models import AuditEntry, Membership, Town, User


def town_list() -> QuerySet[Town]:
    return Town.objects.order_by("name")


def role_counts(*, town: Town) -> dict[str, int]:
    rows = Membership.objects.in_town(town).values("role").annotate(n=Count("id")).order_by("role")
    return {row["role"]: row["n"] for row in rows}


def town_people(*, town: Town) -> QuerySet[User]:
    """The people of a town, each with the roles they hold there (prefetched once)."""
    return (
        User.objects.filter(memberships__town=town)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.in_town(town).order_by("role"),
                to_attr="town_memberships",
            )
        )
    )


def audit_entries(*, town: Town) -> QuerySet[Any]:
    return AuditEntry.objects.in_town(town).select_related("actor")
