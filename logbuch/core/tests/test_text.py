"""Bidirectional control characters never reach the database through any form of the project."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms

import logbuch
from logbuch.core.text import BIDI_CONTROLS, BidiStripMixin, strip_bidi
from logbuch.fund.tests.factories import CategoryFactory, PublicVotingFactory
from logbuch.logbook.models import Area
from logbuch.logbook.tests.factories import ensure_catalogue, first_shared_lever
from logbuch.towns.models import Town
from logbuch.towns.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OVERRIDE = "\u202e"


def _project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a logbuch module (tests and migrations left out)."""
    for info in pkgutil.walk_packages(logbuch.__path__, "logbuch."):
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[Any]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("logbuch.") and ".tests" not in cls.__module__:
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _arguments(town: Town) -> dict[str, Any]:
    """What the project's forms ask for by keyword, by parameter name."""
    ensure_catalogue()
    category = CategoryFactory(town=town)
    voting = PublicVotingFactory(town=town, category=category, fund=category.fund)
    return {
        "fund": category.fund,
        "category": category,
        "town": town,
        "user": UserFactory(),
        "email": "anna@example.org",
        "may_grant_town_admin": True,
        "groups": ["volunteer"],
        "areas": Area.objects.all(),
        "levers": [first_shared_lever()],
        "voting": voting,
        "options": [],
        "applications": [],
        "years": [2026],
        "people": [],
    }


# Where two forms use one argument name for different things.
PER_FORM: dict[str, dict[str, Any]] = {"MeasureFilterForm": {"areas": []}}


def _build(cls: type[forms.BaseForm], arguments: dict[str, Any], **extra: Any) -> Any:
    arguments = {**arguments, **PER_FORM.get(cls.__name__, {})}
    needed = {
        name: arguments[name]
        for base in cls.__mro__
        if "__init__" in vars(base)
        for name, p in inspect.signature(vars(base)["__init__"]).parameters.items()
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.default is p.empty
        and name != "self"
    }
    return cls(**needed, **extra)


def test_strip_bidi_removes_every_control_and_nothing_else() -> None:
    assert strip_bidi("".join(sorted(BIDI_CONTROLS)) + "Grünfläche \u202egnp.exe") == (
        "Grünfläche gnp.exe"
    )


def test_every_form_of_the_project_strips_bidi_controls_from_text_input(town: Town) -> None:
    arguments = _arguments(town)
    checked = []
    for cls in _project_form_classes():
        assert issubclass(cls, BidiStripMixin), f"{cls.__qualname__} misses the core form mixin"
        if inspect.isabstract(cls) or cls.__name__ in {"Form", "ModelForm"}:
            continue
        unbound = _build(cls, arguments)
        text_fields = [
            name
            for name, f in unbound.fields.items()
            if isinstance(f, forms.CharField) and not isinstance(f.widget, forms.PasswordInput)
        ]
        if not text_fields:
            continue
        data = {unbound.add_prefix(name): f"{OVERRIDE}Titel{OVERRIDE}" for name in text_fields}
        form = _build(cls, arguments, data=data)
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
