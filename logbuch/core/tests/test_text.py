"""Bidirectional control characters never reach the database through any form of the project."""

from __future__ import annotations

import inspect

import pytest
from django import forms

from logbuch.core.text import BIDI_CONTROLS, BidiStripMixin, strip_bidi
from logbuch.towns.models import Town
from logbuch.towns.tests.factories import UserFactory

from .formwalk import build_form, form_arguments, project_form_classes

pytestmark = pytest.mark.django_db

OVERRIDE = "\u202e"


def test_strip_bidi_removes_every_control_and_nothing_else() -> None:
    assert strip_bidi("".join(sorted(BIDI_CONTROLS)) + "Grünfläche \u202egnp.exe") == (
        "Grünfläche gnp.exe"
    )


def test_every_form_of_the_project_strips_bidi_controls_from_text_input(town: Town) -> None:
    arguments = form_arguments(town)
    checked = []
    for cls in project_form_classes():
        assert issubclass(cls, BidiStripMixin), f"{cls.__qualname__} misses the core form mixin"
        if inspect.isabstract(cls) or cls.__name__ in {"Form", "ModelForm"}:
            continue
        unbound = build_form(cls, arguments)
        text_fields = [
            name
            for name, f in unbound.fields.items()
            if isinstance(f, forms.CharField) and not isinstance(f.widget, forms.PasswordInput)
        ]
        if not text_fields:
            continue
        data = {unbound.add_prefix(name): f"{OVERRIDE}Titel{OVERRIDE}" for name in text_fields}
        form = build_form(cls, arguments, data=data)
        form.is_valid()
        for name in text_fields:
            assert OVERRIDE not in str(form[name].value()), f"{cls.__qualname__}.{name}"
            assert OVERRIDE not in str(form.cleaned_data.get(name, "")), f"{cls.__qualname__}"
        checked.append(cls.__qualname__)
    assert {"ApplicationForm", "JournalEntryForm", "InvitationForm", "ProfileForm"} <= set(checked)


def test_a_title_with_an_override_is_saved_without_it(town: Town) -> None:
    from logbuch.logbook.forms import JournalEntryForm  # noqa: PLC0415

    form = JournalEntryForm(
        town=town,
        data={"happened_on": "2026-03-01", "kind": "decision", "title": f"{OVERRIDE}gnp.exe"},
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "gnp.exe"


def test_passwords_are_taken_exactly_as_typed() -> None:
    from logbuch.towns.forms import AccountDeleteForm  # noqa: PLC0415

    user = UserFactory()
    form = AccountDeleteForm(user=user, data={"password": f"a{OVERRIDE}b"})
    form.is_valid()
    assert form["password"].value() == f"a{OVERRIDE}b"
