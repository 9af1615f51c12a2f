"""The town's legal pages: accessibility statement (with feedback), privacy notice, imprint."""

from __future__ import annotations

from django.http import HttpResponse

from logbuch.core import views as core_views
from logbuch.core.caching import cache_for_visitors

from ..access import public
from ..http import TownRequest


@public
def accessibility(request: TownRequest) -> HttpResponse:
    """Accessibility statement; its feedback form mails the town admins (nothing stored)."""
    return core_views.accessibility_page(request, town=request.town)


@public
@cache_for_visitors
def privacy(request: TownRequest) -> HttpResponse:
    town = request.town
    return core_views.legal_page(request, town=town, kind="datenschutz")


@public
@cache_for_visitors
def imprint(request: TownRequest) -> HttpResponse:
    town = request.town
    return core_views.legal_page(request, town=town, kind="impressum")
