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
        town = Town.objects.filter(slug=slug).first()
        if town is None:
            raise TownNotFound
        request.town = town  # type: ignore[attr-defined]
        access = access_of(view_func)
        if access is None:
            raise PermissionDenied  # deny by default: the view declared no access rule
        roles: frozenset[str] = frozenset()
        if request.user.is_authenticated:
            roles = frozenset(
                Membership.objects.filter(town=town, user=request.user).values_list(
                    "role", flat=True
                )
            )
        request.roles = roles  # type: ignore[attr-defined]
        if access.allows(roles):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
