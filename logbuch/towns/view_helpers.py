"""Small helpers shared by the towns views (typed access to what the middleware set)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .models import Role, Town, User


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


def confirm_page(
    request: HttpRequest, *, title: str, text: str, button: str, cancel_url: str
) -> HttpResponse:
    """The GET half of every destructive action: say what will happen, then POST to do it."""
    return render(
        request,
        "towns/confirm.html",
        {"title": title, "text": text, "button": button, "cancel_url": cancel_url},
    )
