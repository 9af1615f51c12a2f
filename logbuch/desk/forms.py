"""Forms of the Anlaufstelle: German messages, and a refused form keeps what was typed."""

from __future__ import annotations

import datetime
import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from logbuch.core.forms import DateInput, FilterForm, Form, ModelForm, TimeInput
from logbuch.towns.models import Town, User

from .models import (
    BoardCategory,
    BoardKind,
    BoardPost,
    Closure,
    ConcernCategory,
    ConcernKind,
    ConcernStatus,
    ContactPerson,
    HoursKind,
    Office,
    Weekday,
)
from .photos import reencode_photo
from .responsibles import organigram_labels, responsible_people

TEXT_MAX = 4000
# A person needs longer than this to fill in the concern form; scripts do not.
MIN_FILL_SECONDS = 3
STARTED_SALT = "desk.form.started"
PHONE = re.compile(r"^[+()0-9 /-]{6,40}$")


def started_token(now: float | None = None) -> str:
    """The signed time the form was shown (hidden field `gestartet`)."""
    return signing.dumps({"t": now if now is not None else time.time()}, salt=STARTED_SALT)


class LengthMessageMixin:
    """Too long text gets a message with a character count, not Django's generic one."""

    def _length_error(self, field: str, value: str, limit: int) -> None:
        if len(value) > limit:
            raise ValidationError(
                ngettext(
                    "Der Text ist %(n)d Zeichen lang; höchstens %(max)d sind möglich. "
                    "Bitte kürzen Sie um %(over)d Zeichen.",
                    "Der Text ist %(n)d Zeichen lang; höchstens %(max)d sind möglich. "
                    "Bitte kürzen Sie um %(over)d Zeichen.",
                    len(value) - limit,
                )
                % {"n": len(value), "max": limit, "over": len(value) - limit}
            )


def text_field(label: Any, limit: int, help_text: Any = "", rows: int = 6) -> forms.CharField:
    """A textarea without Django's max_length message (the clean method writes its own)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "data-maxlength": limit}),
        error_messages={"required": _("Bitte schreiben Sie hier etwas hinein.")},
    )


class SpamGuardMixin:
    """A honeypot field and a minimum fill time instead of a third-party captcha."""

    def clean_spam_guard(self) -> None:
        data: Any = self.data  # type: ignore[attr-defined]
        if data.get("webseite"):
            raise ValidationError(_("Das Formular konnte nicht gesendet werden."))
        try:
            started = signing.loads(
                data.get("gestartet", ""), salt=STARTED_SALT, max_age=60 * 60 * 24
            )["t"]
        except (signing.BadSignature, KeyError, TypeError):
            raise ValidationError(
                _("Das Formular ist abgelaufen. Bitte senden Sie es noch einmal.")
            ) from None
        if time.time() - float(started) < MIN_FILL_SECONDS:
            raise ValidationError(
                _("Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie erneut.")
            )


class ConcernForm(LengthMessageMixin, SpamGuardMixin, Form):
    kind = forms.ChoiceField(
        label=_("Worum geht es?"),
        choices=ConcernKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie: Sorge, Idee oder Lob.")},
    )
    category = forms.ChoiceField(
        label=_("Thema"),
        choices=[("", _("Bitte wählen")), *ConcernCategory.choices],
        widget=forms.Select,
        error_messages={"required": _("Bitte wählen Sie ein Thema.")},
    )
    text = text_field(
        _("Ihr Anliegen"), TEXT_MAX, _("Was bewegt Sie? Höchstens 4000 Zeichen."), rows=8
    )
    place = forms.CharField(
        label=_("Ort oder Adresse"),
        help_text=_("Zum Beispiel: Marktplatz, Ecke Bahnhofstraße"),
        max_length=200,
        required=False,
    )
    photo = forms.FileField(
        label=_("Foto"),
        help_text=_("JPEG, PNG oder WebP, höchstens 10 MB. Standortdaten im Foto entfernen wir."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    anonymous = forms.TypedChoiceField(
        label=_("Möchten Sie eine Antwort?"),
        choices=[
            ("0", _("Ja, mit meinen Kontaktdaten")),
            ("1", _("Nein, ich bleibe anonym")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
        help_text=_(
            "Anonym speichern wir weder Namen noch Kontakt noch Ihre IP-Adresse. "
            "Den Stand sehen Sie trotzdem mit Ihrem Code."
        ),
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        required=False,
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self.fields["email"].help_text = _(
                "Leer lassen, dann schreiben wir an die Adresse Ihres Kontos."
            )

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        self._length_error("text", value, TEXT_MAX)
        return value

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return reencode_photo(upload)

    def clean_phone(self) -> str:
        value: str = self.cleaned_data["phone"].strip()
        if value and not PHONE.match(value):
            raise ValidationError(_("Bitte nur Ziffern, Leerzeichen, +, / oder - eingeben."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_spam_guard()
        if data.get("anonymous") is False:
            has_account_mail = self.user is not None and bool(self.user.email)
            if not (data.get("email") or data.get("phone") or has_account_mail):
                self.add_error(
                    "email",
                    _(
                        "Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer an – "
                        "oder wählen Sie „anonym“."
                    ),
                )
        return data


class TrackForm(Form):
    code = forms.CharField(
        label=_("Ihr Code"),
        help_text=_("Der Code aus der Bestätigung, z. B. ABCD-EFGH-JKMN"),
        max_length=40,
        error_messages={"required": _("Bitte geben Sie Ihren Code ein.")},
    )


class ReplyForm(LengthMessageMixin, Form):
    text = text_field(_("Ihre Rückmeldung"), TEXT_MAX, _("Höchstens 4000 Zeichen."), rows=5)

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        self._length_error("text", value, TEXT_MAX)
        return value


class AnswerForm(LengthMessageMixin, Form):
    text = text_field(_("Antwort"), TEXT_MAX, _("Höchstens 4000 Zeichen."), rows=5)
    public = forms.BooleanField(
        label=_("Öffentlich zeigen, wenn das Anliegen erledigt ist"),
        required=False,
        help_text=_("Schreiben Sie dann keine Namen oder persönlichen Angaben hinein."),
    )

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        self._length_error("text", value, TEXT_MAX)
        return value


class StatusForm(Form):
    status = forms.ChoiceField(
        label=_("Neuer Stand"),
        choices=[(s.value, s.label) for s in ConcernStatus if s != ConcernStatus.MERGED],
        widget=forms.Select,
    )
    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Nötig bei „nicht möglich“; die einreichende Person liest sie."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ConcernStatus.NOT_POSSIBLE and not data.get("reason"):
            self.add_error("reason", _("Bitte nennen Sie einen Grund, warum es nicht möglich ist."))
        return data


class AssignForm(Form):
    assignee = forms.ModelChoiceField(
        label=_("Weitergeben an"),
        queryset=User.objects.none(),
        empty_label=_("Bitte wählen"),
        widget=forms.Select,
        error_messages={"required": _("Bitte wählen Sie eine Person.")},
    )

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        people = list(responsible_people(town))
        field.queryset = responsible_people(town)  # type: ignore[attr-defined]
        # The Organigramm's holders and deputies first, with what they are responsible for.
        labels = organigram_labels(town)
        named = [(p.pk, f"{p.name} – {labels[p.pk]}") for p in people if p.pk in labels]
        others = [(p.pk, p.name) for p in people if p.pk not in labels]
        field.choices = [  # type: ignore[attr-defined]
            ("", field.empty_label),  # type: ignore[attr-defined]
            *([(_("Laut Organigramm zuständig"), named)] if named else []),
            *([(_("Weitere Mitglieder"), others)] if named else others),
        ]


class MergeForm(Form):
    target = forms.IntegerField(
        label=_("Nummer des Anliegens, in das dieses aufgeht"),
        min_value=1,
        error_messages={"required": _("Bitte geben Sie die Nummer an.")},
    )


class PublishForm(Form):
    public_title = forms.CharField(
        label=_("Öffentlicher Titel"),
        help_text=_("Ohne Namen und persönliche Angaben, z. B. „Bank am Spielplatz repariert“"),
        max_length=200,
        required=False,
    )
    is_public = forms.BooleanField(
        label=_("Auf „Ihr habt gesagt – wir haben getan“ zeigen"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_public") and not data.get("public_title"):
            self.add_error("public_title", _("Bitte geben Sie einen öffentlichen Titel an."))
        return data


class TopicFilterForm(FilterForm):
    """The public "wir haben getan" page's filter: the topic of a resolved concern."""

    thema = forms.ChoiceField(
        label=_("Thema"),
        required=False,
        choices=[("", _("Alle")), *ConcernCategory.choices],
        widget=forms.Select,
    )


class ConcernFilterForm(TopicFilterForm):
    """The concern list's filter: the state ("offen" = every open state) and the topic."""

    field_order = ["stand", "thema"]

    stand = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("Alle")), ("offen", _("offen")), *ConcernStatus.choices],
        widget=forms.Select,
    )


class ContactsFilterForm(FilterForm):
    """The contact persons' search by topic (also finds names and descriptions)."""

    thema = forms.CharField(label=_("Thema"), required=False, max_length=100)


class AppointmentForm(Form):
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    contact = forms.CharField(
        label=_("Telefon oder E-Mail"),
        help_text=_("Damit wir Sie erreichen, falls der Termin ausfällt."),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie an, wie wir Sie erreichen.")},
    )

    def clean_contact(self) -> str:
        value: str = self.cleaned_data["contact"].strip()
        if "@" in value:
            try:
                forms.EmailField().clean(value)
            except ValidationError:
                raise ValidationError(
                    _("Bitte geben Sie eine gültige E-Mail-Adresse an.")
                ) from None
        elif not PHONE.match(value):
            raise ValidationError(_("Bitte geben Sie eine Telefonnummer oder E-Mail-Adresse an."))
        return value


class OfficeForm(ModelForm):
    class Meta:
        model = Office
        fields = ["name", "address", "phone", "who_is_there", "first_answer_days", "slot_minutes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "who_is_there": forms.Textarea(attrs={"rows": 3}),
        }


class HoursForm(Form):
    kind = forms.ChoiceField(label=_("Art"), choices=HoursKind.choices, widget=forms.Select)
    weekday = forms.TypedChoiceField(
        label=_("Wochentag"), choices=Weekday.choices, coerce=int, widget=forms.Select
    )
    opens = forms.TimeField(
        label=_("von"),
        widget=TimeInput(),
        error_messages={"invalid": _("Bitte eine Uhrzeit wie 09:00 angeben.")},
    )
    closes = forms.TimeField(
        label=_("bis"),
        widget=TimeInput(),
        error_messages={"invalid": _("Bitte eine Uhrzeit wie 18:00 angeben.")},
    )
    note = forms.CharField(label=_("Hinweis"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Das Ende muss nach dem Beginn liegen."))
        return data


class ClosureForm(ModelForm):
    class Meta:
        model = Closure
        fields = ["first_day", "last_day", "reason"]
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data


class BoardPostForm(LengthMessageMixin, ModelForm):
    class Meta:
        model = BoardPost
        fields = ["kind", "category", "title", "text", "expires_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "category": forms.Select,
            "text": forms.Textarea(attrs={"rows": 5, "data-maxlength": 2000}),
            "expires_on": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(
            days=BoardPost.DEFAULT_DAYS
        )

    def clean_expires_on(self) -> Any:
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise ValidationError(_("Das Datum liegt in der Vergangenheit."))
        if (value - today).days > BoardPost.MAX_DAYS:
            raise ValidationError(_("Höchstens 90 Tage im Voraus."))
        return value


class RelayForm(LengthMessageMixin, SpamGuardMixin, Form):
    name = forms.CharField(
        label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Die Antwort kommt an diese Adresse."),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    text = text_field(_("Ihre Nachricht"), 2000, _("Höchstens 2000 Zeichen."), rows=5)

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        self._length_error("text", value, 2000)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_spam_guard()
        return data


class ReportForm(LengthMessageMixin, Form):
    reason = text_field(_("Was stimmt nicht mit diesem Eintrag?"), 1000, rows=3)

    def clean_reason(self) -> str:
        value: str = self.cleaned_data["reason"]
        self._length_error("reason", value, 1000)
        return value


class BoardFilterForm(FilterForm):
    art = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("", _("Alle")), *BoardKind.choices],
        widget=forms.Select,
    )
    bereich = forms.ChoiceField(
        label=_("Bereich"),
        required=False,
        choices=[("", _("Alle")), *BoardCategory.choices],
        widget=forms.Select,
    )
    suche = forms.CharField(label=_("Suchwort"), required=False, max_length=100)


class ContactPersonForm(ModelForm):
    class Meta:
        model = ContactPerson
        fields = [
            "name",
            "topics",
            "description",
            "office_hours",
            "how_to_reach",
            "email",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ThanksForm(LengthMessageMixin, SpamGuardMixin, Form):
    """A Danke. Members may pick a person of the town; visitors thank a group."""

    from_name = forms.CharField(
        label=_("Von"),
        max_length=150,
        help_text=_("So steht es an der Dankeswand, z. B. „Familie Schulze“."),
        error_messages={"required": _("Bitte sagen Sie, von wem der Dank kommt.")},
    )
    recipient = forms.ModelChoiceField(
        label=_("An eine Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– keine Person –"),
        widget=forms.Select,
    )
    recipient_group = forms.CharField(
        label=_("An eine Gruppe"),
        max_length=150,
        required=False,
        help_text=_("Zum Beispiel: die Freiwillige Feuerwehr, das Team vom Dorffest"),
    )
    text = text_field(_("Ihr Dank"), 1000, _("Höchstens 1000 Zeichen."), rows=4)

    def __init__(
        self, *args: Any, town: Town, can_pick_person: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if can_pick_person:
            self.fields["recipient"].queryset = responsible_people(town)  # type: ignore[attr-defined]
        else:
            del self.fields["recipient"]

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        self._length_error("text", value, 1000)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_spam_guard()
        person, group = data.get("recipient"), (data.get("recipient_group") or "").strip()
        if bool(person) == bool(group):
            self.add_error(
                "recipient_group",
                _("Bitte nennen Sie entweder eine Person oder eine Gruppe.")
                if "recipient" in self.fields
                else _("Bitte nennen Sie die Gruppe, der Sie danken."),
            )
        return data
