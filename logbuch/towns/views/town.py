"""Thin views: parse input, call a service, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from logbuch.core import views as core_views
from logbuch.core.caching import cache_for_visitors
from logbuch.core.glossary import load_glossary
from logbuch.core.listing import filter_queryset, search_queryset, sort_queryset
from logbuch.core.shortcuts import confirm_page

from .. import errors, selectors, services
from ..access import coordinator_only, members_only, public, town_admin_only
from ..audit import action_label
from ..forms import (
    MembersFilterForm,
    PaperMemberForm,
    RolesForm,
    TownForm,
)
from ..hooks import app_hook_modules
from ..models import Membership, Role, Town
from .shortcuts import (
    current_roles,
    current_town,
    current_user,
    is_town_admin,
    town_url,
)

PEOPLE_PER_PAGE = 25
AUDIT_PER_PAGE = 50


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
def town_home(request: HttpRequest) -> HttpResponse:
    """The town's start page; coordinators see what waits for them."""
    town = current_town(request)
    roles = current_roles(request)
    context: dict[str, Any] = {}
    counts: dict[str, int] | None = None
    if roles:
        context["my_roles"] = [Role(r).label for r in sorted(roles)]
        if services.STEWARD_ROLES & roles:
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
def town_logo(request: HttpRequest) -> HttpResponseBase:
    town = current_town(request)
    if not town.logo:
        raise Http404
    response = FileResponse(town.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    """Accessibility statement; its feedback form mails the town admins (nothing stored)."""
    return core_views.accessibility_page(request, town=request.town)  # type: ignore[attr-defined]


@public
@cache_for_visitors
def privacy(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    return core_views.legal_page(request, town=town, kind="datenschutz")


@public
@cache_for_visitors
def imprint(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    return core_views.legal_page(request, town=town, kind="impressum")


@public
@cache_for_visitors
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "towns/glossary.html", {"terms": load_glossary()})


@members_only
def leave(request: HttpRequest) -> HttpResponse:
    town = current_town(request)
    if request.method == "POST":
        try:
            services.membership_leave(town=town, user=current_user(request))
        except errors.TownsError as exc:
            messages.error(request, str(exc))
            return redirect("towns:home", town_slug=town.slug)
        messages.success(request, _("Sie haben %(town)s verlassen.") % {"town": town.name})
        return redirect("home")
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


# --- People (coordinator area) ---------------------------------------------------------------


@coordinator_only
def members(request: HttpRequest) -> HttpResponse:
    town = current_town(request)
    memberships, active = filter_queryset(
        Membership.objects.in_town(town), request, allowed={"rolle": "role"}
    )
    people = selectors.town_people(town=town, memberships=memberships if active else None)
    people, term = search_queryset(people, request, fields=["name", "email"])
    people, sort = sort_queryset(
        people, request, allowed={"name": "name", "beigetreten": "joined"}, default="name"
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("seite"))
    form = MembersFilterForm(
        initial={"suche": term, "rolle": active.get("rolle", ""), "sortierung": sort}
    )
    return render(
        request,
        "towns/members.html",
        {"page": page, "filter_form": form, "filtered": bool(term or active)},
    )


@coordinator_only
def member_new_paper(request: HttpRequest) -> HttpResponse:
    town = current_town(request)
    form = PaperMemberForm(request.POST or None, may_grant_town_admin=is_town_admin(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.member_create_paper(
                town=town,
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                actor=current_user(request),
            )
        except errors.TownsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s ist jetzt dabei.") % {"name": person.name})
            return redirect("towns:members", town_slug=town.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Person ohne E-Mail aufnehmen"),
            "intro": _(
                "Für Menschen, die nur auf Papier mitmachen. Sie können sich nicht anmelden; "
                "die Koordinierungsstelle trägt für sie ein."
            ),
            "submit": _("Aufnehmen"),
            "cancel_url": town_url("towns:members", town),
        },
    )


@coordinator_only
def member_roles(request: HttpRequest, pk: int) -> HttpResponse:
    town = current_town(request)
    person = selectors.town_person_or_404(town=town, pk=pk)
    held = selectors.roles_of(town=town, user=person)
    may_grant_admin = is_town_admin(request)
    form = RolesForm(
        request.POST or None, initial={"roles": held}, may_grant_town_admin=may_grant_admin
    )
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["roles"])
        if not may_grant_admin and Role.TOWN_ADMIN.value in held:
            wanted.add(Role.TOWN_ADMIN.value)  # not on the form: stays as it is
        try:
            services.membership_set_roles(
                town=town, user=person, roles=wanted, actor=current_user(request)
            )
        except errors.TownsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Die Rollen von %(name)s sind gespeichert.") % {"name": person.name}
            )
            return redirect("towns:members", town_slug=town.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Rollen von %(name)s") % {"name": person.name},
            "submit": _("Speichern"),
            "cancel_url": town_url("towns:members", town),
            "extra_link": (
                town_url("towns:member_remove", town, pk=person.pk),
                _("%(name)s aus dem Ort entfernen") % {"name": person.name},
            ),
        },
    )


@coordinator_only
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    town = current_town(request)
    person = selectors.town_person_or_404(town=town, pk=pk)
    if request.method == "POST":
        try:
            services.membership_remove(town=town, user=person, actor=current_user(request))
        except errors.TownsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s gehört nicht mehr zu %(town)s.")
                % {"name": person.name, "town": town.name},
            )
        return redirect("towns:members", town_slug=town.slug)
    return confirm_page(
        request,
        title=_("%(name)s aus dem Ort entfernen?") % {"name": person.name},
        text=_(
            "Alle Rollen dieser Person in %(town)s enden. Ihr Konto bleibt bestehen; "
            "mit einer neuen Einladung kann sie wieder dabei sein."
        )
        % {"town": town.name},
        button=_("Entfernen"),
        cancel_url=town_url("towns:members", town),
    )


# --- Town administration ----------------------------------------------------------------------


@town_admin_only
def town_edit(request: HttpRequest) -> HttpResponse:
    town = current_town(request)
    # The form works on a copy: the service compares against the stored values.
    form = TownForm(
        request.POST or None, request.FILES or None, instance=Town.objects.get(pk=town.pk)
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in TownForm.Meta.fields}
        if not changes["logo"]:
            del changes["logo"]  # no upload: the logo stays
        services.town_update(town=town, actor=current_user(request), changes=changes)
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


@town_admin_only
def audit_log(request: HttpRequest) -> HttpResponse:
    town = current_town(request)
    entries, active = filter_queryset(
        selectors.audit_entries(town=town), request, allowed={"aktion": "action"}
    )
    page = Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("seite"))
    actions = [(code, action_label(code)) for code in selectors.audit_actions(town=town)]
    return render(
        request,
        "towns/audit_log.html",
        {"page": page, "actions": actions, "current_action": active.get("aktion", "")},
    )


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
