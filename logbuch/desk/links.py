"""Absolute links for mails sent by the Anlaufstelle (inside or outside a request)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from logbuch.towns.models import Town


def absolute(name: str, town: Town, **kwargs: Any) -> str:
    return str(settings.SITE_URL) + reverse(
        f"desk:{name}", kwargs={"town_slug": town.slug, **kwargs}
    )
