"""Find per-app extension modules (`logbuch.<app>.demo`, `logbuch.<app>.privacy`).

Apps plug into the demo data and into the personal-data export/erasure by shipping a module with
an agreed name; nothing has to be registered by hand, so a new app cannot be forgotten.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def app_hook_modules(module_name: str) -> list[ModuleType]:
    """Import `logbuch.<app>.<module_name>` for every installed logbuch app that has one.

    Apps are visited in INSTALLED_APPS order. A module that exists but fails to import raises,
    so a broken hook is never skipped silently.
    """
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("logbuch."):
            continue
        name = f"{config.name}.{module_name}"
        if importlib.util.find_spec(name) is None:
            continue
        modules.append(importlib.import_module(name))
    return modules
