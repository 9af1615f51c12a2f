"""The town's legal pages: accessibility statement (with feedback), privacy notice, imprint."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from logbuch.core import views as core_views
from logbuch.core.caching import cache_for_visitors

from ..access import public


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    """Accessibility statement; its feedback form mails the town admins (nothing stored)."""
    return core_views.accessibility_page(request, town=request.town)  # type: ignore[attr-defined]


@public
@cache_for_visitors
def privacy(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    return core_views.legal_page(request, town=town, kind="datenschutz")


@public
@cache_for_visitors
def imprint(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    return core_views.legal_page(request, town=town, kind="impressum")
