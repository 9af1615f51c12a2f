"""Writes and business rules for towns and people."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import AuditEntry, Membership, Role, Town, User


def audit_record(
    *, town: Town | None, actor: User | None, action: str, target: str = "", **details: Any
) -> AuditEntry:
    """Append one line to the audit log; called by every administrative service."""
    return AuditEntry.objects.create(
        town=town, actor=actor, action=action, target=target[:200], details=details
    )


def town_create(
    *,
    name: str,
    slug: str,
    bundesland: str,
    population: int | None = None,
    actor: User | None = None,
) -> Town:
    with transaction.atomic():
        town = Town.objects.create(
            name=name, slug=slug, bundesland=bundesland, population=population
        )
        audit_record(town=town, actor=actor, action="town_create", target=name)
    return town


def membership_grant(
    *, town: Town, user: User, roles: list[str] | list[Role], actor: User | None = None
) -> None:
    """Give a person roles in a town; roles already held stay, nothing is duplicated."""
    with transaction.atomic():
        held = set(
            Membership.objects.in_town(town).filter(user=user).values_list("role", flat=True)
        )
        new = [str(r) for r in roles if str(r) not in held]
        Membership.objects.bulk_create([Membership(town=town, user=user, role=r) for r in new])
        if new:
            audit_record(town=town, actor=actor, action="roles_grant", target=str(user), roles=new)
