"""Small helpers shared by the towns views (typed access to what the middleware set)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ..models import Role, Town, User


def current_town(request: HttpRequest) -> Town:
    return request.town  # type: ignore[attr-defined,no-any-return]


def current_roles(request: HttpRequest) -> frozenset[str]:
    return request.roles  # type: ignore[attr-defined,no-any-return]


def current_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def is_town_admin(request: HttpRequest) -> bool:
    return Role.TOWN_ADMIN.value in current_roles(request)


def base_url(request: HttpRequest) -> str:
    """The site's address for links in emails (`https://host/`)."""
    return request.build_absolute_uri("/")


def town_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})
