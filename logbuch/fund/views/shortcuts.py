"""Helpers shared by the fund's views.

Applications are visible only to their applicant, the coordinator and the fund's jury; anybody
else gets the same 404 as for a missing id (no hint that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from logbuch.towns.access import (
    get_in_town_or_404,
)
from logbuch.towns.models import Town, User

from ..models import (
    Application,
    Fund,
    PublicVoteOption,
    PublicVoting,
    is_published,
)
from ..selectors.applications import application_for_detail, is_coordinator
from ..selectors.jury import jury_seat


def town_of(request: HttpRequest) -> Any:
    return request.town  # type: ignore[attr-defined]


def user_of(request: HttpRequest) -> User:
    """The signed-in person (views check `is_authenticated` or carry a role marker first)."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def roles_of(request: HttpRequest) -> frozenset[str]:
    return request.roles  # type: ignore[attr-defined,no-any-return]


def fund_url(fund: Fund, name: str = "fund:fund_detail") -> str:
    return reverse(name, kwargs={"town_slug": fund.town.slug, "pk": fund.pk})


def application_url(application: Application) -> str:
    return reverse(
        "fund:application_detail",
        kwargs={"town_slug": application.town.slug, "pk": application.pk},
    )


# --- Applicant ----------------------------------------------------------------------------


def visible_application(request: HttpRequest, pk: int) -> Application:
    """The application, if this person may see it: applicant, coordinator, or juror."""
    app = get_in_town_or_404(application_for_detail(town=town_of(request)), town_of(request), pk=pk)
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if (
        app.applicant_id == user.pk
        or is_coordinator(roles_of(request))
        or jury_seat(application=app, user=user) is not None  # type: ignore[arg-type]
    ):
        return app
    raise Http404


PUBLIC_CACHE_SECONDS = 60


def town_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(f"fund:{name}", kwargs={"town_slug": town.slug, **kwargs})


# --- transparency (no login) -----------------------------------------------------------------


def fund_of(request: HttpRequest, fund_id: int) -> Fund:
    return get_in_town_or_404(Fund, town_of(request), pk=fund_id)


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("seite", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def cached_body(
    request: HttpRequest, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> str:
    """A public page body that is the same for everyone, cached for PUBLIC_CACHE_SECONDS."""
    full_key = f"{key}:{get_language()}"
    body: str | None = cache.get(full_key)
    if body is None:
        body = render_to_string(template, context(), request=request)
        cache.set(full_key, body, PUBLIC_CACHE_SECONDS)
    return body


# --- public vote (no login) ------------------------------------------------------------------


def voting_of(request: HttpRequest, voting_id: int) -> PublicVoting:
    town = town_of(request)
    qs: QuerySet[PublicVoting] = PublicVoting.objects.select_related("fund", "category")
    voting = get_in_town_or_404(qs, town, pk=voting_id)
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
