"""Calendar feeds: the person's secret link (made, shown once, revoked) and the feeds."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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


@members_only
def my_calendar(request: MemberRequest) -> HttpResponse:
    """Make a new secret link (shown once on this answer) or revoke the current one."""
    town, user = request.town, request.user
    link = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_services.feed_revoke(town=town, user=user)
            messages.success(request, _("Der Kalender-Link ist gesperrt."))
            return redirect(url("my_calendar", town))
        token = calendar_services.feed_create(town=town, user=user)
        link = request.build_absolute_uri(url("person_feed", town, token=token))
    active = CalendarFeed.objects.in_town(town).filter(user=user, revoked_at__isnull=True).first()
    return render(request, "services/my_calendar.html", {"link": link, "active": active})


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
