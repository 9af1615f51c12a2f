"""Calendar feeds: the person's secret link (made, shown once, revoked) and the feeds."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.towns.access import members_only, public
from logbuch.towns.http import MemberRequest, TownRequest

from .. import ics
from ..models import CalendarFeed
from ..services import calendar as calendar_services
from . import url
from .services import service_of


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _calendar_page(request: MemberRequest, link: str = "") -> HttpResponse:
    active = (
        CalendarFeed.objects.in_town(request.town)
        .filter(user=request.user, revoked_at__isnull=True)
        .first()
    )
    return render(request, "services/my_calendar.html", {"link": link, "active": active})


@members_only
def my_calendar(request: MemberRequest) -> HttpResponse:
    return _calendar_page(request)


@members_only
@require_POST
def calendar_link_new(request: MemberRequest) -> HttpResponse:
    """A new secret link (the old one is revoked), shown once on this answer."""
    token = calendar_services.feed_create(town=request.town, user=request.user)
    return _calendar_page(
        request, request.build_absolute_uri(url("person_feed", request.town, token=token))
    )


@members_only
@require_POST
def calendar_link_revoke(request: MemberRequest) -> HttpResponse:
    calendar_services.feed_revoke(town=request.town, user=request.user)
    messages.success(request, _("Der Kalender-Link ist gesperrt."))
    return redirect(url("my_calendar", request.town))


@public
def person_feed(request: TownRequest, token: str) -> HttpResponse:
    """The person's shifts; a revoked or unknown token answers 404."""
    user = calendar_services.feed_user(town=request.town, token=token)
    if user is None:
        raise Http404
    return _ics(ics.person_feed(town=request.town, user=user), "schichten.ics")


@public
def service_feed(request: TownRequest, service: str) -> HttpResponse:
    item = service_of(request, service)
    return _ics(ics.service_feed(service=item), f"{item.slug}.ics")
