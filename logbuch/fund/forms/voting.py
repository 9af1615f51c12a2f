"""Forms of public votes and assemblies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logbuch.core.forms import DateInput, DateTimeInput, Form

from ..models import (
    Application,
    ApplicationStatus,
    Category,
    Fund,
    PublicVoteOption,
    PublicVoting,
)
from ..money import EuroField, euro
from ..services.voting import MAX_CODES_PER_BATCH, AssemblyLine


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


SHORTLIST_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)


def _datetime_widget() -> forms.DateTimeInput:
    return DateTimeInput()


class EmailLinkForm(Form):
    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy(
            "Sie bekommen einen Link zum Abstimmen. Die Adresse speichern wir nicht."
        ),
    )


class CodeForm(Form):
    code = forms.CharField(
        label=gettext_lazy("Ihr Code vom Stimmzettel"),
        max_length=20,
        help_text=gettext_lazy("Zum Beispiel KX7P-MN3A-QR. Groß- und Kleinschreibung ist egal."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class BallotForm(Form):
    """One field per application on the list: a checkbox, or a number when votes cumulate."""

    token = forms.CharField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, voting: PublicVoting, options: list[PublicVoteOption], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.voting = voting
        self.options = options
        for option in options:
            title = (
                option.application.title
                if getattr(option, "published", False)
                else _("Antrag ohne Veröffentlichung")
            )
            label = f"{title} ({euro(option.application.requested_cents)})"
            if voting.allow_cumulation:
                self.fields[f"option_{option.pk}"] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=voting.votes_per_voter,
                    required=False,
                    initial=0,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
            else:
                self.fields[f"option_{option.pk}"] = forms.BooleanField(label=label, required=False)

    def choices(self) -> dict[int, int]:
        return {
            option.pk: int(self.cleaned_data.get(f"option_{option.pk}") or 0)
            for option in self.options
        }

    def option_fields(self) -> list[tuple[PublicVoteOption, forms.BoundField]]:
        return [(option, self[f"option_{option.pk}"]) for option in self.options]


class VotingForm(Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=150)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Förderbereich (aus ihm wird gezahlt)"),
        queryset=Category.objects.none(),
    )
    opens_at = forms.DateTimeField(label=gettext_lazy("Beginn"), widget=_datetime_widget())
    closes_at = forms.DateTimeField(label=gettext_lazy("Ende"), widget=_datetime_widget())
    budget = EuroField(label=gettext_lazy("Budget der Abstimmung in Euro"), min_cents=1)
    votes_per_voter = forms.IntegerField(
        label=gettext_lazy("Stimmen je Person"), min_value=1, max_value=20, initial=3
    )
    allow_cumulation = forms.BooleanField(
        label=gettext_lazy("Stimmen häufeln erlaubt (mehrere Stimmen für einen Antrag)"),
        required=False,
    )
    shortfall_rule = forms.ChoiceField(
        label=gettext_lazy("Wenn das Geld für den nächsten Antrag nicht reicht"),
        choices=PublicVoting.Shortfall.choices,
        initial=PublicVoting.Shortfall.REDUCE_LAST,
    )
    applications = ApplicationListField(label=gettext_lazy("Anträge auf der Liste"))

    def __init__(self, *args: Any, fund: Fund, voting: PublicVoting | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["category"].queryset = Category.objects.in_town(fund.town).filter(fund=fund)  # type: ignore[attr-defined]
        # A public vote shows its list to everyone: only applications that may be named.
        listed = Application.objects.publishable().in_town(fund.town).filter(fund=fund)
        if voting is None:
            listed = listed.filter(status__in=SHORTLIST_STATUSES)
        else:
            # A vote pays from its category: only that category's applications can be listed.
            listed = listed.filter(
                category_id=voting.category_id,
                status__in=(*SHORTLIST_STATUSES, ApplicationStatus.VOTING),
            )
        self.fields["applications"].queryset = listed.order_by("title", "pk")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Das Ende muss nach dem Beginn liegen."))
        return data


class CodesForm(Form):
    count = forms.IntegerField(
        label=gettext_lazy("Wie viele Codes?"),
        min_value=1,
        max_value=MAX_CODES_PER_BATCH,
        initial=100,
    )


class AssemblyForm(Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Förderbereich (aus ihm wird gezahlt)"), queryset=Category.objects.none()
    )
    held_on = forms.DateField(label=gettext_lazy("Datum der Versammlung"), widget=DateInput())
    place = forms.CharField(label=gettext_lazy("Ort"), max_length=150, required=False)
    attendees = forms.IntegerField(label=gettext_lazy("Anwesende"), min_value=0, initial=0)
    budget = EuroField(label=gettext_lazy("Budget der Versammlung in Euro"), min_cents=1)
    minutes = forms.CharField(label=gettext_lazy("Protokoll"), widget=forms.Textarea)

    def __init__(self, *args: Any, fund: Fund, applications: list[Application], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["category"].queryset = Category.objects.in_town(fund.town).filter(fund=fund)  # type: ignore[attr-defined]
        self.applications = applications
        for app in applications:
            self.fields[f"yes_{app.pk}"] = forms.IntegerField(
                label=_("Ja-Stimmen: %(title)s") % {"title": app.title},
                min_value=0,
                required=False,
            )
            self.fields[f"no_{app.pk}"] = forms.IntegerField(
                label=_("Nein-Stimmen: %(title)s") % {"title": app.title},
                min_value=0,
                required=False,
            )

    def lines(self) -> list[AssemblyLine]:
        lines = []
        for app in self.applications:
            yes = self.cleaned_data.get(f"yes_{app.pk}")
            no = self.cleaned_data.get(f"no_{app.pk}")
            if yes is None and no is None:
                continue
            lines.append(AssemblyLine(application=app, votes_yes=yes or 0, votes_no=no or 0))
        return lines

    def general_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("category", "held_on", "place", "attendees", "budget", "minutes")
        ]

    def vote_rows(self) -> list[tuple[Application, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"yes_{a.pk}"], self[f"no_{a.pk}"]) for a in self.applications]
