"""Thin views: parse input, call a service, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.glossary import load_glossary

from . import selectors
from .access import coordinator_only, public, town_admin_only
from .models import Membership, Role


def town_list(request: HttpRequest) -> HttpResponse:
    return render(request, "towns/town_list.html", {"towns": selectors.town_list()})


def switch_town(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("ort", "")
    if (
        request.user.is_authenticated
        and Membership.objects.filter(user=request.user, town__slug=slug).exists()
    ):
        return redirect("towns:home", town_slug=slug)
    return redirect("home")


@public
def town_home(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    context: dict[str, Any] = {}
    if request.roles:  # type: ignore[attr-defined]
        context["my_roles"] = [Role(r).label for r in sorted(request.roles)]  # type: ignore[attr-defined]
        if {Role.COORDINATOR, Role.TOWN_ADMIN} & request.roles:  # type: ignore[attr-defined]
            counts = selectors.role_counts(town=town)
            context["role_counts"] = [
                (label, counts.get(value, 0)) for value, label in Role.choices
            ]
    return render(request, "towns/town_home.html", context)


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


@public
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "towns/glossary.html", {"terms": load_glossary()})


@coordinator_only
def members(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.town_people(town=request.town), 50).get_page(  # type: ignore[attr-defined]
        request.GET.get("seite")
    )
    return render(request, "towns/members.html", {"page": page})


@town_admin_only
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.audit_entries(town=request.town), 50).get_page(  # type: ignore[attr-defined]
        request.GET.get("seite")
    )
    return render(request, "towns/audit_log.html", {"page": page})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user.pk)
        .select_related("town")
        .order_by("town__name")
    )
    return render(request, "towns/profile.html", {"memberships": memberships})


def login_locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(
        request,
        "towns/locked_out.html",
        {
            "message": _(
                "Zu viele Fehlversuche. Bitte warten Sie 15 Minuten "
                "und versuchen Sie es dann noch einmal."
            )
        },
        status=429,
    )
