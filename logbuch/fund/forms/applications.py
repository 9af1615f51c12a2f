"""The applicant's forms: the application with its costs, answers and the proof of use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from logbuch.core import uploads
from logbuch.core.forms import DateInput, Form, ModelForm

from ..models import (
    Application,
    Attachment,
    Call,
    Category,
    CostType,
    Fund,
)
from ..money import EuroField
from ..services.applications import ATTACHMENT_TYPES, MAX_UPLOAD_BYTES

DATE = DateInput()


def check_upload(upload: UploadedFile[bytes] | None, *, kind: str) -> UploadedFile[bytes] | None:
    """Same checks as the service, early, so the form shows them next to the field."""
    if upload is not None:
        uploads.check_upload(upload, allowed=ATTACHMENT_TYPES[kind], max_bytes=MAX_UPLOAD_BYTES)
    return upload


class ApplicationForm(ModelForm):
    requested = EuroField(label=_("Wie viel Geld beantragen Sie? (Euro)"), min_cents=1)
    own_money = EuroField(
        label=_("Eigenmittel (Euro)"),
        required=False,
        help_text=_("Geld, das Sie selbst oder Unterstützer beitragen."),
    )
    attachment = forms.FileField(
        label=_("Anlage (PDF, JPEG oder PNG, höchstens 10 MB)"),
        required=False,
        help_text=_("Zum Beispiel ein Angebot oder eine Skizze."),
    )

    class Meta:
        model = Application
        fields = [
            "category",
            "call",
            "title",
            "description",
            "beneficiaries",
            "location",
            "start_date",
            "end_date",
            "applicant_type",
            "organisation_name",
            "applicant_birth_date",
            "resides_in_town",
            "in_kind_hours",
            "contact_name",
            "contact_email",
            "contact_phone",
            "consent_publish",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "beneficiaries": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE,
            "end_date": DATE,
            "applicant_birth_date": DateInput(attrs={"autocomplete": "bday"}),
            # The applicant's own details: the browser may fill them in (WCAG 1.3.5).
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TelInput(attrs={"autocomplete": "tel"}),
        }
        labels = {
            "category": _("Förderbereich"),
            "call": _("Aufruf"),
            "description": _("Beschreiben Sie Ihr Projekt in ein paar Sätzen"),
            "applicant_birth_date": _("Geburtsdatum (nur für Einzelpersonen)"),
            "organisation_name": _("Name der Gruppe, des Vereins oder der Einrichtung"),
        }

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = list(Category.objects.filter(fund=fund))
        self.fields["category"].queryset = Category.objects.filter(fund=fund)  # type: ignore[attr-defined]
        if len(categories) == 1 and not self.instance.category_id:
            self.initial["category"] = categories[0].pk
        self.fields["call"].queryset = Call.objects.filter(fund=fund)  # type: ignore[attr-defined]
        self.fields["call"].required = False
        self.fields["start_date"].required = True
        self.fields["end_date"].required = True
        self.fields["contact_email"].required = True
        self.fields["beneficiaries"].required = True
        if not Call.objects.filter(fund=fund).exists():
            del self.fields["call"]
        if self.instance.pk:
            self.fields["requested"].initial = self.instance.requested_cents
            self.fields["own_money"].initial = self.instance.own_money_cents

    def clean_attachment(self) -> UploadedFile[bytes] | None:
        return check_upload(self.cleaned_data.get("attachment"), kind=Attachment.Kind.APPLICATION)

    def save(self, commit: bool = True) -> Application:
        application: Application = super().save(commit=False)
        application.requested_cents = self.cleaned_data["requested"] or 0
        application.own_money_cents = self.cleaned_data["own_money"] or 0
        return application


class CostItemForm(Form):
    """One cost row. Every row may stay empty, but an application needs at least one, so the
    fields are not marked "optional"; a half-filled row marks the missing field."""

    marks_optional = False

    description = forms.CharField(label=_("Wofür?"), max_length=200, required=False)
    cost_type = forms.ChoiceField(label=_("Kostenart"), choices=CostType.choices, required=False)
    amount = EuroField(label=_("Betrag (Euro)"), required=False, min_cents=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_description = bool(data.get("description"))
        has_amount = data.get("amount") is not None or "amount" in self.errors
        if has_description and not has_amount:
            self.add_error("amount", _("Bitte geben Sie den Betrag dieses Postens an."))
        if has_amount and not has_description and "description" not in self.errors:
            self.add_error("description", _("Bitte sagen Sie, wofür dieser Betrag ist."))
        return data


CostItemFormSet = forms.formset_factory(CostItemForm, extra=0, max_num=30)


class AnswerForm(Form):
    answer = forms.CharField(label=_("Ihre Antwort"), widget=forms.Textarea(attrs={"rows": 3}))


class ProofForm(Form):
    report = forms.CharField(
        label=_("Kurzer Bericht: Was ist passiert, wer war dabei?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    spent = EuroField(label=_("Summe der Belege (Euro)"))
    receipts = forms.FileField(label=_("Belege (PDF, JPEG oder PNG)"), required=False)
    photo = forms.FileField(label=_("Foto (JPEG oder PNG)"), required=False)

    def clean_receipts(self) -> UploadedFile[bytes] | None:
        return check_upload(self.cleaned_data.get("receipts"), kind=Attachment.Kind.RECEIPT)

    def clean_photo(self) -> UploadedFile[bytes] | None:
        return check_upload(self.cleaned_data.get("photo"), kind=Attachment.Kind.PHOTO)
