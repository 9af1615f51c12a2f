from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .http import is_coordinator, is_town_admin
from .middleware import person_towns
from .models import Town

# The capabilities shown in a town's main navigation, in order (url name, label).
TOWN_NAV = [
    ("logbook:index", _("Stellschrauben-Check")),
    ("fund:index", _("Mitmach-Fonds")),
    ("desk:index", _("Anlaufstelle")),
    ("services:index", _("Dienste")),
]


def _nav(request: HttpRequest, town: Town) -> list[dict[str, Any]]:
    items = []
    current_ns = getattr(request.resolver_match, "namespace", "")
    for name, label in TOWN_NAV:
        try:
            url = reverse(name, kwargs={"town_slug": town.slug})
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": name.split(":")[0] == current_ns})
    return items


def town(request: HttpRequest) -> dict[str, Any]:
    """The current town, the viewer's roles in it, their towns and the town navigation."""
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    current = getattr(request, "town", None)

    def my_towns() -> list[Town]:
        return person_towns(request) if hasattr(request, "user") else []

    def layout_key() -> str:
        """Every input the cached layout fragments of base.html read (see core.caching)."""
        match = request.resolver_match
        signed_in = hasattr(request, "user") and request.user.is_authenticated
        towns = my_towns() if signed_in else []
        switcher = [(t.pk, t.slug, t.name) for t in towns] if len(towns) > 1 else []
        return repr(
            (
                get_language(),
                (current.pk, current.slug, current.name) if current else None,
                signed_in,
                switcher,
                (match.namespace, match.url_name) if match else None,
                sorted(roles),
            )
        )

    return {
        "layout_key": SimpleLazyObject(layout_key),
        "town": current,
        "roles": roles,
        "is_coordinator": is_coordinator(roles),
        "is_town_admin": is_town_admin(roles),
        "my_towns": SimpleLazyObject(my_towns),
        "town_nav": SimpleLazyObject(lambda: _nav(request, current)) if current else [],
    }
