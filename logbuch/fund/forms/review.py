"""The coordinator's and the jury's forms on an application."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import ALL, FilterForm, Form

from ..models import (
    ApplicationStatus,
    Category,
    Decision,
    DecisionMode,
    Fund,
    JuryVote,
)
from ..money import EuroField


class QuestionForm(Form):
    text = forms.CharField(label=_("Ihre Frage"), widget=forms.Textarea(attrs={"rows": 3}))


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
            c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT
        ]
        self.fields["category"].queryset = Category.objects.filter(fund=fund)  # type: ignore[attr-defined]
