"""The town's legal pages: accessibility statement (with feedback), privacy notice, imprint.

The pages themselves are core's; a town adds its name, its feedback recipients and a template
folder `templates/towns/<slug>/` whose `barrierefreiheit.html`, `datenschutz.html` or
`impressum.html` replaces the default text.
"""

from __future__ import annotations

from django.http import HttpResponse

from logbuch.core import views as core_views
from logbuch.core.caching import cache_for_visitors

from .. import services
from ..access import public
from ..http import TownRequest


def _overrides(request: TownRequest) -> str:
    return f"towns/{request.town.slug}"


@public
def accessibility(request: TownRequest) -> HttpResponse:
    """Accessibility statement; its feedback form mails the town admins (nothing stored)."""
    town = request.town
    return core_views.accessibility_page(
        request,
        overrides=_overrides(request),
        place=town.name,
        feedback_scope=town.pk,
        recipients=lambda: services.accessibility_feedback_recipients(town=town),
    )


@public
@cache_for_visitors
def privacy(request: TownRequest) -> HttpResponse:
    return core_views.legal_page(request, kind="datenschutz", overrides=_overrides(request))


@public
@cache_for_visitors
def imprint(request: TownRequest) -> HttpResponse:
    return core_views.legal_page(request, kind="impressum", overrides=_overrides(request))
