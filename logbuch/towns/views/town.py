"""Installation-wide town pages and a town's own: list, start page, logo, glossary, leaving,
the town's details."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from logbuch.core.caching import cache_for_visitors
from logbuch.core.glossary import load_glossary
from logbuch.core.shortcuts import confirm_page, refusal_on

from .. import selectors, services
from ..access import members_only, public, town_admin_only
from ..forms import (
    TownForm,
)
from ..hooks import app_hook_modules
from ..http import MemberRequest, TownRequest, is_coordinator
from ..models import Membership, Role, Town
from .shortcuts import town_url

# --- Installation-wide pages ---------------------------------------------------------------------


@cache_for_visitors
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


# --- Town pages -------------------------------------------------------------------------------


# The town's fields its start page shows (part of the cache key of its body).
TOWN_HOME_FIELDS = (
    "pk",
    "slug",
    "name",
    "logo",
    "contact_name",
    "contact_email",
    "contact_phone",
    "address",
)


@public
@cache_for_visitors
def town_home(request: TownRequest) -> HttpResponse:
    """The town's start page; coordinators see what waits for them."""
    town = request.town
    roles = request.roles
    context: dict[str, Any] = {}
    counts: dict[str, int] | None = None
    if roles:
        context["my_roles"] = [Role(r).label for r in sorted(roles)]
        if is_coordinator(roles):
            counts, context["open_invitations"] = selectors.steward_counts(town=town)
            context["role_counts"] = [
                (value, label, counts.get(value, 0)) for value, label in Role.choices
            ]
    # Apps' panels (e.g. the Anlaufstelle: open today until …, contact persons).
    context["home_panels"] = [
        panel for module in app_hook_modules("home") if (panel := module.home_panel(town))
    ]
    user = request.user
    # The page body is cached per app server under every input it reads (core.caching).
    context["body_key"] = repr(
        (
            get_language(),
            request.path,
            [getattr(town, name) for name in TOWN_HOME_FIELDS],
            user.get_short_name() if user.is_authenticated else None,
            sorted(roles),  # the role labels follow from these and the language
            sorted(counts.items()) if counts else None,
            context.get("open_invitations"),
            [panel["key"] for panel in context["home_panels"]],
        )
    )
    return render(request, "towns/town_home.html", context)


@public
def town_logo(request: TownRequest) -> HttpResponseBase:
    town = request.town
    if not town.logo:
        raise Http404
    response = FileResponse(town.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public
@cache_for_visitors
def glossary(request: TownRequest) -> HttpResponse:
    return render(request, "towns/glossary.html", {"terms": load_glossary()})


@members_only
def leave(request: MemberRequest) -> HttpResponse:
    town = request.town
    if request.method == "POST":
        with refusal_on(request):
            services.membership_leave(town=town, user=request.user)
            messages.success(request, _("Sie haben %(town)s verlassen.") % {"town": town.name})
            return redirect("home")
        return redirect("towns:home", town_slug=town.slug)
    return confirm_page(
        request,
        title=_("%(town)s verlassen") % {"town": town.name},
        text=_(
            "Ihre Rollen in %(town)s enden dann. Ihr Konto und Ihre anderen Orte bleiben. "
            "Um wieder dabei zu sein, brauchen Sie eine neue Einladung."
        )
        % {"town": town.name},
        button=_("Ort verlassen"),
        cancel_url=town_url("towns:home", town),
    )


# --- Town administration ----------------------------------------------------------------------


@town_admin_only
def town_edit(request: MemberRequest) -> HttpResponse:
    town = request.town
    # The form works on a copy: the service compares against the stored values.
    form = TownForm(
        request.POST or None, request.FILES or None, instance=Town.objects.get(pk=town.pk)
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in TownForm.Meta.fields}
        if not changes["logo"]:
            del changes["logo"]  # no upload: the logo stays
        services.town_update(town=town, actor=request.user, changes=changes)
        messages.success(request, _("Die Angaben zum Ort sind gespeichert."))
        return redirect("towns:home", town_slug=town.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Angaben zum Ort"),
            "submit": _("Speichern"),
            "cancel_url": town_url("towns:home", town),
            "multipart": True,
        },
    )
