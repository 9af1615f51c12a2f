"""Forms of the Mitmach-Fonds: amounts are typed in euros and kept as cents."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from logbuch.core import uploads
from logbuch.core.forms import ALL, FilterForm, Form, ModelForm

from .models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Call,
    Category,
    CostType,
    Decision,
    DecisionMode,
    Fund,
    FundSource,
    JuryMember,
    JuryVote,
)
from .money import euro, parse_euro
from .services import ATTACHMENT_TYPES, MAX_UPLOAD_BYTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _TitleChoices(ModelChoiceIterator[Application]):
    """Choices as (pk, title) rows: no model instance per option only to print its title."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, title in self.queryset.values_list("pk", "title"):
            # No instance: the widgets here only print the value and the title.
            yield (ModelChoiceIteratorValue(pk, None), title)  # type: ignore[arg-type]


class ApplicationListField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Applications to tick in a long list, labelled by title (Application.__str__).

    Rendered as Django's checkboxes through core/forms/field.html; cleaning still returns the
    applications as model instances from the field's queryset.
    """

    iterator = _TitleChoices

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=Application.objects.none(), **kwargs)


class EuroField(forms.CharField):
    """Typed as '1.500' or '1500,50' (euros), cleaned to integer cents."""

    def __init__(self, *args: Any, min_cents: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.min_cents = min_cents
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return euro(value).replace(" €", "")
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            cents = parse_euro(text)
        except ValueError as exc:
            raise ValidationError(
                _("Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.500 oder 1500,50.")
            ) from exc
        if cents < self.min_cents:
            raise ValidationError(
                _("Der Betrag muss mindestens %(min)s sein.") % {"min": euro(self.min_cents)}
            )
        return cents


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
            "applicant_birth_date": DATE,
        }
        labels = {
            "category": _("Förderbereich"),
            "call": _("Aufruf"),
            "description": _("Beschreiben Sie Ihr Vorhaben in ein paar Sätzen"),
            "applicant_birth_date": _("Geburtsdatum (nur für Einzelpersonen)"),
            "organisation_name": _("Name der Gruppe, des Vereins oder der Einrichtung"),
        }

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = list(Category.objects.filter(fund=fund))
        self.fields["category"].queryset = Category.objects.filter(fund=fund)  # type: ignore[attr-defined]
        self.fields["category"].empty_label = _("Bitte wählen")  # type: ignore[attr-defined]
        if len(categories) == 1 and not self.instance.category_id:
            self.initial["category"] = categories[0].pk
        self.fields["call"].queryset = Call.objects.filter(fund=fund)  # type: ignore[attr-defined]
        self.fields["call"].empty_label = _("Bitte wählen")  # type: ignore[attr-defined]
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
        return check_upload(self.cleaned_data.get("attachment"), kind="antrag")

    def save(self, commit: bool = True) -> Application:
        application: Application = super().save(commit=False)
        application.requested_cents = self.cleaned_data["requested"] or 0
        application.own_money_cents = self.cleaned_data["own_money"] or 0
        return application


class CostItemForm(Form):
    description = forms.CharField(label=_("Wofür?"), max_length=200, required=False)
    cost_type = forms.ChoiceField(label=_("Kostenart"), choices=CostType.choices, required=False)
    amount = EuroField(label=_("Betrag (Euro)"), required=False, min_cents=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [bool(data.get("description")), data.get("amount") is not None]
        if any(filled) and not all(filled):
            raise ValidationError(_("Bitte geben Sie zu jedem Kostenposten Zweck und Betrag an."))
        return data


CostItemFormSet = forms.formset_factory(CostItemForm, extra=0, max_num=30)


class FundForm(ModelForm):
    class Meta:
        model = Fund
        fields = ["name", "year", "description", "is_open"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SourceForm(Form):
    kind = forms.ChoiceField(label=_("Art"), choices=FundSource.Kind.choices)
    name = forms.CharField(label=_("Geldgeber"), max_length=120)
    amount = EuroField(label=_("Betrag (Euro)"), min_cents=1)
    category = forms.ModelChoiceField(
        label=_("Förderbereich"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Noch nicht verteilt"),
    )

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(fund=fund)  # type: ignore[attr-defined]


class ReallocateForm(Form):
    from_category = forms.ModelChoiceField(
        label=_("Von"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Nicht verteiltes Geld"),
    )
    to_category = forms.ModelChoiceField(
        label=_("Nach"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Nicht verteiltes Geld"),
    )
    amount = EuroField(label=_("Betrag (Euro)"), min_cents=1)
    reason = forms.CharField(label=_("Grund"), max_length=300)

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_category", "to_category"):
            self.fields[name].queryset = Category.objects.filter(fund=fund)  # type: ignore[attr-defined]


CENTS_FIELDS = {
    "min_amount_cents": _("Mindestbetrag je Antrag (Euro)"),
    "max_amount_cents": _("Höchstbetrag je Antrag (Euro)"),
    "fixed_amount_cents": _("Fester Betrag je Antrag (Euro)"),
    "fast_track_max_cents": _("Schnellverfahren bis (Euro, 0 = kein Schnellverfahren)"),
    "in_kind_hourly_rate_cents": _("Eigenleistung: Stundensatz (Euro)"),
}


class CategoryForm(ModelForm):
    applicant_types = forms.MultipleChoiceField(
        label=_("Wer darf beantragen (keine Auswahl = alle)"),
        choices=ApplicantType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    eligible_cost_types = forms.MultipleChoiceField(
        label=_("Förderfähige Kostenarten (keine Auswahl = alle)"),
        choices=CostType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    excluded_cost_types = forms.MultipleChoiceField(
        label=_("Nicht förderfähige Kostenarten"),
        choices=CostType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tiers = forms.CharField(
        label=_("Förderstufen in Euro (optional, z. B. 5000, 10000, 15000)"),
        required=False,
        max_length=200,
    )
    budget = EuroField(label=_("Budget dieses Förderbereichs (Euro)"), required=False)

    class Meta:
        model = Category
        fields = [
            "name",
            "description",
            "jury_enabled",
            "jury_quorum_percent",
            "jury_majority",
            "public_vote_enabled",
            "assembly_enabled",
            "person_min_age",
            "person_requires_residence",
            "max_applications_per_call",
            "waiting_period_years",
            "own_share_percent",
            "in_kind_allowed",
            "in_kind_cap_percent",
            "admin_flat_rate_percent",
            "no_retroactive_funding",
            "payout_schedule",
            "first_payout_percent",
            "proof_deadline_kind",
            "proof_deadline_date",
            "proof_deadline_weeks",
            "proof_requires_report",
            "proof_requires_receipts",
            "proof_requires_photos",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "proof_deadline_date": DATE,
            "payout_schedule": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CENTS_FIELDS.items():
            required = name == "max_amount_cents"
            self.fields[name.removesuffix("_cents")] = EuroField(label=label, required=required)
            value = getattr(self.instance, name, None)
            if value is not None and (self.instance.pk or name != "fixed_amount_cents"):
                self.fields[name.removesuffix("_cents")].initial = value
        self.fields["tiers"].initial = ", ".join(
            str(t // 100) for t in (self.instance.tiers_cents or [])
        )
        self.fields["applicant_types"].initial = self.instance.applicant_types
        self.fields["excluded_cost_types"].initial = self.instance.excluded_cost_types
        self.fields["eligible_cost_types"].initial = self.instance.eligible_cost_types
        self.fields["own_share_percent"].validators.append(_max_50)
        self.fields["own_share_percent"].help_text = _("0 bis 50 %")

    def clean_tiers(self) -> list[int]:
        text = self.cleaned_data.get("tiers") or ""
        tiers = []
        for part in text.replace(";", ",").split(","):
            if part.strip():
                try:
                    tiers.append(parse_euro(part))
                except ValueError as exc:
                    raise ValidationError(
                        _("Bitte Förderstufen als Beträge mit Komma getrennt angeben.")
                    ) from exc
        return sorted(tiers)

    def save(self, commit: bool = True) -> Category:
        category: Category = super().save(commit=False)
        for name in CENTS_FIELDS:
            value = self.cleaned_data.get(name.removesuffix("_cents"))
            if name == "fixed_amount_cents":
                category.fixed_amount_cents = value
            else:
                setattr(category, name, value or 0)
        category.tiers_cents = self.cleaned_data["tiers"]
        category.applicant_types = self.cleaned_data["applicant_types"]
        category.excluded_cost_types = self.cleaned_data["excluded_cost_types"]
        category.eligible_cost_types = self.cleaned_data["eligible_cost_types"]
        return category


def _max_50(value: int) -> None:
    if value > 50:
        raise ValidationError(_("Der Eigenanteil kann höchstens 50 % betragen."))


class CallForm(ModelForm):
    class Meta:
        model = Call
        fields = ["name", "opens_at", "closes_at", "decision_on"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME, "decision_on": DATE}
        help_texts = {"closes_at": _("Leer lassen für laufende Antragstellung ohne Frist.")}


class JuryMemberForm(Form):
    email = forms.EmailField(label=_("E-Mail der Person"))
    role = forms.ChoiceField(label=_("Rolle in der Jury"), choices=JuryMember.JuryRole.choices)


class QuestionForm(Form):
    text = forms.CharField(label=_("Ihre Frage"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(Form):
    answer = forms.CharField(label=_("Ihre Antwort"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(Form):
    mode = forms.ChoiceField(label=_("Verfahren"), choices=DecisionMode.choices)
    outcome = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[
            (Decision.Outcome.APPROVED_FULL, _("Bewilligen")),
            (Decision.Outcome.REJECTED, _("Ablehnen")),
        ],
        widget=forms.RadioSelect,
    )
    amount = EuroField(
        label=_("Bewilligter Betrag (Euro)"),
        required=False,
        help_text=_("Weniger als beantragt heißt: teilweise bewilligt."),
    )
    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, category: Category, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modes = []
        if category.fast_track_max_cents:
            modes.append((DecisionMode.FAST_TRACK, DecisionMode.FAST_TRACK.label))
        if category.assembly_enabled:
            modes.append((DecisionMode.ASSEMBLY, DecisionMode.ASSEMBLY.label))
        self.has_modes = bool(modes)
        self.fields["mode"].choices = modes  # type: ignore[attr-defined]


class JuryDecideForm(Form):
    amount = EuroField(label=_("Bewilligter Betrag bei Zustimmung (Euro)"), min_cents=1)
    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(
        label=_("Protokoll der Jury"), widget=forms.Textarea(attrs={"rows": 4})
    )


class JuryVoteForm(Form):
    choice = forms.ChoiceField(
        label=_("Ihre Stimme"), choices=JuryVote.Choice.choices, widget=forms.RadioSelect
    )


class ConflictForm(Form):
    reason = forms.CharField(label=_("Grund der Befangenheit"), max_length=200, required=False)


class PayoutForm(Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    amount = EuroField(label=_("Betrag laut Belegen (Euro)"), required=False, min_cents=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex


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
        return check_upload(self.cleaned_data.get("receipts"), kind="beleg")

    def clean_photo(self) -> UploadedFile[bytes] | None:
        return check_upload(self.cleaned_data.get("photo"), kind="foto")


class ProofCheckForm(Form):
    accepted = EuroField(label=_("Anerkannter Betrag (Euro)"))
    note = forms.CharField(
        label=_("Vermerk"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReviewFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("Stand"), required=False)
    category = forms.ModelChoiceField(
        label=_("Förderbereich"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=ALL[0][1],
    )
    suche = forms.CharField(label=_("Suche"), required=False, max_length=100)

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ALL + [  # type: ignore[attr-defined]
            c for c in ApplicationStatus.choices if c[0] != "entwurf"
        ]
        self.fields["category"].queryset = Category.objects.filter(fund=fund)  # type: ignore[attr-defined]
