"""Forms for measures, progress notes and logbook entries; choices are limited to the town."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import ALL, FilterForm, Form
from logbuch.towns.models import Membership, Role, Town, User

from .models import JournalKind, Lever, Measure, MeasureStatus
from .selectors_results import levers_for_choice


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LeverChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}".strip()


class LeverMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}".strip()


def town_people(town: Town) -> Any:
    return User.objects.filter(
        Exists(Membership.objects.filter(town=town, user=OuterRef("pk")))
    ).order_by("name", "pk")


class MeasureForm(Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    goal = forms.CharField(
        label=_("Ziel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Woran merken wir, dass die Maßnahme gewirkt hat?"),
    )
    lever = LeverChoiceField(label=_("Stellschraube"), queryset=Lever.objects.none())
    owner_user = forms.ModelChoiceField(
        label=_("Verantwortliche Person"), queryset=User.objects.none(), required=False
    )
    owner_role = forms.ChoiceField(
        label=_("oder verantwortliche Rolle"),
        choices=[("", "—"), *Role.choices],
        required=False,
    )
    due_on = forms.DateField(label=_("Fällig am"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=MeasureStatus.choices, initial=MeasureStatus.PLANNED
    )

    def __init__(
        self, *args: Any, town: Town, current_lever: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The town's current Stellschrauben, plus the one a measure already has (it may have
        # been hidden since).
        self.fields["lever"].queryset = (  # type: ignore[attr-defined]
            Lever.objects.visible_to(town)
            .filter(Q(pk__in=levers_for_choice(town).values("pk")) | Q(pk=current_lever or 0))
            .select_related("area")
            .order_by("area__position", "position", "id")
        )
        self.fields["owner_user"].queryset = town_people(town)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("owner_user") and data.get("owner_role"):
            raise forms.ValidationError(
                _("Bitte nennen Sie entweder eine Person oder eine Rolle als verantwortlich.")
            )
        return data

    @classmethod
    def initial_from(cls, measure: Measure) -> dict[str, Any]:
        return {
            "title": measure.title,
            "goal": measure.goal,
            "lever": measure.lever_id,
            "owner_user": measure.owner_user_id,
            "owner_role": measure.owner_role,
            "due_on": measure.due_on,
            "status": measure.status,
        }


class MeasureStatusForm(Form):
    status = forms.ChoiceField(label=_("Neuer Status"), choices=MeasureStatus.choices)


class MeasureNoteForm(Form):
    noted_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    text = forms.CharField(
        label=_("Was ist passiert?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class JournalEntryForm(Form):
    happened_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=JournalKind.choices,
        help_text=_("Auch Scheitern gehört ins Logbuch: Scheitern ist erlaubt."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    levers = LeverMultipleChoiceField(
        label=_("Stellschrauben"),
        queryset=Lever.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Maßnahmen"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["levers"].queryset = levers_for_choice(town)  # type: ignore[attr-defined]
        self.fields["measures"].queryset = Measure.objects.in_town(town).order_by("title")  # type: ignore[attr-defined]


class MeasureFilterForm(FilterForm):
    """The filters of the measures board (rendered only; the view filters with core.listing)."""

    bereich = forms.ChoiceField(label=_("Bereich"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=ALL + MeasureStatus.choices
    )
    person = forms.ChoiceField(label=_("Verantwortliche Person"), required=False)
    rolle = forms.ChoiceField(
        label=_("Verantwortliche Rolle"), required=False, choices=ALL + Role.choices
    )

    def __init__(
        self, *args: Any, areas: list[tuple[str, str]], people: list[tuple[int, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["bereich"].choices = ALL + areas  # type: ignore[attr-defined]
        self.fields["person"].choices = ALL + people  # type: ignore[attr-defined]


class JournalFilterForm(FilterForm):
    """The filters of the town logbook (rendered only; the view filters with core.listing)."""

    art = forms.ChoiceField(label=_("Art"), required=False, choices=ALL + JournalKind.choices)
    stellschraube = forms.ChoiceField(label=_("Stellschraube"), required=False)
    jahr = forms.ChoiceField(label=_("Jahr"), required=False)

    def __init__(
        self, *args: Any, levers: list[tuple[int, str]], years: list[int], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["stellschraube"].choices = ALL + levers  # type: ignore[attr-defined]
        self.fields["jahr"].choices = ALL + [(y, y) for y in years]  # type: ignore[attr-defined]
