"""The person's own account under /konto/: profile, language, password, data export, erasure."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from logbuch.core.views import set_language_cookie

from .. import selectors, services
from ..forms import AccountDeleteForm, KernPasswordChangeForm, ProfileForm
from ..http import SignedInRequest
from ..models import Membership


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.user_update_profile(user=user, name=form.cleaned_data["name"], language=language)
        translation.activate(language)
        messages.success(request, _("Ihre Angaben sind gespeichert."))
        response = redirect("accounts:profile")
        set_language_cookie(response, language)
        return response
    memberships = (
        Membership.objects.filter(user=user.pk).select_related("town").order_by("town__name")
    )
    return render(request, "towns/profile.html", {"form": form, "memberships": memberships})


@login_required
def after_login(request: SignedInRequest) -> HttpResponse:
    """Where a login without `?next=` lands: the person's town when there is exactly one."""
    user = request.user
    towns = list(selectors.towns_of(user=user).only("slug")[:2])
    response = (
        redirect("towns:home", town_slug=towns[0].slug) if len(towns) == 1 else redirect("home")
    )
    set_language_cookie(response, user.language)
    return response


@login_required
@require_GET
def data_export(request: SignedInRequest) -> HttpResponse:
    data = services.user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="logbuch-meine-daten.json"'
    return response


@login_required
def account_delete(request: SignedInRequest) -> HttpResponse:
    user = request.user
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
