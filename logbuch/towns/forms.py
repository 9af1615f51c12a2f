from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import KernFormMixin


class EmailAuthenticationForm(KernFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-Mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "E-Mail oder Passwort stimmen nicht. Bitte versuchen Sie es noch einmal."
        ),
        "inactive": _("Dieses Konto ist nicht aktiv."),
    }


class KernPasswordResetForm(KernFormMixin, PasswordResetForm):
    pass


class KernSetPasswordForm(KernFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass
