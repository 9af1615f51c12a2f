"""Small helpers shared by the towns tests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from logbuch.towns.models import Town


def town_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})
