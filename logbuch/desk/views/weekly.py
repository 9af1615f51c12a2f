"""Wochenpost: members opt in and out; the link in each mail unsubscribes without login."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.towns.access import members_only, public
from logbuch.towns.http import MemberRequest, TownRequest

from ..models import WeeklyMailSubscription
from ..services import weekly as services
from .helpers import to


@members_only
def weekly(request: MemberRequest) -> HttpResponse:
    subscribed = (
        WeeklyMailSubscription.objects.in_town(request.town).filter(user=request.user).exists()
    )
    return render(request, "desk/weekly.html", {"subscribed": subscribed})


@members_only
@require_POST
def weekly_subscribe(request: MemberRequest) -> HttpResponse:
    services.weekly_mail_subscribe(town=request.town, user=request.user)
    messages.success(request, _("Sie bekommen jetzt die Wochenpost."))
    return to("weekly", request.town)


@members_only
@require_POST
def weekly_stop(request: MemberRequest) -> HttpResponse:
    services.weekly_mail_unsubscribe(town_id=request.town.pk, user_id=request.user.pk)
    messages.success(request, _("Sie bekommen keine Wochenpost mehr."))
    return to("weekly", request.town)


@public
def weekly_unsubscribe(request: TownRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links), POST unsubscribes."""
    ids = services.unsubscribe_token_read(token)
    if ids is None or ids[0] != request.town.pk:
        raise Http404
    done = False
    if request.method == "POST":
        services.weekly_mail_unsubscribe(town_id=ids[0], user_id=ids[1])
        done = True
    return render(request, "desk/weekly_unsubscribe.html", {"token": token, "done": done})
