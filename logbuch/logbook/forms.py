"""Forms of the Stellschrauben-Check: levers, rounds, codes, the answer pages, measures, progress
notes and logbook entries (choices limited to the town)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import ALL, FilterForm, Form
from logbuch.towns.models import Membership, Role, Town, User

from .errors import TooFewCodes
from .models import (
    HIGHER_LEVEL_AREA,
    SCALE_LABELS,
    Area,
    Demand,
    JournalKind,
    Lever,
    Measure,
    MeasureStatus,
    ParticipantGroup,
    default_lay_groups,
    default_professional_groups,
)
from .selectors.catalogue import levers_for_choice
from .services.participation import MAX_CODES_PER_BATCH, MIN_CODES_PER_BATCH, DraftEntry

DONT_KNOW = "x"
RATING_CHOICES = [(str(v), label) for v, label in SCALE_LABELS] + [(DONT_KNOW, _("weiß nicht"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LeverForm(Form):
    area = forms.ModelChoiceField(
        label=_("Bereich"), queryset=Area.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Kurztitel"), max_length=120)
    question = forms.CharField(
        label=_("Frage"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("So, wie sie allen Teilnehmenden gestellt wird."),
    )
    help_text = forms.CharField(
        label=_("Erläuterung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class RoundForm(Form):
    title = forms.CharField(
        label=_("Titel"), max_length=150, help_text=_("Zum Beispiel „Stellschrauben-Check 2026“.")
    )
    starts_on = forms.DateField(label=_("Beginn"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Ende"),
        widget=DateInput(),
        help_text=_("Letzter Tag, an dem Einschätzungen angenommen werden."),
    )
    groups = forms.MultipleChoiceField(
        label=_("Beteiligte Gruppen"),
        choices=ParticipantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    anonymous = forms.BooleanField(
        label=_("Anonyme Runde"),
        required=False,
        help_text=_(
            "Einschätzungen werden ohne Verbindung zur Person gespeichert; festgehalten wird "
            "nur, dass jemand teilgenommen hat."
        ),
    )
    professional_groups = forms.MultipleChoiceField(
        label=_("Als Profis zählen"),
        choices=ParticipantGroup.choices,
        initial=default_professional_groups,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Der Vergleich „Profis und Laien“ im Bericht stellt diese Gruppen …"),
    )
    lay_groups = forms.MultipleChoiceField(
        label=_("Als Laien zählen"),
        choices=ParticipantGroup.choices,
        initial=default_lay_groups,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "… diesen gegenüber. Eine Gruppe, die in keiner der beiden Listen steht (etwa der "
            "Stadtrat: in der Kleinstadt Ehrenamtliche mit Mandat), steht für sich."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if set(data.get("professional_groups") or []) & set(data.get("lay_groups") or []):
            self.add_error("lay_groups", _("Eine Gruppe zählt entweder als Profis oder als Laien."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))
        if ends and ends < timezone.localdate():
            self.add_error("ends_on", _("Das Ende darf nicht in der Vergangenheit liegen."))
        return data


class GroupForm(Form):
    group = forms.ChoiceField(label=_("Gruppe"), choices=())

    def __init__(self, *args: Any, groups: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            (g, ParticipantGroup(g).label) for g in groups
        ]


class CodesForm(GroupForm):
    count = forms.IntegerField(
        label=_("Anzahl Codes"),
        min_value=MIN_CODES_PER_BATCH,
        max_value=MAX_CODES_PER_BATCH,
        initial=10,
        help_text=_("Mindestens 3, damit kein Code allein steht."),
        error_messages={"min_value": TooFewCodes.message},
    )


class CodeEntryForm(Form):
    code = forms.CharField(
        label=_("Ihr Code"),
        max_length=40,
        help_text=_("Steht auf Ihrem Zettel, zum Beispiel ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AnswerForm(Form):
    """The Einschätzungen for a list of Stellschrauben (one area, or all for a paper sheet).

    Per Stellschraube: `v<id>` rating 0–4 or "weiß nicht", `c<id>` comment, `et<id>`/`ed<id>`/
    `eu<id>` evidence text, date and link. Text without a rating is refused, so nothing typed
    is silently dropped.
    """

    def __init__(
        self,
        *args: Any,
        levers: Sequence[Lever],
        draft: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.levers = list(levers)
        draft = draft or {}
        for lever in self.levers:
            i = lever.pk
            self.fields[f"v{i}"] = forms.ChoiceField(
                label=lever.question,
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                help_text=lever.help_text,
            )
            self.fields[f"c{i}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"et{i}"] = forms.CharField(
                label=_("Beleg"),
                required=False,
                max_length=300,
                help_text=_("Zum Beispiel „Ratsbeschluss Nr. 12/2025“."),
            )
            self.fields[f"ed{i}"] = forms.DateField(
                label=_("Datum des Belegs"), required=False, widget=DateInput()
            )
            self.fields[f"eu{i}"] = forms.URLField(
                label=_("Link zum Beleg"), required=False, assume_scheme="https"
            )
            entry = draft.get(str(i))
            if entry:
                self.initial[f"v{i}"] = (
                    DONT_KNOW if entry.get("dont_know") else str(entry.get("value", ""))
                )
                self.initial[f"c{i}"] = entry.get("comment", "")
                self.initial[f"et{i}"] = entry.get("evidence_text", "")
                self.initial[f"ed{i}"] = entry.get("evidence_date") or ""
                self.initial[f"eu{i}"] = entry.get("evidence_url", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for lever in self.levers:
            i = lever.pk
            has_text = any(data.get(f"{p}{i}") for p in ("c", "et", "ed", "eu"))
            if has_text and not data.get(f"v{i}"):
                self.add_error(
                    f"v{i}",
                    ValidationError(
                        _(
                            "Bitte wählen Sie eine Einschätzung oder „weiß nicht“, damit Ihr "
                            "Kommentar oder Beleg gespeichert wird."
                        )
                    ),
                )
        return data

    def blocks(self) -> list[dict[str, Any]]:
        """Per Stellschraube its bound fields, for the template."""
        return [
            {
                "lever": lever,
                "rating": self[f"v{lever.pk}"],
                "comment": self[f"c{lever.pk}"],
                "evidence_text": self[f"et{lever.pk}"],
                "evidence_date": self[f"ed{lever.pk}"],
                "evidence_url": self[f"eu{lever.pk}"],
                "has_extra": any(self[f"{p}{lever.pk}"].value() for p in ("c", "et", "ed", "eu"))
                or any(self.errors.get(f"{p}{lever.pk}") for p in ("c", "et", "ed", "eu")),
            }
            for lever in self.levers
        ]

    def entries(self) -> dict[int, DraftEntry]:
        out: dict[int, DraftEntry] = {}
        for lever in self.levers:
            i = lever.pk
            rating = self.cleaned_data.get(f"v{i}") or ""
            evidence_date: datetime.date | None = self.cleaned_data.get(f"ed{i}")
            out[i] = DraftEntry(
                value=int(rating) if rating not in ("", DONT_KNOW) else None,
                dont_know=rating == DONT_KNOW,
                comment=self.cleaned_data.get(f"c{i}") or "",
                evidence_text=self.cleaned_data.get(f"et{i}") or "",
                evidence_date=evidence_date.isoformat() if evidence_date else None,
                evidence_url=self.cleaned_data.get(f"eu{i}") or "",
            )
        return out


class PaperForm(AnswerForm):
    """One paper sheet typed in by the coordinator: its group plus all answers."""

    def __init__(self, *args: Any, groups: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"] = forms.ChoiceField(
            label=_("Gruppe auf dem Bogen"),
            choices=[(g, ParticipantGroup(g).label) for g in groups],
        )
        self.order_fields(["group"])


# --- Measures and the town logbook -------------------------------------------------------------


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
        # The town's current local Stellschrauben (higher-level ones lead to a Forderung),
        # plus the one a measure already has (it may have been hidden since).
        self.fields["lever"].queryset = (  # type: ignore[attr-defined]
            Lever.objects.visible_to(town)
            .filter(
                Q(pk__in=levers_for_choice(town).exclude(area__key=HIGHER_LEVEL_AREA).values("pk"))
                | Q(pk=current_lever or 0)
            )
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


# Suggestions for the addressee of a Forderung; any other text (a named funding body) is fine.
ADDRESSEE_SUGGESTIONS = (
    _("Land"),
    _("Bund"),
    _("Landkreis"),
    _("Fördermittelgeber"),
)


class AddresseeInput(forms.TextInput):
    """A text field with a list of suggestions (HTML `datalist`): free text with choices."""

    template_name = "logbook/demands/addressee_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-vorschlaege"
        context["suggestions"] = [str(s) for s in ADDRESSEE_SUGGESTIONS]
        return context


class DemandForm(Form):
    lever = LeverChoiceField(label=_("Stellschraube"), queryset=Lever.objects.none())
    text = forms.CharField(
        label=_("Forderung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Was braucht der Ort von der übergeordneten Ebene, und warum?"),
    )
    addressee = forms.CharField(
        label=_("An wen"),
        max_length=200,
        widget=AddresseeInput(attrs={"autocomplete": "off"}),
        help_text=_("Land, Bund oder ein Fördermittelgeber (Name frei wählbar)."),
        error_messages={
            "required": _("Bitte geben Sie an, an wen die Forderung geht: Land, Bund oder wen.")
        },
    )
    sent_on = forms.DateField(label=_("Abgeschickt am"), required=False, widget=DateInput())
    answered_on = forms.DateField(
        label=_("Antwort erhalten am"), required=False, widget=DateInput()
    )
    answer = forms.CharField(
        label=_("Antwort (kurz)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, town: Town, current_lever: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lever"].queryset = (  # type: ignore[attr-defined]
            Lever.objects.visible_to(town)
            .filter(
                Q(pk__in=levers_for_choice(town).filter(area__key=HIGHER_LEVEL_AREA).values("pk"))
                | Q(pk=current_lever or 0)
            )
            .select_related("area")
            .order_by("area__position", "position", "id")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sent, answered = data.get("sent_on"), data.get("answered_on")
        if answered and (not sent or answered < sent):
            self.add_error(
                "answered_on",
                _("Die Antwort kann erst nach dem Abschicken kommen: bitte beide Daten prüfen."),
            )
        return data

    @classmethod
    def initial_from(cls, demand: Demand) -> dict[str, Any]:
        return {name: getattr(demand, name) for name in cls.base_fields if name != "lever"} | {
            "lever": demand.lever_id
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
