"""Invitations: coordinators invite by email; people accept, or ask for a new link."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from logbuch.core.caching import within_limit
from logbuch.core.emails import normalize_email
from logbuch.core.shortcuts import confirm_page, refusal_on

from .. import errors, selectors, services
from ..access import coordinator_only, get_in_town_or_404, public
from ..forms import InvitationForm, InvitationRequestForm, NewPersonForm
from ..http import MemberRequest, TownRequest, is_town_admin
from ..models import Invitation, Town, User
from .shortcuts import base_url, town_url

INVITATIONS_PER_PAGE = 25
# A public form that mails the coordinators: one request per address and hour, and a few per town.
INVITATION_REQUEST_INTERVAL = 60 * 60
INVITATION_REQUESTS_PER_TOWN = 10


# --- Invitations ------------------------------------------------------------------------------


@coordinator_only
def invitations(request: MemberRequest) -> HttpResponse:
    town = request.town
    page = Paginator(selectors.invitations_pending(town=town), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(request, "towns/invitations.html", {"page": page})


@coordinator_only
def invitation_new(request: MemberRequest) -> HttpResponse:
    town = request.town
    form = InvitationForm(
        request.POST or None, town=town, may_grant_town_admin=is_town_admin(request.roles)
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            try:
                invitation = services.invitation_create(
                    town=town,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    roles=form.cleaned_data["roles"],
                    actor=request.user,
                    base_url=base_url(request),
                )
            except (errors.AlreadyMember, errors.InvitationAlreadyOpen) as exc:
                form.add_error("email", str(exc))  # the reason belongs to the address
            else:
                messages.success(
                    request,
                    _("Die Einladung an %(email)s ist unterwegs.") % {"email": invitation.email},
                )
                return redirect("towns:invitations", town_slug=town.slug)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Person einladen"),
            "intro": _(
                "Die Person bekommt einen Link per E-Mail. Er ist 14 Tage gültig und "
                "funktioniert nur einmal."
            ),
            "submit": _("Einladung senden"),
            "cancel_url": town_url("towns:invitations", town),
        },
    )


def _pending_invitation(request: MemberRequest, pk: int) -> Invitation:
    pending: QuerySet[Invitation] = Invitation.objects.filter(used_at__isnull=True)
    return get_in_town_or_404(pending.select_related("town"), request.town, pk=pk)


@coordinator_only
def invitation_resend(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    invitation = _pending_invitation(request, pk)
    if request.method == "POST":
        services.invitation_resend(
            invitation=invitation, actor=request.user, base_url=base_url(request)
        )
        messages.success(
            request, _("Ein neuer Link an %(email)s ist unterwegs.") % {"email": invitation.email}
        )
        return redirect("towns:invitations", town_slug=town.slug)
    return confirm_page(
        request,
        title=_("Einladung an %(email)s erneut senden?") % {"email": invitation.email},
        text=_(
            "Die Person bekommt einen neuen Link, 14 Tage gültig. Der alte Link gilt nicht mehr."
        ),
        button=_("Erneut senden"),
        cancel_url=town_url("towns:invitations", town),
    )


@coordinator_only
def invitation_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    town = request.town
    invitation = _pending_invitation(request, pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(
            request,
            _("Die Einladung an %(email)s ist zurückgezogen.") % {"email": invitation.email},
        )
        return redirect("towns:invitations", town_slug=town.slug)
    return confirm_page(
        request,
        title=_("Einladung an %(email)s zurückziehen?") % {"email": invitation.email},
        text=_("Der Link funktioniert danach nicht mehr."),
        button=_("Zurückziehen"),
        cancel_url=town_url("towns:invitations", town),
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
def invitation_accept(request: TownRequest, token: str) -> HttpResponse:
    """Open an invitation link: a signed-in person accepts, a new person creates an account."""
    invitation = selectors.invitation_by_token(town=request.town, token=token)
    if invitation is None or not invitation.is_usable:
        return _invitation_invalid(request, token=token, invitation=invitation)
    if request.user.is_authenticated:
        return _accept_signed_in(request, user=request.user, invitation=invitation, token=token)
    if User.objects.filter(email=invitation.email).exists():
        context = {"invitation": invitation, "has_account": True}
        return render(request, "towns/invitation_accept.html", context)
    return _accept_new_person(request, invitation=invitation, token=token)


def _welcome(request: TownRequest) -> HttpResponse:
    town = request.town
    messages.success(request, _("Willkommen in %(town)s!") % {"town": town.name})
    return redirect("towns:home", town_slug=town.slug)


def _accept_signed_in(
    request: TownRequest, *, user: User, invitation: Invitation, token: str
) -> HttpResponse:
    # Only the account the invitation was sent to; anyone else sees why and changes nothing.
    if normalize_email(user.email or "") != invitation.email:
        context = {"invitation": invitation, "other_email": True}
        status = 403 if request.method == "POST" else 200
        return render(request, "towns/invitation_accept.html", context, status=status)
    if request.method != "POST":
        return render(request, "towns/invitation_accept.html", {"invitation": invitation})
    try:
        services.invitation_accept(invitation=invitation, user=user)
    except errors.InvitationNotUsable:
        return _invitation_invalid(request, token=token, invitation=invitation)
    return _welcome(request)


def _accept_new_person(request: TownRequest, *, invitation: Invitation, token: str) -> HttpResponse:
    form = NewPersonForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):  # e.g. EmailTaken
            try:
                user = services.invitation_accept_new_person(
                    invitation=invitation,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password1"],
                )
            except errors.InvitationNotUsable:
                return _invitation_invalid(request, token=token, invitation=invitation)
            login(request, user, backend="logbuch.towns.backends.MemberBackend")
            return _welcome(request)
    context = {"invitation": invitation, "form": form}
    return render(request, "towns/invitation_accept.html", context)


def _invitation_request_allowed(*, town: Town, email: str) -> bool:
    """One request per address and hour, and a few per town and hour (the form is public)."""
    interval = INVITATION_REQUEST_INTERVAL
    digest = hashlib.sha256(normalize_email(email).encode()).hexdigest()
    return within_limit(
        f"towns:invitation-request:{town.pk}:{digest}", 1, interval
    ) and within_limit(
        f"towns:invitation-requests:{town.pk}", INVITATION_REQUESTS_PER_TOWN, interval
    )


@public
def invitation_request(request: TownRequest, token: str) -> HttpResponse:
    """Ask the coordinators for a new invitation (from an expired, used or forged link)."""
    town = request.town
    invitation = selectors.invitation_by_token(town=town, token=token)
    if request.method != "POST":
        return _invitation_invalid(request, token=token, invitation=invitation)
    form = InvitationRequestForm(request.POST)
    if not form.is_valid():
        return _invitation_invalid(request, token=token, invitation=invitation, form=form)
    email = form.cleaned_data["email"]
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
