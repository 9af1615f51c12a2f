from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from logbuch.core.forms import (
    FilterForm,
    Form,
    KernFormMixin,
    ModelForm,
    NormalizedEmailField,
)

from . import account_tasks, throttle
from .models import Invitation, Membership, Role, Town, User


class EmailAuthenticationForm(KernFormMixin, AuthenticationForm):
    """Login by email address; each account is slowed down after failures (towns.throttle)."""

    username = NormalizedEmailField(
        label=_("E-Mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "E-Mail oder Passwort stimmen nicht. Bitte versuchen Sie es noch einmal."
        ),
        "inactive": _("Dieses Konto ist nicht aktiv."),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password"):
            return super().clean()
        wait = throttle.login_attempt_start(email)
        if wait:
            raise ValidationError(
                ngettext(
                    "Bitte warten Sie %(seconds)d Sekunde und versuchen Sie es dann noch einmal.",
                    "Bitte warten Sie %(seconds)d Sekunden und versuchen Sie es dann noch einmal.",
                    wait,
                )
                % {"seconds": wait},
                code="wait",
            )
        try:
            data = super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                throttle.login_failed(email)
            raise
        throttle.login_succeeded(email)
        return data


class KernPasswordResetForm(KernFormMixin, PasswordResetForm):
    """Django's reset form; the request only enqueues a task, whether or not the address is known.

    The task (`account_tasks.password_reset_send`) looks the address up and mails or does
    nothing, so the answer and its timing are the same for known and unknown addresses, and
    each address gets at most `RESET_MAILS_PER_HOUR` mails an hour.
    """

    email = NormalizedEmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Django's arguments (templates, token generator) are fixed for this site."""
        request = kwargs.get("request")
        account_tasks.password_reset_enqueue(
            email=self.cleaned_data["email"],
            domain=kwargs.get("domain_override") or (request.get_host() if request else ""),
            use_https=bool(kwargs.get("use_https")),
        )


class KernSetPasswordForm(KernFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass


class KernPasswordChangeForm(KernFormMixin, PasswordChangeForm):
    pass


def role_choices(*, may_grant_town_admin: bool) -> list[tuple[str, Any]]:
    """Only the town administration may hand out the town-admin role."""
    return [
        (value, label)
        for value, label in Role.choices
        if may_grant_town_admin or value != Role.TOWN_ADMIN
    ]


def _set_role_choices(form: forms.Form, *, may_grant_town_admin: bool) -> None:
    field = form.fields["roles"]
    assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - narrows the type
    field.choices = role_choices(may_grant_town_admin=may_grant_town_admin)


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Rollen"))
        kwargs.setdefault(
            "error_messages", {"required": _("Bitte wählen Sie mindestens eine Rolle.")}
        )
        super().__init__(**kwargs)


class InvitationForm(Form):
    email = NormalizedEmailField(
        label=_("E-Mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Für die Anrede in der E-Mail."),
    )
    roles = RolesField()

    def __init__(self, *args: Any, town: Town, may_grant_town_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.town = town
        _set_role_choices(self, may_grant_town_admin=may_grant_town_admin)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"])
        if Membership.objects.in_town(self.town).filter(user__email=email).exists():
            raise ValidationError(_("Diese Person gehört schon zum Ort."))
        if (
            Invitation.objects.in_town(self.town)
            .filter(email=email, used_at__isnull=True)
            .filter(expires_at__gt=timezone.now())
            .exists()
        ):
            raise ValidationError(_("An diese Adresse ist schon eine Einladung unterwegs."))
        return email


class PaperMemberForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    roles = RolesField()

    def __init__(self, *args: Any, may_grant_town_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_role_choices(self, may_grant_town_admin=may_grant_town_admin)


class RolesForm(Form):
    roles = RolesField()

    def __init__(self, *args: Any, may_grant_town_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_role_choices(self, may_grant_town_admin=may_grant_town_admin)


class NewPersonForm(Form):
    """Joining through an invitation: the email address comes from the invitation."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 8 Zeichen, nicht nur Ziffern."),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif p1:
            probe = User(email=self.email, name=data.get("name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class InvitationRequestForm(Form):
    name = forms.CharField(
        label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = NormalizedEmailField(
        label=_("Ihre E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    note = forms.CharField(
        label=_("Nachricht an die Koordinierungsstelle"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]
        labels = {"name": _("Name"), "language": _("Sprache")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}


class AccountDeleteForm(Form):
    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise ValidationError(_("Das Passwort stimmt nicht."))
        return password


LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
LOGO_MAX_BYTES = 1024 * 1024


class TownForm(ModelForm):
    class Meta:
        model = Town
        fields = [
            "name",
            "population",
            "contact_name",
            "contact_email",
            "contact_phone",
            "address",
            "logo",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "logo": forms.FileInput}
        help_texts = {"logo": _("PNG, JPEG oder WebP, höchstens 1 MB.")}

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.instance.logo:
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise ValidationError(_("Das Logo ist größer als 1 MB."))
        # Django's ImageField has already opened the file with Pillow; only raster formats
        # are accepted (SVG can carry scripts).
        image_format = getattr(getattr(logo, "image", None), "format", None)
        if image_format not in LOGO_FORMATS:
            raise ValidationError(_("Bitte laden Sie ein PNG-, JPEG- oder WebP-Bild hoch."))
        # A random name with the type Pillow found: the sender's name and extension are not used.
        logo.name = f"{uuid.uuid4().hex}.{LOGO_FORMATS[image_format]}"
        return logo


class MembersFilterForm(FilterForm):
    """The search, role filter and sort order of the members page (all values allow-listed)."""

    suche = forms.CharField(label=_("Name oder E-Mail"), required=False, max_length=100)
    rolle = forms.ChoiceField(
        label=_("Rolle"), required=False, choices=[("", _("Alle Rollen")), *Role.choices]
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("-beigetreten", _("Neueste zuerst")),
            ("beigetreten", _("Älteste zuerst")),
        ],
    )


class AuditFilterForm(FilterForm):
    """The audit log's filter: the steps this town's log holds (`actions`: code, label)."""

    aktion = forms.ChoiceField(label=_("Was"), required=False)

    def __init__(self, *args: Any, actions: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aktion"].choices = [("", _("Alle Schritte")), *actions]  # type: ignore[attr-defined]
