"""Small helpers shared by the towns tests."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from logbuch.towns.tests.factories import PASSWORD
from logbuch.towns.views.shortcuts import town_url

__all__ = ["PASSWORD", "login", "town_url"]

PROXY = "10.0.0.1"  # the reverse proxy in front of the app (settings NUM_PROXIES = 1)


def login(
    client: Client,
    email: str,
    password: str = PASSWORD,
    *,
    next_url: str | None = None,
    client_address: str | None = None,
) -> Any:
    """POST the login form; with `client_address` the request comes through the proxy."""
    url = reverse("accounts:login")
    if next_url is not None:
        url += f"?next={next_url}"
    extra: dict[str, Any] = {}
    if client_address is not None:
        extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}
    return client.post(url, {"username": email, "password": password}, **extra)
