from __future__ import annotations

from django import forms
from pytest_django.asserts import assertInHTML

from logbuch.core.forms import Form


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
    assert (
        '<input type="checkbox" name="days" value="mo" class="kern-form-check__checkbox" '
        'id="id_days_0">' in html
    )
    # the missing required radio choice is marked invalid on every option
    assert html.count('type="radio"') == 2
    assert html.count('aria-invalid="true"') == 2
    assert "kern-form-check__radio" in html
