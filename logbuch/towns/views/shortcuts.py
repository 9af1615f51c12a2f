"""Small helpers shared by the towns views (the request itself is typed: `towns.http`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ..models import Town


def base_url(request: HttpRequest) -> str:
    """The site's address for links in emails (`https://host/`)."""
    return request.build_absolute_uri("/")


def town_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})
