"""People of a town (coordinator area): list, paper-only members, roles, removal."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.listing import RowUrl, filter_queryset, search_queryset, sort_queryset
from logbuch.core.shortcuts import confirm_page, refusal_on, render_list

from .. import selectors, services
from ..access import coordinator_only
from ..forms import (
    MembersFilterForm,
    PaperMemberForm,
    RolesForm,
)
from ..http import MemberRequest, is_town_admin
from ..models import Membership, Role
from .shortcuts import town_url

PEOPLE_PER_PAGE = 25


@coordinator_only
def members(request: MemberRequest) -> HttpResponse:
    town = request.town
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
    return render_list(
        request,
        "towns/members.html",
        {
            "page": page,
            "filter_form": form,
            "filtered": bool(term or active),
            "roles_url": RowUrl("towns:member_roles", town_slug=town.slug),
            "remove_url": RowUrl("towns:member_remove", town_slug=town.slug),
        },
    )


@coordinator_only
def member_new_paper(request: MemberRequest) -> HttpResponse:
    town = request.town
    form = PaperMemberForm(request.POST or None, may_grant_town_admin=is_town_admin(request.roles))
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            person = services.member_create_paper(
                town=town,
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                actor=request.user,
            )
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
def member_roles(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    person = selectors.town_person_or_404(town=town, pk=pk)
    held = selectors.roles_of(town=town, user=person)
    may_grant_admin = is_town_admin(request.roles)
    form = RolesForm(
        request.POST or None, initial={"roles": held}, may_grant_town_admin=may_grant_admin
    )
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["roles"])
        if not may_grant_admin and Role.TOWN_ADMIN in held:
            wanted.add(Role.TOWN_ADMIN)  # not on the form: stays as it is
        with refusal_on(form):
            services.membership_set_roles(town=town, user=person, roles=wanted, actor=request.user)
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
def member_remove(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    person = selectors.town_person_or_404(town=town, pk=pk)
    if request.method == "POST":
        with refusal_on(request):
            services.membership_remove(town=town, user=person, actor=request.user)
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
