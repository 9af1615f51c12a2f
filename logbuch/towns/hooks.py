"""Find per-app extension modules (`logbuch.<app>.demo`, `logbuch.<app>.privacy`, ...).

Apps plug into the demo data, the personal-data export/erasure, the coordinator's inbox and
the Anlaufstelle's list of responsible people by shipping a module with an agreed name; nothing
has to be registered by hand, so a new app cannot be forgotten. The value types two apps
exchange through a hook live here, so neither imports the other.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def app_hook_modules(module_name: str) -> tuple[ModuleType, ...]:
    """Import `logbuch.<app>.<module_name>` for every installed logbuch app that has one.

    Apps are visited in INSTALLED_APPS order. A module that exists but fails to import raises,
    so a broken hook is never skipped silently. The answer is kept per set of installed apps:
    looking for a module an app does not have searches the file system every time (a failed
    import is not remembered), and start pages ask on every request.
    """
    names = tuple(c.name for c in apps.get_app_configs() if c.name.startswith("logbuch."))
    return _hook_modules(module_name, names)


@functools.cache
def _hook_modules(module_name: str, app_names: tuple[str, ...]) -> tuple[ModuleType, ...]:
    modules = []
    for app_name in app_names:
        name = f"{app_name}.{module_name}"
        if importlib.util.find_spec(name) is None:
            continue
        modules.append(importlib.import_module(name))
    return tuple(modules)


@dataclass(frozen=True)
class InboxItem:
    """One kind of thing waiting for the coordinator: `logbuch.<app>.inbox.inbox_items(town)`
    returns a list of these, each counted with one query and linking to where it is done."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Responsible:
    """A person and what they are responsible for (German, e.g. "Bürgerbus: Fahrdienstleitung"):
    `logbuch.<app>.responsibilities.responsibilities(town)` returns a list of these for the
    Anlaufstelle, which offers them first when a concern is handed on."""

    user_id: int
    label: str


@dataclass(frozen=True)
class WeeklySection:
    """A block of the Wochenpost: `logbuch.<app>.weekly.weekly_section(town, since=, until=)`
    returns one of these (or None when nothing happened). The heading is translated lazily, so
    every subscriber reads it in their own language; lines are the town's content."""

    heading: StrOrPromise
    lines: list[str] = field(default_factory=list)
