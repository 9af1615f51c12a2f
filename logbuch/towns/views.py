"""Thin views: parse input, call a service, render or redirect."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from logbuch.core import views as core_views
from logbuch.core.glossary import load_glossary
from logbuch.core.listing import filter_queryset, search_queryset, sort_queryset

from . import errors, selectors, services
from .access import coordinator_only, get_in_town_or_404, members_only, public, town_admin_only
from .forms import (
    AccountDeleteForm,
    InvitationForm,
    InvitationRequestForm,
    KernPasswordChangeForm,
    MembersFilterForm,
    NewPersonForm,
    PaperMemberForm,
    ProfileForm,
    RolesForm,
    TownForm,
)
from .models import AUDIT_ACTION_LABELS, Invitation, Membership, Role, Town, User

PEOPLE_PER_PAGE = 25
AUDIT_PER_PAGE = 50
# A public form that mails the coordinators: one request per address and town per hour.
INVITATION_REQUEST_INTERVAL = 60 * 60
INVITATION_REQUESTS_PER_TOWN = 10


def _town(request: HttpRequest) -> Town:
    return request.town  # type: ignore[attr-defined,no-any-return]


def _roles(request: HttpRequest) -> frozenset[str]:
    return request.roles  # type: ignore[attr-defined,no-any-return]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_town_admin(request: HttpRequest) -> bool:
    return Role.TOWN_ADMIN.value in _roles(request)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _confirm(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    cancel_url: str,
    danger: bool = True,
) -> HttpResponse:
    return render(
        request,
        "towns/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "cancel_url": cancel_url,
            "danger": danger,
        },
    )


def _town_url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(name, kwargs={"town_slug": town.slug, **kwargs})


# --- Installation-wide pages ---------------------------------------------------------------------


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


@public
def town_home(request: HttpRequest) -> HttpResponse:
    """The town's start page; coordinators see what waits for them."""
    town = _town(request)
    roles = _roles(request)
    context: dict[str, Any] = {}
    if roles:
        context["my_roles"] = [Role(r).label for r in sorted(roles)]
        if services.STEWARD_ROLES & roles:
            counts = selectors.role_counts(town=town)
            context["role_counts"] = [
                (value, label, counts.get(value, 0)) for value, label in Role.choices
            ]
            context["open_invitations"] = selectors.open_invitation_count(town=town)
    return render(request, "towns/town_home.html", context)


@public
def town_logo(request: HttpRequest) -> HttpResponseBase:
    town = _town(request)
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
def privacy(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    return core_views.legal_page(request, town=town, kind="datenschutz")


@public
def imprint(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    return core_views.legal_page(request, town=town, kind="impressum")


@public
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "towns/glossary.html", {"terms": load_glossary()})


@members_only
def leave(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    if request.method == "POST":
        try:
            services.membership_leave(town=town, user=_user(request))
        except errors.TownsError as exc:
            messages.error(request, str(exc))
            return redirect("towns:home", town_slug=town.slug)
        messages.success(request, _("Sie haben %(town)s verlassen.") % {"town": town.name})
        return redirect("home")
    return _confirm(
        request,
        title=_("%(town)s verlassen") % {"town": town.name},
        text=_(
            "Ihre Rollen in %(town)s enden dann. Ihr Konto und Ihre anderen Orte bleiben. "
            "Um wieder dabei zu sein, brauchen Sie eine neue Einladung."
        )
        % {"town": town.name},
        button=_("Ort verlassen"),
        cancel_url=_town_url("towns:home", town),
    )


# --- People (coordinator area) ---------------------------------------------------------------


@coordinator_only
def members(request: HttpRequest) -> HttpResponse:
    town = _town(request)
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
    town = _town(request)
    form = PaperMemberForm(request.POST or None, may_grant_town_admin=_is_town_admin(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.member_create_paper(
                town=town,
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                actor=_user(request),
            )
        except errors.TownsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s ist jetzt dabei.") % {"name": person.name})
            return redirect("towns:members", town_slug=town.slug)
    return render(
        request,
        "towns/form_page.html",
        {
            "form": form,
            "title": _("Person ohne E-Mail aufnehmen"),
            "intro": _(
                "Für Menschen, die nur auf Papier mitmachen. Sie können sich nicht anmelden; "
                "die Koordinierungsstelle trägt für sie ein."
            ),
            "submit": _("Aufnehmen"),
            "cancel_url": _town_url("towns:members", town),
        },
    )


@coordinator_only
def member_roles(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    person = selectors.town_person_or_404(town=town, pk=pk)
    held = selectors.roles_of(town=town, user=person)
    may_grant_admin = _is_town_admin(request)
    form = RolesForm(
        request.POST or None, initial={"roles": held}, may_grant_town_admin=may_grant_admin
    )
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["roles"])
        if not may_grant_admin and Role.TOWN_ADMIN.value in held:
            wanted.add(Role.TOWN_ADMIN.value)  # not on the form: stays as it is
        try:
            services.membership_set_roles(
                town=town, user=person, roles=wanted, actor=_user(request)
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
        "towns/form_page.html",
        {
            "form": form,
            "title": _("Rollen von %(name)s") % {"name": person.name},
            "submit": _("Speichern"),
            "cancel_url": _town_url("towns:members", town),
            "extra_link": (
                _town_url("towns:member_remove", town, pk=person.pk),
                _("%(name)s aus dem Ort entfernen") % {"name": person.name},
            ),
        },
    )


@coordinator_only
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    person = selectors.town_person_or_404(town=town, pk=pk)
    if request.method == "POST":
        try:
            services.membership_remove(town=town, user=person, actor=_user(request))
        except errors.TownsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s gehört nicht mehr zu %(town)s.")
                % {"name": person.name, "town": town.name},
            )
        return redirect("towns:members", town_slug=town.slug)
    return _confirm(
        request,
        title=_("%(name)s aus dem Ort entfernen?") % {"name": person.name},
        text=_(
            "Alle Rollen dieser Person in %(town)s enden. Ihr Konto bleibt bestehen; "
            "mit einer neuen Einladung kann sie wieder dabei sein."
        )
        % {"town": town.name},
        button=_("Entfernen"),
        cancel_url=_town_url("towns:members", town),
    )


# --- Invitations ------------------------------------------------------------------------------


@coordinator_only
def invitations(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    page = Paginator(selectors.invitations_pending(town=town), PEOPLE_PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(request, "towns/invitations.html", {"page": page})


@coordinator_only
def invitation_new(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    form = InvitationForm(
        request.POST or None, town=town, may_grant_town_admin=_is_town_admin(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                town=town,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                actor=_user(request),
                base_url=_base_url(request),
            )
        except (errors.AlreadyMember, errors.InvitationAlreadyOpen) as exc:
            form.add_error("email", str(exc))
        except errors.TownsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s ist unterwegs.") % {"email": invitation.email},
            )
            return redirect("towns:invitations", town_slug=town.slug)
    return render(
        request,
        "towns/form_page.html",
        {
            "form": form,
            "title": _("Person einladen"),
            "intro": _(
                "Die Person bekommt einen Link per E-Mail. Er ist 14 Tage gültig und "
                "funktioniert nur einmal."
            ),
            "submit": _("Einladung senden"),
            "cancel_url": _town_url("towns:invitations", town),
        },
    )


def _pending_invitation(request: HttpRequest, pk: int) -> Invitation:
    pending: QuerySet[Invitation] = Invitation.objects.filter(used_at__isnull=True)
    return get_in_town_or_404(pending.select_related("town"), _town(request), pk=pk)


@coordinator_only
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    invitation = _pending_invitation(request, pk)
    if request.method == "POST":
        services.invitation_resend(
            invitation=invitation, actor=_user(request), base_url=_base_url(request)
        )
        messages.success(
            request, _("Ein neuer Link an %(email)s ist unterwegs.") % {"email": invitation.email}
        )
        return redirect("towns:invitations", town_slug=town.slug)
    return _confirm(
        request,
        title=_("Einladung an %(email)s erneut senden?") % {"email": invitation.email},
        text=_(
            "Die Person bekommt einen neuen Link, 14 Tage gültig. Der alte Link gilt nicht mehr."
        ),
        button=_("Erneut senden"),
        cancel_url=_town_url("towns:invitations", town),
        danger=False,
    )


@coordinator_only
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    town = _town(request)
    invitation = _pending_invitation(request, pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, actor=_user(request))
        messages.success(
            request,
            _("Die Einladung an %(email)s ist zurückgezogen.") % {"email": invitation.email},
        )
        return redirect("towns:invitations", town_slug=town.slug)
    return _confirm(
        request,
        title=_("Einladung an %(email)s zurückziehen?") % {"email": invitation.email},
        text=_("Der Link funktioniert danach nicht mehr."),
        button=_("Zurückziehen"),
        cancel_url=_town_url("towns:invitations", town),
    )


def _invitation_invalid(
    request: HttpRequest,
    *,
    token: str,
    invitation: Invitation | None,
    form: InvitationRequestForm | None = None,
) -> HttpResponse:
    if form is None:
        initial = {"email": invitation.email, "name": invitation.name} if invitation else {}
        form = InvitationRequestForm(initial=initial)
    # A forged link answers 404 like any unknown address; a used or expired one 410 (Gone).
    status = 404 if invitation is None else 410
    return render(
        request,
        "towns/invitation_invalid.html",
        {"form": form, "token": token, "invitation": invitation},
        status=status,
    )


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: a signed-in person accepts, a new person creates an account."""
    invitation = selectors.invitation_by_token(town=_town(request), token=token)
    if invitation is None or not invitation.is_usable:
        return _invitation_invalid(request, token=token, invitation=invitation)
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation=invitation, token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context = {"invitation": invitation, "has_account": True}
        return render(request, "towns/invitation_accept.html", context)
    return _accept_new_person(request, invitation=invitation, token=token)


def _welcome(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    messages.success(request, _("Willkommen in %(town)s!") % {"town": town.name})
    return redirect("towns:home", town_slug=town.slug)


def _accept_signed_in(request: HttpRequest, *, invitation: Invitation, token: str) -> HttpResponse:
    if request.method != "POST":
        return render(request, "towns/invitation_accept.html", {"invitation": invitation})
    try:
        services.invitation_accept(invitation=invitation, user=_user(request))
    except errors.InvitationNotUsable:
        return _invitation_invalid(request, token=token, invitation=invitation)
    return _welcome(request)


def _accept_new_person(request: HttpRequest, *, invitation: Invitation, token: str) -> HttpResponse:
    form = NewPersonForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new_person(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except errors.InvitationNotUsable:
            return _invitation_invalid(request, token=token, invitation=invitation)
        except errors.EmailTaken as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request)
    context = {"invitation": invitation, "form": form}
    return render(request, "towns/invitation_accept.html", context)


def _invitation_request_allowed(*, town: Town, email: str) -> bool:
    """One request per address and hour, and a few per town and hour (the form is public)."""
    if not cache.add(f"towns:invitation-request:{town.pk}:{email}", 1, INVITATION_REQUEST_INTERVAL):
        return False
    town_key = f"towns:invitation-requests:{town.pk}"
    cache.add(town_key, 0, INVITATION_REQUEST_INTERVAL)
    return cache.incr(town_key) <= INVITATION_REQUESTS_PER_TOWN


@public
def invitation_request(request: HttpRequest, token: str) -> HttpResponse:
    """Ask the coordinators for a new invitation (from an expired, used or forged link)."""
    town = _town(request)
    invitation = selectors.invitation_by_token(town=town, token=token)
    if request.method != "POST":
        return _invitation_invalid(request, token=token, invitation=invitation)
    form = InvitationRequestForm(request.POST)
    if not form.is_valid():
        return _invitation_invalid(request, token=token, invitation=invitation, form=form)
    email = form.cleaned_data["email"].lower()
    # The same answer whether or not the mail goes out: the throttle reveals nothing.
    if _invitation_request_allowed(town=town, email=email):
        services.invitation_request_new(
            town=town,
            name=form.cleaned_data["name"],
            email=email,
            note=form.cleaned_data["note"],
        )
    messages.success(
        request,
        _("Danke! Die Koordinierungsstelle von %(town)s meldet sich bei Ihnen.")
        % {"town": town.name},
    )
    return redirect("towns:home", town_slug=town.slug)


# --- Town administration ----------------------------------------------------------------------


@town_admin_only
def town_edit(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    # The form works on a copy: the service compares against the stored values.
    form = TownForm(
        request.POST or None, request.FILES or None, instance=Town.objects.get(pk=town.pk)
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in TownForm.Meta.fields}
        if not changes["logo"]:
            del changes["logo"]  # no upload: the logo stays
        services.town_update(town=town, actor=_user(request), changes=changes)
        messages.success(request, _("Die Angaben zum Ort sind gespeichert."))
        return redirect("towns:home", town_slug=town.slug)
    return render(
        request,
        "towns/form_page.html",
        {
            "form": form,
            "title": _("Angaben zum Ort"),
            "submit": _("Speichern"),
            "cancel_url": _town_url("towns:home", town),
            "multipart": True,
        },
    )


@town_admin_only
def audit_log(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    entries, active = filter_queryset(
        selectors.audit_entries(town=town), request, allowed={"aktion": "action"}
    )
    page = Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("seite"))
    actions = [
        (code, str(AUDIT_ACTION_LABELS.get(code, code)))
        for code in selectors.audit_actions(town=town)
    ]
    return render(
        request,
        "towns/audit_log.html",
        {"page": page, "actions": actions, "current_action": active.get("aktion", "")},
    )


# --- The person's own account (/konto/) -----------------------------------------------------------


def _set_language_cookie(response: HttpResponseBase, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.user_update_profile(user=user, name=form.cleaned_data["name"], language=language)
        translation.activate(language)
        messages.success(request, _("Ihre Angaben sind gespeichert."))
        response = redirect("accounts:profile")
        _set_language_cookie(response, language)
        return response
    memberships = (
        Membership.objects.filter(user=user.pk).select_related("town").order_by("town__name")
    )
    return render(request, "towns/profile.html", {"form": form, "memberships": memberships})


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Where a login without `?next=` lands: the person's town when there is exactly one."""
    user = _user(request)
    towns = list(selectors.towns_of(user=user).only("slug")[:2])
    response = (
        redirect("towns:home", town_slug=towns[0].slug) if len(towns) == 1 else redirect("home")
    )
    _set_language_cookie(response, user.language)
    return response


@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    data = services.user_export_data(user=_user(request))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="logbuch-meine-daten.json"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_erase(user=user)
        logout(request)
        messages.success(request, _("Ihr Konto und Ihre Daten sind gelöscht."))
        return redirect("home")
    return render(request, "towns/account_delete.html", {"form": form})


@method_decorator(login_required, name="dispatch")
class KernPasswordChangeView(PasswordChangeView):
    template_name = "towns/password_change.html"
    form_class = KernPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


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
