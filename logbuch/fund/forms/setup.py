"""The coordinator's forms for setting a fund up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import DateTimeInput, Form, ModelForm

from ..models import (
    ApplicantType,
    Call,
    Category,
    CostType,
    Fund,
    FundSource,
    JuryMember,
)
from ..money import EuroField, parse_euro
from .applications import DATE

DATETIME = DateTimeInput()


class FundForm(ModelForm):
    class Meta:
        model = Fund
        fields = ["name", "year", "description", "is_open"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


# The setup page shows the next four forms side by side: each has a prefix of its own, so no
# two fields share an id (two "id_amount" left one "Betrag" field without a name).


class SourceForm(Form):
    prefix = "quelle"
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
    prefix = "umschichtung"
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
    prefix = "aufruf"

    class Meta:
        model = Call
        fields = ["name", "opens_at", "closes_at", "decision_on"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME, "decision_on": DATE}
        help_texts = {"closes_at": _("Leer lassen für laufende Antragstellung ohne Frist.")}


class JuryMemberForm(Form):
    prefix = "jury"
    email = forms.EmailField(label=_("E-Mail der Person"))
    role = forms.ChoiceField(label=_("Rolle in der Jury"), choices=JuryMember.JuryRole.choices)
