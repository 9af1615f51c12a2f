"""The typed request of every view under /<town>/ (like healthchecks' AuthenticatedHttpRequest).

`TownMiddleware` sets `town` and `roles` before the view runs; annotate a town view's request
as `TownRequest` instead of reading attributes with `type: ignore`. Views whose access marker
lets visitors in (`@public`) get a `TownRequest` whose `user` may be anonymous; check
`request.user.is_authenticated` there, or use `@signed_in`.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING

from django.http import HttpRequest

from .models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import Town, User

# Roles that set up and moderate a town (the guide's "Koordinierungsstelle").
STEWARD_ROLES: frozenset[str] = frozenset({Role.COORDINATOR, Role.TOWN_ADMIN})


class TownRequest(HttpRequest):
    town: Town
    roles: frozenset[str]
    user: User | AnonymousUser


class MemberRequest(TownRequest):
    """A request whose access marker admits only signed-in people (members, roles, signed_in)."""

    user: User


class SignedInRequest(HttpRequest):
    """A request to a view outside any town that only signed-in people reach (`login_required`)."""

    user: User


def is_coordinator(roles: Set[str]) -> bool:
    """Coordinator or town admin: the people who set up and moderate the town's work."""
    return bool(roles & STEWARD_ROLES)


def is_town_admin(roles: Set[str]) -> bool:
    return Role.TOWN_ADMIN in roles
