from __future__ import annotations

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
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from logbuch.core.emails import email_after_commit
from logbuch.core.forms import Form, KernFormMixin, ModelForm

from .models import Invitation, Membership, Role, Town, User


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
    def send_mail(  # noqa: PLR0917 - the signature is Django's
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Like Django's, but through email_after_commit, in the person's own language."""
        user = context.get("user")
        language = getattr(user, "language", None)
        with translation.override(language or translation.get_language()):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
        email_after_commit(
            recipients=[to_email],
            subject=subject,
            template=email_template_name,
            context=context,
            language=language,
        )


class KernSetPasswordForm(KernFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass


class KernPasswordChangeForm(KernFormMixin, PasswordChangeForm):  # type: ignore[type-arg]
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
    email = forms.EmailField(
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
        email = str(self.cleaned_data["email"]).strip().lower()
        if Membership.objects.in_town(self.town).filter(user__email__iexact=email).exists():
            raise ValidationError(_("Diese Person gehört schon zum Ort."))
        if (
            Invitation.objects.in_town(self.town)
            .filter(email__iexact=email, used_at__isnull=True)
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
    name = forms.CharField(label=_("Ihr Name"), max_length=150)
    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"))
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
        logo.name = f"{self.instance.slug}.{LOGO_FORMATS[image_format]}"
        return logo


class MembersFilterForm(Form):
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
