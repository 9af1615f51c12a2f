"""Thin views of the Daseinsvorsorge, one module per topic."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from logbuch.towns.models import Town


def url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(f"services:{name}", kwargs={"town_slug": town.slug, **kwargs})
