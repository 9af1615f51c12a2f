"""Small helpers shared by the Anlaufstelle's views."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from logbuch.core.caching import client_key, within_limit
from logbuch.towns.http import TownRequest
from logbuch.towns.models import Town


def desk_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kwargs})


def to(name: str, town: Town, **kwargs: Any) -> HttpResponseRedirect:
    return redirect(desk_url(name, town, **kwargs))


def allowed(request: TownRequest, bucket: str, limit: int, seconds: int = 3600) -> bool:
    """Count one attempt of this client (a daily keyed hash, never the address itself)."""
    return within_limit(f"desk:{bucket}:{request.town.pk}:{client_key(request)}", limit, seconds)


def private_file(name: str) -> FileResponse:
    """A photo from the private storage, for the people the calling view has checked."""
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
