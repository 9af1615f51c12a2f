"""Reads of towns and people."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.cache import caches
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from .http import STEWARD_ROLES
from .models import AuditEntry, Invitation, Membership, Town, User
from .services import invitation_token_hash


def town_list() -> QuerySet[Town]:
    return Town.objects.order_by("name")


def steward_emails(*, town: Town) -> list[str]:
    """Addresses of the town's active coordinators and town admins (for mails to "the office")."""
    return sorted(
        set(
            Membership.objects.in_town(town)
            .filter(role__in=STEWARD_ROLES, user__is_active=True, user__email__isnull=False)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def steward_counts(*, town: Town) -> tuple[dict[str, int], int]:
    """People per role and the number of open invitations (the coordinator's dashboard).

    Cached on this app server under the town's `people_version`, which every change of
    memberships or invitations counts up; the entry also ends when the next open invitation
    expires, so the figures are never older than the data.
    """
    cache = caches["pages"]
    key = f"towns:steward-counts:{town.pk}:{town.people_version}"
    now = timezone.now()
    hit: tuple[dict[str, int], int, datetime] | None = cache.get(key)
    if hit is not None and hit[2] > now:
        return hit[0], hit[1]
    rows = Membership.objects.in_town(town).values("role").annotate(n=Count("id")).order_by()
    counts = {row["role"]: row["n"] for row in rows}
    invitations = (
        Invitation.objects.in_town(town)
        .filter(used_at__isnull=True, expires_at__gt=now)
        .aggregate(n=Count("id"), next_expiry=Min("expires_at"))
    )
    valid_until = min(invitations["next_expiry"] or now + COUNTS_SECONDS, now + COUNTS_SECONDS)
    cache.set(key, (counts, invitations["n"], valid_until), COUNTS_SECONDS.total_seconds())
    return counts, invitations["n"]


COUNTS_SECONDS = timedelta(minutes=10)


def town_people(*, town: Town, memberships: QuerySet[Any] | None = None) -> QuerySet[User]:
    """The people of a town with `joined` (first role there) and their roles there (prefetched).

    `memberships` narrows the people to those holding one of these membership rows (used by
    the role filter); it must already be scoped to the town.
    """
    in_town = Membership.objects.in_town(town)
    scope = memberships if memberships is not None else in_town
    return (
        # `pk__in` starts from the town's memberships; an EXISTS per user would scan every
        # person of the installation on SQLite.
        User.objects.filter(pk__in=scope.values("user_id"))
        .annotate(
            joined=Subquery(
                in_town.filter(user=OuterRef("pk")).order_by("created_at").values("created_at")[:1]
            )
        )
        .prefetch_related(
            Prefetch("memberships", queryset=in_town.order_by("role"), to_attr="town_memberships")
        )
    )


def town_person_or_404(*, town: Town, pk: Any) -> User:
    """A person holding a role in this town; anyone else looks exactly like a missing id."""
    try:
        return User.objects.filter(
            Exists(Membership.objects.in_town(town).filter(user=OuterRef("pk")))
        ).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def roles_of(*, town: Town, user: User) -> list[str]:
    return sorted(Membership.objects.in_town(town).filter(user=user).values_list("role", flat=True))


def invitations_pending(*, town: Town) -> QuerySet[Invitation]:
    """Unused invitations of the town, open and expired, newest first."""
    return (
        Invitation.objects.in_town(town)
        .filter(used_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_by_token(*, town: Town, token: str) -> Invitation | None:
    """The invitation a link points to (used, expired or open), or None for a forged link."""
    return (
        Invitation.objects.in_town(town)
        .filter(token_hash=invitation_token_hash(token))
        .select_related("town")
        .first()
    )


def towns_of(*, user: User) -> QuerySet[Town]:
    return Town.objects.filter(Exists(Membership.objects.filter(town=OuterRef("pk"), user=user)))


def audit_entries(*, town: Town) -> QuerySet[Any]:
    return AuditEntry.objects.in_town(town).select_related("actor")


def audit_actions(*, town: Town) -> list[str]:
    return list(
        AuditEntry.objects.in_town(town)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
