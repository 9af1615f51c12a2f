from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import translation
from pytest_django.asserts import assertInHTML

from logbuch.core.forms import DateInput, Form, TimeInput


class ChoiceForm(Form):
    days = forms.MultipleChoiceField(
        label="Tage",
        choices=[("mo", "Montag"), ("di", "Dienstag")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scale = forms.ChoiceField(
        label="Einschätzung",
        choices=[("0", "trifft gar nicht zu"), ("4", "trifft voll zu")],
        widget=forms.RadioSelect,
    )


def test_option_lists_render_labelled_kern_inputs_with_their_state():
    html = str(ChoiceForm(data={"days": ["di"]}))
    assertInHTML(
        '<div class="kern-form-check"><input type="checkbox" name="days" value="di" '
        'class="kern-form-check__checkbox" id="id_days_1" checked>'
        '<label class="kern-label" for="id_days_1">Dienstag</label></div>',
        html,
    )
    assertInHTML(
        '<input type="checkbox" name="days" value="mo" class="kern-form-check__checkbox" '
        'id="id_days_0">',
        html,
    )
    # the missing required radio choice is marked invalid on every option
    assert html.count('type="radio"') == 2
    assert html.count('aria-invalid="true"') == 2
    assert "kern-form-check__radio" in html
    assert "kern-form-check__radio--error" in html


class LateForm(Form):
    """Fields added in the constructor, after the base class ran (like the answer page's)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["note"] = forms.CharField(label="Kommentar", widget=forms.Textarea)
        self.fields["when"] = forms.DateField(label="Datum", widget=DateInput())
        self.fields["rating"] = forms.ChoiceField(
            label="Frage",
            help_text="Erklärung in einfacher Sprache",
            choices=[("0", "nein"), ("1", "ja")],
            widget=forms.RadioSelect,
        )


def test_fields_added_after_construction_are_styled_when_rendered():
    html = str(LateForm())
    assertInHTML(
        '<textarea name="note" rows="10" class="kern-form-input__input" required '
        'id="id_note"></textarea>',
        html,
    )
    assert 'cols="' not in html
    assert 'class="kern-form-check__radio"' in html


def test_a_radio_group_names_its_hint_and_error_on_the_fieldset():
    html = str(LateForm(data={}))
    fieldset = re.search(r"<fieldset[^>]*>", html)
    assert fieldset
    assert 'aria-describedby="id_rating_helptext id_rating_error"' in fieldset.group()
    assert html.count('id="id_rating_error"') == 1
    assert 'id="id_rating_helptext"' in html


def test_two_errors_of_one_field_share_one_id():
    form = LateForm(data={"note": "x"})
    form.is_valid()
    form.add_error("note", "Zweiter Fehler")
    form.add_error("note", "Dritter Fehler")
    html = str(form)
    assert html.count('id="id_note_error"') == 1
    assert 'aria-describedby="id_note_error"' in html


def test_dates_are_typed_and_shown_as_tt_mm_jjjj_in_both_languages():
    for language in ("de", "en"):
        with translation.override(language):
            form = LateForm(
                data={"note": "x", "when": "24.12.2026", "rating": "1"},
                initial={"when": datetime.date(2026, 3, 1)},
            )
            assert form.is_valid(), form.errors
            assert form.cleaned_data["when"] == datetime.date(2026, 12, 24)
            html = str(LateForm(initial={"when": datetime.date(2026, 3, 1)}))
            assertInHTML(
                '<input type="text" name="when" value="01.03.2026" autocomplete="off" '
                'class="kern-form-input__input" required aria-describedby="id_when_format" '
                'id="id_when">',
                html,
            )
            assert 'id="id_when_format"' in html


def test_times_are_24_hours():
    class TimeForm(Form):
        at = forms.TimeField(label="Beginn", widget=TimeInput())

    with translation.override("en"):
        form = TimeForm(data={"at": "18:30"})
        assert form.is_valid()
        assert 'value="18:30"' in str(TimeForm(initial={"at": datetime.time(18, 30)}))
        assert 'type="time"' not in str(form)


def test_the_english_interface_shows_dates_and_times_the_german_way():
    from django.template import Context, Template  # noqa: PLC0415

    moment = datetime.datetime(2026, 12, 24, 18, 30)  # noqa: DTZ001 - a wall-clock value
    with translation.override("en"):
        text = Template("{{ d|date }} {{ d|time }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": moment})
        )
    assert text == "24.12.2026 18:30 24.12.2026"
