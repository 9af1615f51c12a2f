"""Forms of the Daseinsvorsorge: German labels and errors; a refused form keeps what was typed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from logbuch.core.forms import DateInput, Form, ModelForm, TimeInput
from logbuch.towns.models import Town, User

from . import recurrence
from .errors import InvalidRule
from .models import (
    HolidayPolicy,
    Qualification,
    Responsibility,
    Service,
    ShiftPlan,
)
from .recurrence import BERLIN
from .selectors import town_members

DATE = DateInput()
TIME = TimeInput()
WEEKDAYS = [
    (0, _("Montag")),
    (1, _("Dienstag")),
    (2, _("Mittwoch")),
    (3, _("Donnerstag")),
    (4, _("Freitag")),
    (5, _("Samstag")),
    (6, _("Sonntag")),
]
INTERVALS = [
    (1, _("jede Woche")),
    (2, _("jede zweite Woche")),
    (3, _("jede dritte Woche")),
    (4, _("jede vierte Woche")),
]


# First path parts of services/urls.py that a service's slug would hide.
RESERVED_SLUGS = frozenset(
    {
        "neu",
        "qualifikationen",
        "organigramm",
        "abdeckung",
        "meine-schichten",
        "schichten",
        "eintragungen",
        "anfragen",
        "anfrage",
        "kalender",
        "stunden",
    }
)


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.email or obj.pk)


class ServiceForm(ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "slug",
            "kind",
            "status",
            "description",
            "team",
            "place",
            "operating_hours",
            "contact_name",
            "contact_phone",
            "contact_email",
            "takes_requests",
            "request_label",
            "seats_per_shift",
            "cancel_notice_hours",
            "alert_days_before",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "team": forms.Textarea(attrs={"rows": 2}),
            "operating_hours": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        self.town = town
        super().__init__(*args, **kwargs)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("„%(slug)s“ ist schon eine Seite der Dienste. Bitte einen anderen Kurznamen."),
                params={"slug": slug},
            )
        taken = Service.objects.in_town(self.town).filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Diesen Kurznamen hat schon ein anderer Dienst."))
        return slug

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("takes_requests") and not data.get("seats_per_shift"):
            self.add_error(
                "seats_per_shift",
                _("Wer Anfragen annimmt, braucht Plätze je Schicht (mindestens 1)."),
            )
        return data


class ResponsibilityForm(ModelForm):
    class Meta:
        model = Responsibility
        fields = ["service", "area", "title", "holder", "deputy", "since", "until", "notes"]
        widgets = {"since": DATE, "until": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = town_members(town)
        self.fields["service"].queryset = Service.objects.in_town(town)  # type: ignore[attr-defined]
        self.fields["service"].empty_label = _("Ortsweit (kein bestimmter Dienst)")  # type: ignore[attr-defined]
        for name in ("holder", "deputy"):
            field = PersonChoiceField(
                queryset=members,
                required=False,
                label=self.fields[name].label,
                empty_label=_("– noch offen –"),
            )
            self.fields[name] = field
        self.fields["holder"].help_text = _("Leer lassen, wenn die Stelle unbesetzt ist.")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        holder, deputy = data.get("holder"), data.get("deputy")
        if holder and deputy and holder == deputy:
            self.add_error("deputy", _("Die Vertretung muss eine andere Person sein."))
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("„Bis“ liegt vor „Seit“."))
        return data


def _parse_dates(text: str) -> list[date]:
    days = []
    for raw in text.replace(",", "\n").split():
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                days.append(datetime.strptime(raw, fmt).date())  # noqa: DTZ007 (a day, no time)
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("„%(value)s“ ist kein Datum (TT.MM.JJJJ)."), params={"value": raw}
            )
    return sorted(set(days))


def _check_people(form: Form, data: dict[str, Any]) -> None:
    """A shift's staffing: "Höchstens" may not be below "Mindestens"."""
    low, high = data.get("min_people"), data.get("max_people")
    if low is not None and high is not None and low > high:
        form.add_error("max_people", _("Höchstens muss mindestens so groß sein wie Mindestens."))


class ShiftPlanForm(Form):
    title = forms.CharField(label=_("Bezeichnung"), max_length=120)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("An diesen Tagen"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interval = forms.TypedChoiceField(label=_("Wie oft"), choices=INTERVALS, coerce=int, initial=1)
    rule = forms.CharField(
        label=_("Oder eine eigene Regel (RRULE, für Fachleute)"),
        max_length=500,
        required=False,
        help_text=_("Zum Beispiel FREQ=MONTHLY;BYDAY=1SA für jeden ersten Samstag im Monat."),
    )
    starts_on = forms.DateField(label=_("Ab"), widget=DATE)
    ends_on = forms.DateField(label=_("Bis (leer: ohne Ende)"), widget=DATE, required=False)
    start_time = forms.TimeField(label=_("Beginn"), widget=TIME)
    end_time = forms.TimeField(label=_("Ende"), widget=TIME)
    min_people = forms.IntegerField(label=_("Mindestens Personen"), min_value=0, initial=1)
    max_people = forms.IntegerField(label=_("Höchstens Personen"), min_value=1, initial=2)
    seats = forms.IntegerField(
        label=_("Plätze für Anfragen je Schicht"),
        min_value=1,
        required=False,
        help_text=_("Leer: wie beim Dienst angegeben."),
    )
    holiday_policy = forms.ChoiceField(
        label=_("Feiertage"), choices=HolidayPolicy.choices, initial=HolidayPolicy.SKIP
    )
    skip_dates = forms.CharField(
        label=_("Ausnahmen (Tage ohne Schicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ein Datum je Zeile, z. B. 24.12.2026."),
    )
    required_qualifications = forms.ModelMultipleChoiceField(
        label=_("Nötige Qualifikationen"),
        queryset=Qualification.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_qualifications"].queryset = Qualification.objects.in_town(town)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, plan: ShiftPlan) -> dict[str, Any]:
        return {
            "title": plan.title,
            "rule": plan.rule,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "start_time": plan.start_time,
            "end_time": plan.end_time,
            "min_people": plan.min_people,
            "max_people": plan.max_people,
            "seats": plan.seats,
            "holiday_policy": plan.holiday_policy,
            "skip_dates": "\n".join(
                formats.date_format(date.fromisoformat(d), "d.m.Y") for d in plan.skip_dates
            ),
            "required_qualifications": list(plan.required_qualifications.all()),
        }

    def clean_skip_dates(self) -> list[str]:
        return [d.isoformat() for d in _parse_dates(self.cleaned_data["skip_dates"])]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        rule_text = (data.get("rule") or "").strip()
        if rule_text:
            try:
                data["rule"] = recurrence.normalise_rule(rule_text)
            except InvalidRule as exc:
                self.add_error("rule", str(exc))
        elif data.get("weekdays"):
            data["rule"] = recurrence.weekly_rule(data["weekdays"], data.get("interval") or 1)
        elif "weekdays" not in self.errors:
            self.add_error(
                "weekdays", _("Bitte wählen Sie mindestens einen Tag oder geben Sie eine Regel an.")
            )
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("„Bis“ liegt vor „Ab“."))
        _check_people(self, data)
        return data

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "title",
            "rule",
            "starts_on",
            "ends_on",
            "start_time",
            "end_time",
            "min_people",
            "max_people",
            "seats",
            "holiday_policy",
            "skip_dates",
        ]
        return {name: data[name] for name in names}


class ShiftForm(Form):
    """A single shift outside any plan (a market day, an extra ride), in local time."""

    day = forms.DateField(label=_("Tag"), widget=DATE)
    start_time = forms.TimeField(label=_("Beginn"), widget=TIME)
    end_time = forms.TimeField(label=_("Ende"), widget=TIME)
    min_people = forms.IntegerField(label=_("Mindestens Personen"), min_value=0, initial=1)
    max_people = forms.IntegerField(label=_("Höchstens Personen"), min_value=1, initial=2)
    seats = forms.IntegerField(
        label=_("Plätze für Anfragen"),
        min_value=1,
        required=False,
        help_text=_("Leer: wie beim Dienst angegeben."),
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
        elif day and start:
            data["starts_at"] = datetime.combine(day, start, tzinfo=BERLIN)
            if end:
                data["ends_at"] = datetime.combine(day, end, tzinfo=BERLIN)
            if data["starts_at"] <= timezone.now():
                self.add_error("day", _("Die Schicht muss in der Zukunft liegen."))
        _check_people(self, data)
        return data


class OverlapForm(Form):
    confirm_overlap = forms.BooleanField(
        label=_("Ja, ich übernehme trotzdem beide Schichten."), required=False
    )


class AssignForm(OverlapForm):
    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = town_members(town)  # type: ignore[attr-defined]
        self.order_fields(["person", "confirm_overlap"])


class RequestForm(Form):
    """A resident's request: no account, only what the volunteers need to help."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        required=False,
        help_text=_("Damit wir Sie erreichen."),
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        help_text=_("Dann schicken wir Ihnen die Antwort."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    day = forms.DateField(label=_("Tag"), widget=DATE)
    time = forms.TimeField(label=_("Uhrzeit"), widget=TIME)
    details = forms.CharField(
        label=_("Was genau?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zum Beispiel: von der Kirchstraße 4 zur Arztpraxis Dr. Lange."),
    )
    seats = forms.IntegerField(
        label=_("Wie viele Plätze?"),
        min_value=1,
        max_value=8,
        initial=1,
        help_text=_("Zum Beispiel 2, wenn eine Begleitperson mitfährt."),
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("phone") and not data.get("email"):
            self.add_error(
                "phone", _("Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an.")
            )
        if data.get("day") and data.get("time"):
            data["wanted_at"] = datetime.combine(data["day"], data["time"], tzinfo=BERLIN)
        return data


class DecideForm(Form):
    reason = forms.CharField(
        label=_("Begründung bei Ablehnung"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QualificationForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        self.town = town
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Qualification.objects.in_town(self.town).filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Diese Qualifikation gibt es schon."))
        return name


class VolunteerQualificationForm(Form):
    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none())
    qualification = forms.ModelChoiceField(
        label=_("Qualifikation"), queryset=Qualification.objects.none()
    )
    valid_until = forms.DateField(
        label=_("Gültig bis (leer: unbefristet)"), widget=DATE, required=False
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = town_members(town)  # type: ignore[attr-defined]
        self.fields["qualification"].queryset = Qualification.objects.in_town(town)  # type: ignore[attr-defined]


class HoursForm(Form):
    minutes = forms.IntegerField(
        label=_("Minuten (leer: ganze Schicht)"), min_value=1, max_value=24 * 60, required=False
    )
