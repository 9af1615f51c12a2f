"""Helpers shared by the fund's views.

Applications are visible only to their applicant, the coordinator and the fund's jury; anybody
else gets the same 404 as for a missing id (no hint that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from logbuch.towns.access import (
    get_in_town_or_404,
)
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator
from logbuch.towns.models import Town

from ..models import (
    Application,
    Fund,
    PublicVoteOption,
    PublicVoting,
    is_published,
)
from ..selectors.applications import application_for_detail
from ..selectors.jury import jury_seat


def fund_url(fund: Fund, name: str = "fund:fund_detail") -> str:
    return reverse(name, kwargs={"town_slug": fund.town.slug, "pk": fund.pk})


def application_url(application: Application) -> str:
    return reverse(
        "fund:application_detail",
        kwargs={"town_slug": application.town.slug, "pk": application.pk},
    )


# --- Applicant ----------------------------------------------------------------------------


def visible_application(request: MemberRequest, pk: int) -> Application:
    """The application, if this person may see it: applicant, coordinator, or juror."""
    app = get_in_town_or_404(application_for_detail(town=request.town), request.town, pk=pk)
    if (
        app.applicant_id == request.user.pk
        or is_coordinator(request.roles)
        or jury_seat(application=app, user=request.user) is not None
    ):
        return app
    raise Http404


PUBLIC_CACHE_SECONDS = 60


def town_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(f"fund:{name}", kwargs={"town_slug": town.slug, **kwargs})


# --- transparency (no login) -----------------------------------------------------------------


def fund_of(request: TownRequest, pk: int) -> Fund:
    return get_in_town_or_404(Fund, request.town, pk=pk)


def page_number(request: TownRequest) -> int:
    raw = request.GET.get("seite", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def cached_body(
    request: TownRequest, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> str:
    """A public page body that is the same for everyone, cached for PUBLIC_CACHE_SECONDS."""
    full_key = f"{key}:{get_language()}"
    body: str | None = cache.get(full_key)
    if body is None:
        body = render_to_string(template, context(), request=request)
        cache.set(full_key, body, PUBLIC_CACHE_SECONDS)
    return body


# --- public vote (no login) ------------------------------------------------------------------


def voting_of(request: TownRequest, pk: int) -> PublicVoting:
    town = request.town
    qs: QuerySet[PublicVoting] = PublicVoting.objects.select_related("fund", "category")
    voting = get_in_town_or_404(qs, town, pk=pk)
    # The row is the request town's (checked above): share its Town instead of loading the
    # same row again on every `voting.town` / `voting.fund.town`.
    voting.town = town
    if voting.fund.town_id == town.pk:
        voting.fund.town = town
    return voting


def voting_options(voting: PublicVoting) -> list[PublicVoteOption]:
    return list(
        PublicVoteOption.objects.in_town(voting.town)
        .filter(voting=voting)
        .select_related("application")
        .annotate(published=is_published())
        .order_by("rank", "application__title", "pk")
    )
