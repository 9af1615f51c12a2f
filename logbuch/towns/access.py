"""Who may open a town view: declared once per view, enforced once in TownMiddleware.

Every view under /<town>/ must carry one of these markers; a view without one is refused
(deny by default), and a test walks all URL patterns to prove each one has a marker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from .http import STEWARD_ROLES
from .models import Role, Town


@dataclass(frozen=True)
class Access:
    """`roles` empty and `public` False means: any member of the town."""

    public: bool = False
    roles: frozenset[str] = frozenset()
    signed_in: bool = False

    def allows(self, roles: frozenset[str], *, authenticated: bool = False) -> bool:
        if self.signed_in:
            return authenticated
        if self.public:
            return True
        if not roles:
            return False
        return not self.roles or bool(self.roles & roles)


def _mark[V: Callable[..., Any] | type](access: Access) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        view.town_access = access  # type: ignore[union-attr]
        return view

    return decorator


def public[V: Callable[..., Any] | type](view: V) -> V:
    """Anyone, signed in or not, may open this view of a town."""
    return _mark(Access(public=True))(view)


def signed_in[V: Callable[..., Any] | type](view: V) -> V:
    """Anyone with an account, member of this town or not (e.g. applying to its fund)."""
    return _mark(Access(signed_in=True))(view)


def members_only[V: Callable[..., Any] | type](view: V) -> V:
    """Any person with at least one role in the town."""
    return _mark(Access())(view)


def roles_required(*roles: Role) -> Callable[[Any], Any]:
    """Only people holding one of these roles in the town."""
    return _mark(Access(roles=frozenset(str(r) for r in roles)))


def coordinator_only[V: Callable[..., Any] | type](view: V) -> V:
    """Coordinators and town admins (`towns.http.is_coordinator`): who sets up and moderates."""
    return _mark(Access(roles=STEWARD_ROLES))(view)


town_admin_only = roles_required(Role.TOWN_ADMIN)


def access_of(view: Callable[..., Any]) -> Access | None:
    found = getattr(view, "town_access", None)
    if found is None:
        found = getattr(getattr(view, "view_class", None), "town_access", None)
    return found


def get_in_town_or_404[M: Model](
    model_or_qs: type[M] | QuerySet[M], town: Town, **lookup: Any
) -> M:
    """Fetch one row of the given town; rows of any other town look exactly like missing ones."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    try:
        return qs.filter(town=town).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
