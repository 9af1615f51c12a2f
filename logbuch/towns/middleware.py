"""Resolves /<town_slug>/ to request.town and enforces the view's declared access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .access import access_of
from .models import Membership, Town


class TownNotFound(Http404):
    """An unknown town slug: the 404 page then links to the list of towns."""

    template_name = "errors/town_not_found.html"  # read by core.views.page_not_found


def person_towns(request: HttpRequest) -> list[Town]:
    """The towns the signed-in person belongs to, each with `person_roles`; cached per request."""
    cached: list[Town] | None = getattr(request, "_person_towns", None)
    if cached is not None:
        return cached
    towns: dict[int, Town] = {}
    user = request.user
    if user.is_authenticated:
        # MemberBackend loaded them with the user; other ways in (tests) query here.
        pairs = getattr(user, "_towns_roles", None)
        if pairs is None:
            rows = Membership.objects.filter(user=user).select_related("town")
            pairs = sorted(((m.town, m.role) for m in rows), key=lambda p: (p[0].name, p[0].pk))
        roles: dict[int, set[str]] = {}
        for town, role in pairs:
            towns.setdefault(town.pk, town)
            roles.setdefault(town.pk, set()).add(role)
        for town_id, town in towns.items():
            town.person_roles = frozenset(roles[town_id])  # type: ignore[attr-defined]
    result = list(towns.values())
    request._person_towns = result  # type: ignore[attr-defined]
    return result


class TownMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.town = None  # type: ignore[attr-defined]
        request.roles = frozenset()  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.pop("town_slug", None)
        if slug is None:
            return None
        # One query gives a signed-in person's towns (for the switcher), and with them the
        # current town and their roles there; only visitors and non-members need a second one.
        my_towns = person_towns(request)
        roles: frozenset[str] = frozenset()
        town = next((t for t in my_towns if t.slug == slug), None)
        if town is None:
            town = Town.objects.filter(slug=slug).first()
        else:
            roles = town.person_roles  # type: ignore[attr-defined]
        if town is None:
            raise TownNotFound
        request.town = town  # type: ignore[attr-defined]
        access = access_of(view_func)
        if access is None:
            raise PermissionDenied  # deny by default: the view declared no access rule
        request.roles = roles  # type: ignore[attr-defined]
        if access.allows(roles, authenticated=request.user.is_authenticated):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
