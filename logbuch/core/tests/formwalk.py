"""Every form class of the project, built with the arguments its constructor asks for.

Walking the `logbuch` package (instead of listing forms) means forms added later are covered by
every test that uses this module without touching it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from django import forms

import logbuch
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    PublicVoteOptionFactory,
    PublicVotingFactory,
)
from logbuch.logbook.models import Area, Measure
from logbuch.logbook.tests.factories import ensure_catalogue, first_shared_lever
from logbuch.towns.models import Town
from logbuch.towns.tests.factories import UserFactory


def project_form_classes() -> list[type[forms.BaseForm]]:
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


def concrete_form_classes() -> list[type[forms.BaseForm]]:
    """The project's form classes a page can show (the core base classes left out)."""
    return [
        cls
        for cls in project_form_classes()
        if not inspect.isabstract(cls) and cls.__name__ not in {"Form", "ModelForm"}
    ]


def form_arguments(town: Town) -> dict[str, Any]:
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
        "options": [PublicVoteOptionFactory(town=town, voting=voting)],
        "applications": [ApplicationFactory(town=town, category=category, fund=category.fund)],
        "years": [2026],
        "people": [],
        "targets": Measure.objects.none(),
    }


# Where two forms use one argument name for different things.
PER_FORM: dict[str, dict[str, Any]] = {
    "MeasureFilterForm": {"areas": []},
    "JournalFilterForm": {"levers": [(1, "A1 Stellschraube")]},
}


def build_form(cls: type[forms.BaseForm], arguments: dict[str, Any], **extra: Any) -> Any:
    """An instance of `cls` with the required keyword arguments taken from `arguments`."""
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
