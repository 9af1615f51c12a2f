"""Forms of the Stellschrauben-Check: levers, rounds, codes, the answer pages, measures, progress
notes and logbook entries (choices limited to the town)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import ALL, DateInput, FilterForm, Form
from logbuch.towns.models import Membership, Role, Town, User

from .errors import TooFewCodes
from .models import (
    DEFAULT_SCALE_HIGH,
    DEFAULT_SCALE_LOW,
    HIGHER_LEVEL_AREA,
    LIST_KIND_PLURALS,
    LIST_MAX_CHARS,
    LIST_MAX_ENTRIES,
    SCALE_MAX,
    SCALE_MIN,
    WORK_STATUS_CHOICES,
    WORK_STATUSES,
    Area,
    Demand,
    JournalKind,
    Lever,
    ListKind,
    Measure,
    MeasureStatus,
    ParticipantGroup,
    default_lay_groups,
    default_professional_groups,
    list_key,
)
from .selectors.catalogue import lever_choices, levers_for_choice
from .services.participation import (
    MAX_CODES_PER_BATCH,
    MIN_CODES_PER_BATCH,
    DraftEntry,
    ListItem,
)

DONT_KNOW = "x"


class LeverScaleForm(Form):
    """The answer parts of a town's own Stellschraube: the poles of its 0–4 scale and, where it
    asks which/where/with whom, the kinds of its list answer."""

    scale_low = forms.CharField(
        label=_("Bedeutung von 0"),
        max_length=60,
        required=False,
        help_text=_("In den Worten der Frage, zum Beispiel „nur Projekte“. Leer: „%(word)s“.")
        % {"word": DEFAULT_SCALE_LOW},
    )
    scale_high = forms.CharField(
        label=_("Bedeutung von 4"),
        max_length=60,
        required=False,
        help_text=_("Zum Beispiel „Prozesse“. Leer: „%(word)s“.") % {"word": DEFAULT_SCALE_HIGH},
    )
    list_kinds = forms.MultipleChoiceField(
        label=_("Listenantwort: Was sollen die Teilnehmenden aufzählen?"),
        choices=[(k, LIST_KIND_PLURALS[k]) for k in ListKind.values],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Nur wenn die Frage nach Orten, Personen oder Wegen fragt (welche, wo, mit wem, "
            "über welche Kanäle)."
        ),
    )


class LeverForm(LeverScaleForm):
    field_order = ["area", "title", "question", "help_text"]

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


def _list_text(items: Sequence[Mapping[str, str]]) -> str:
    """A stored list answer as the lines of its text box ("Eintrag: Anmerkung")."""
    return "\n".join(
        f"{item['text']}: {item['note']}" if item.get("note") else item["text"] for item in items
    )


def parse_list_answer(text: str, kind: str) -> list[ListItem]:
    """The lines of a list answer's text box as entries: one per line, a note after the first
    colon; trimmed, empty lines dropped, the same entry (case and spacing aside) kept once.

    Raises `ValidationError` (with the typed text left in the field) for more than
    `LIST_MAX_ENTRIES` entries or an entry or note over `LIST_MAX_CHARS` characters.
    """
    items: list[ListItem] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        item, _sep, note = line.partition(":")
        item, note = " ".join(item.split()), " ".join(note.split())
        if not item:
            continue
        longest = max(len(item), len(note))
        if longest > LIST_MAX_CHARS:
            raise ValidationError(
                _(
                    "Zeile %(line)d ist zu lang (%(n)d Zeichen). Bitte höchstens %(max)d "
                    "Zeichen je Eintrag und je Anmerkung – Ihr Text ist noch da."
                ),
                params={"line": number, "n": longest, "max": LIST_MAX_CHARS},
                code="too_long",
            )
        if list_key(item) in seen:
            continue
        seen.add(list_key(item))
        items.append(ListItem(kind=kind, text=item, note=note))
    if len(items) > LIST_MAX_ENTRIES:
        raise ValidationError(
            _(
                "Bitte höchstens %(max)d Einträge – hier sind es %(n)d. Fassen Sie ähnliche "
                "zusammen; Ihr Text ist noch da."
            ),
            params={"n": len(items), "max": LIST_MAX_ENTRIES},
            code="too_many",
        )
    return items


# An example line per kind of list entry, shown under its text box.
LIST_EXAMPLES: dict[str, Any] = {
    ListKind.PLACE: _("Alte Schule: Erdgeschoss steht leer"),
    ListKind.PARTNER: _("Heimatverein: hat Werkzeug und Leute"),
    ListKind.ACTOR: _("Jugendclub am Markt"),
    ListKind.CHANNEL: _("Amtsblatt: erscheint nur monatlich"),
    ListKind.RESOURCE: _("Fortbildung des Landkreises"),
    ListKind.CONDITION: _("Stammtisch im Rathaus: jeden ersten Montag"),
}


def list_help_text(kind: str) -> str:
    return str(
        _(
            "Einer je Zeile, eine Anmerkung nach einem Doppelpunkt, höchstens %(max)d – zum "
            "Beispiel „%(example)s“."
        )
        % {"max": LIST_MAX_ENTRIES, "example": LIST_EXAMPLES[kind]}
    )


def scale_choices(lever: Lever) -> list[tuple[str, str]]:
    """The 0–4 scale with the Stellschraube's own pole labels at 0 and 4, then "weiß nicht"."""
    labels = {SCALE_MIN: f"0 – {lever.pole_low}", SCALE_MAX: f"4 – {lever.pole_high}"}
    return [(str(v), labels.get(v, str(v))) for v in range(SCALE_MIN, SCALE_MAX + 1)] + [
        (DONT_KNOW, str(_("weiß nicht")))
    ]


class AnswerForm(Form):
    """The Einschätzungen for a list of Stellschrauben (one area, or all for a paper sheet).

    Per Stellschraube: `v<id>` rating 0–4 (with its own pole labels) or "weiß nicht",
    `l<id>_<kind>` its list answer (one entry per line) where it asks which/where/with whom,
    `c<id>` comment, `et<id>`/`ed<id>`/`eu<id>` evidence text, date and link. Text without a
    rating is refused, so nothing typed is silently dropped. The answer page writes the
    inputs itself (`_lever_answer.html`, with their KERN classes), so these fields need no
    render-time styling.
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
                choices=scale_choices(lever),
                widget=forms.RadioSelect,
                required=False,
                help_text=lever.help_text,
            )
            for kind, heading in lever.list_fields:
                self.fields[f"l{i}_{kind}"] = forms.CharField(
                    label=heading,
                    help_text=list_help_text(kind),
                    required=False,
                    strip=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
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
                label=_("Datum des Belegs"),
                required=False,
                input_formats=["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"],
                help_text=_("TT.MM.JJJJ, zum Beispiel 14.03.2025"),
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
                stored_date = entry.get("evidence_date")
                self.initial[f"ed{i}"] = (
                    datetime.date.fromisoformat(stored_date).strftime("%d.%m.%Y")
                    if stored_date
                    else ""
                )
                self.initial[f"eu{i}"] = entry.get("evidence_url", "")
                for kind, _heading in lever.list_fields:
                    self.initial[f"l{i}_{kind}"] = _list_text(
                        [it for it in entry.get("items", []) if it.get("kind") == kind]
                    )

    def _list_names(self, lever: Lever) -> list[str]:
        return [f"l{lever.pk}_{kind}" for kind, _heading in lever.list_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.items: dict[int, list[ListItem]] = {}
        for lever in self.levers:
            i = lever.pk
            items: list[ListItem] = []
            for kind, _heading in lever.list_fields:
                name = f"l{i}_{kind}"
                try:
                    items += parse_list_answer(data.get(name) or "", kind)
                except ValidationError as error:
                    self.add_error(name, error)
            self.items[i] = items
            has_text = bool(items) or any(data.get(f"{p}{i}") for p in ("c", "et", "ed", "eu"))
            if has_text and not data.get(f"v{i}") and f"v{i}" not in self.errors:
                self.add_error(
                    f"v{i}",
                    ValidationError(
                        _(
                            "Bitte wählen Sie eine Einschätzung oder „weiß nicht“, damit Ihre "
                            "Einträge, Ihr Kommentar oder Beleg gespeichert werden."
                        )
                    ),
                )
        return data

    def blocks(self) -> list[dict[str, Any]]:
        """Per Stellschraube its bound fields, for the template."""
        out = []
        for lever in self.levers:
            i = lever.pk
            rating = self[f"v{i}"]
            value = rating.value()
            evidence = [f"et{i}", f"ed{i}", f"eu{i}"]
            out.append(
                {
                    "lever": lever,
                    "rating": rating,
                    "options": [
                        {
                            "value": str(v),
                            "number": v,
                            "id": f"{rating.auto_id}_{v}",
                            "checked": str(value) == str(v),
                            "pole": {SCALE_MIN: lever.pole_low, SCALE_MAX: lever.pole_high}.get(
                                v, ""
                            ),
                        }
                        for v in range(SCALE_MIN, SCALE_MAX + 1)
                    ],
                    "dont_know": {
                        "value": DONT_KNOW,
                        "id": f"{rating.auto_id}_x",
                        "checked": value == DONT_KNOW,
                    },
                    "lists": [self[name] for name in self._list_names(lever)],
                    "comment": self[f"c{i}"],
                    "evidence": [self[name] for name in evidence],
                    "evidence_open": any(self[n].value() for n in evidence)
                    or any(self.errors.get(n) for n in evidence),
                }
            )
        return out

    def answered(self) -> int:
        return sum(1 for lever in self.levers if self[f"v{lever.pk}"].value())

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
                items=self.items.get(i, []),
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


class CarryForm(Form):
    """The hidden fields of one "In die Liste übernehmen" button on a Stellschraube's results."""

    kind = forms.ChoiceField(choices=ListKind.choices, widget=forms.HiddenInput)
    key = forms.CharField(max_length=LIST_MAX_CHARS, widget=forms.HiddenInput)


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


class _ResponsibleFields(Form):
    """Who is responsible (a person or a role, not both) and by when."""

    owner_user = forms.ModelChoiceField(
        label=_("Verantwortliche Person"), queryset=User.objects.none(), required=False
    )
    owner_role = forms.ChoiceField(
        label=_("oder verantwortliche Rolle"),
        choices=[("", "—"), *Role.choices],
        required=False,
    )
    due_on = forms.DateField(label=_("Fällig am"), required=False, widget=DateInput())

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = town_people(town)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("owner_user") and data.get("owner_role"):
            raise forms.ValidationError(
                _("Bitte nennen Sie entweder eine Person oder eine Rolle als verantwortlich.")
            )
        return data


class MeasureForm(_ResponsibleFields):
    field_order = ["title", "goal", "lever", "owner_user", "owner_role", "due_on", "status"]

    title = forms.CharField(label=_("Titel"), max_length=200)
    goal = forms.CharField(
        label=_("Ziel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Woran merken wir, dass die Maßnahme gewirkt hat?"),
    )
    lever = LeverChoiceField(label=_("Stellschraube"), queryset=Lever.objects.none())
    status = forms.ChoiceField(
        label=_("Status"), choices=WORK_STATUS_CHOICES, initial=MeasureStatus.PLANNED
    )

    def __init__(
        self, *args: Any, town: Town, current_lever: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, town=town, **kwargs)
        # Higher-level Stellschrauben lead to a Forderung, not a measure.
        self.fields["lever"].queryset = lever_choices(  # type: ignore[attr-defined]
            town, higher_level=False, keep=current_lever
        )

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
        self.fields["lever"].queryset = lever_choices(  # type: ignore[attr-defined]
            town, higher_level=True, keep=current_lever
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
    status = forms.ChoiceField(label=_("Neuer Status"), choices=WORK_STATUS_CHOICES)


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
        self.fields["measures"].queryset = (  # type: ignore[attr-defined]
            Measure.objects.in_town(town).filter(status__in=WORK_STATUSES).order_by("title")
        )


# --- Vorschläge ----------------------------------------------------------------------------------


class ProposalForm(Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    goal = forms.CharField(
        label=_("Was soll passieren, und warum?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lever = LeverChoiceField(
        label=_("Stellschraube"),
        queryset=Lever.objects.none(),
        help_text=_(
            "Die Stellschrauben der übergeordneten Ebenen stehen hier nicht: Sie stellen Land "
            "und Bund, dazu schreibt der Ort eine Forderung."
        ),
    )

    def __init__(self, *args: Any, town: Town, extra_lever: int | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        # The town's current local Stellschrauben (higher-level ones lead to a Forderung, as in
        # `MeasureForm`), plus the one the link came with unless it is a higher-level one: if
        # that one is archived or hidden, the service explains why it takes no Vorschläge (text
        # kept).
        self.fields["lever"].queryset = lever_choices(  # type: ignore[attr-defined]
            town, higher_level=False, keep=extra_lever
        ).exclude(area__key=HIGHER_LEVEL_AREA)


class OwnerForm(_ResponsibleFields):
    """Who is responsible for a measure: a person or a role, not both."""

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, town=town, **kwargs)
        self.fields["owner_user"].empty_label = "—"  # type: ignore[attr-defined]


class MeasureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_status_display()})"


class MergeForm(Form):
    target = MeasureChoiceField(
        label=_("Zusammenführen mit"),
        queryset=Measure.objects.none(),
        help_text=_("Ein anderer offener Vorschlag oder eine Maßnahme, die dasselbe will."),
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]
        self.fields["target"].empty_label = "—"  # type: ignore[attr-defined]


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die Person, die den Vorschlag gemacht hat, bekommt sie zu lesen."),
        error_messages={
            "required": _(
                "Bitte nennen Sie einen Grund für die Ablehnung; die Person, die den Vorschlag "
                "gemacht hat, bekommt ihn zu lesen."
            )
        },
    )


class CommentForm(Form):
    text = forms.CharField(
        label=_("Ihr Kommentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeciderForm(Form):
    proposal_decider = forms.ModelChoiceField(
        label=_("Außer der Koordinierungsstelle entscheidet über Vorschläge"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Zum Beispiel eine Person aus dem Stadtrat oder dem Ehrenamt."),
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposal_decider"].queryset = town_people(town)  # type: ignore[attr-defined]
        self.fields["proposal_decider"].empty_label = _(  # type: ignore[attr-defined]
            "niemand weiter"
        )


class MeasureFilterForm(FilterForm):
    """The filters of the measures board (rendered only; the view filters with core.listing)."""

    bereich = forms.ChoiceField(label=_("Bereich"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + WORK_STATUS_CHOICES)
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
