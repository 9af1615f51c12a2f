"""Every field of every form of the project is drawn as a KERN field, by the form renderer.

The forms are found by walking the project (`formwalk`), so a form added later is checked
without touching this file; each is rendered unbound and bound with an error on every field.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms

from logbuch.core.forms import FilterForm
from logbuch.towns.models import Town

from .formwalk import build_form, concrete_form_classes, form_arguments

pytestmark = pytest.mark.django_db

SKIPPED_INPUTS = {"hidden", "submit", "button", "reset", "image"}
# Drawn by the browser in the browser's language (mm/dd/yyyy, AM/PM on a German page).
BROWSER_FORMATTED = {"date", "time", "datetime-local", "month", "week"}


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"input", "select", "textarea"}:
            self.found.append((tag, {k: v or "" for k, v in attrs}))


def kern_class(tag: str, attrs: dict[str, str]) -> str | None:
    """The KERN class a control needs, or None for controls that are not fields."""
    kind = attrs.get("type", "text")
    if tag == "select":
        return "kern-form-input__select"
    if tag == "input" and kind in SKIPPED_INPUTS:
        return None
    if tag == "input" and kind in {"checkbox", "radio"}:
        return f"kern-form-check__{kind}"
    return "kern-form-input__input"


def problems_of(html: str, *, with_errors: bool) -> list[str]:
    """What a page would show unstyled: controls without their KERN class (and, where the
    field has an error, without the class's error variant), textareas of a fixed width, date
    and time inputs whose format the browser picks."""
    parser = _Controls()
    parser.feed(html)
    out = []
    for tag, attrs in parser.found:
        needed = kern_class(tag, attrs)
        if needed is None:
            continue
        classes = attrs.get("class", "").split()
        name = attrs.get("name", "?")
        if needed not in classes:
            out.append(f"<{tag} name={name}> without {needed} (class={attrs.get('class')!r})")
        elif with_errors and f"{needed}--error" not in classes:
            out.append(f"<{tag} name={name}> in error without {needed}--error")
        if attrs.get("type") in BROWSER_FORMATTED:
            out.append(f"<input name={name} type={attrs['type']}> (use core.forms.DateInput)")
        if tag == "textarea" and "cols" in attrs:
            out.append(f"<textarea name={name}> with cols={attrs['cols']} (not full width)")
    return out


def with_an_error_on_every_field(form: forms.BaseForm) -> forms.BaseForm:
    form.is_valid()
    for name in form.fields:
        if name not in form.errors:
            form.add_error(name, "Bitte prüfen.")
    return form


@pytest.mark.parametrize(
    "cls", concrete_form_classes(), ids=lambda c: f"{c.__module__}.{c.__qualname__}"
)
def test_every_field_of_every_form_carries_its_kern_class(
    cls: type[forms.BaseForm], town: Town
) -> None:
    arguments = form_arguments(town)
    unbound = build_form(cls, arguments)
    bound = with_an_error_on_every_field(build_form(cls, arguments, data={}, files={}))
    problems = problems_of(str(unbound), with_errors=False) + problems_of(
        str(bound), with_errors=True
    )
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_field_without_its_class() -> None:
    html = (
        '<input type="text" name="a"><textarea name="b" cols="40" class="x"></textarea>'
        '<input type="date" name="c" class="kern-form-input__input">'
    )
    assert len(problems_of(html, with_errors=False)) == 4


def test_filter_forms_mark_no_field_optional(town: Town) -> None:
    """A filter bar's fields are all optional; "– optional" after each label is noise."""
    arguments = form_arguments(town)
    filters = [c for c in concrete_form_classes() if c.__name__.endswith("FilterForm")]
    assert len(filters) >= 6
    for cls in filters:
        assert issubclass(cls, FilterForm), f"{cls.__qualname__} is no core FilterForm"
        assert "optional" not in str(build_form(cls, arguments)), cls.__qualname__


# A person's own details, typed into forms about themselves: the browser may fill them in
# (WCAG 1.3.5). (form, field, autocomplete token, input type)
PERSONAL_FIELDS = [
    ("ApplicationForm", "contact_name", "name", "text"),
    ("ApplicationForm", "contact_email", "email", "email"),
    ("ApplicationForm", "contact_phone", "tel", "tel"),
    ("ApplicationForm", "applicant_birth_date", "bday", "text"),
    ("ApplicationForm", "organisation_name", "organization", "text"),
    ("ProfileForm", "name", "name", "text"),
    ("AccessibilityFeedbackForm", "name", "name", "text"),
    ("AccessibilityFeedbackForm", "email", "email", "email"),
    ("ConcernForm", "name", "name", "text"),
    ("ConcernForm", "email", "email", "email"),
    ("ConcernForm", "phone", "tel", "tel"),
    ("RequestForm", "phone", "tel", "tel"),
    ("InvitationRequestForm", "email", "email", "email"),
]


def test_personal_fields_name_their_purpose(town: Town) -> None:
    arguments = form_arguments(town)
    by_name = {cls.__name__: cls for cls in concrete_form_classes()}
    for form_name, field, token, input_type in PERSONAL_FIELDS:
        parser = _Controls()
        parser.feed(str(build_form(by_name[form_name], arguments)[field]))
        [(_tag, attrs)] = parser.found
        assert attrs.get("autocomplete") == token, f"{form_name}.{field}"
        assert attrs.get("type") == input_type, f"{form_name}.{field}"
