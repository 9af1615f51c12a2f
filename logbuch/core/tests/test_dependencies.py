"""`core` holds only what several apps share, so it imports no app (towns, fund, logbook, …).

An app plugs into core by passing values or callables (`core.views.accessibility_page`) or by
attributes core reads (`template_name` on a 404), never by core importing it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import logbuch.core

CORE = Path(logbuch.core.__file__).parent


def imported_modules(source: str, *, package: str) -> list[str]:
    """Every module an `import` or `from … import` in `source` names, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.append(".".join([*base, node.module] if node.module else base))
            else:
                found.append(node.module or "")
    return found


def app_imports(source: str, *, package: str) -> list[str]:
    return [
        name
        for name in imported_modules(source, package=package)
        if name.startswith("logbuch.") and name.split(".")[1] != "core"
    ]


def core_modules() -> list[Path]:
    return [p for p in sorted(CORE.rglob("*.py")) if "tests" not in p.relative_to(CORE).parts]


def test_the_check_sees_absolute_and_relative_imports_of_an_app():
    source = "from logbuch.towns.models import Town\nfrom ..fund import services\nimport os\n"
    assert app_imports(source, package="logbuch.core") == [
        "logbuch.towns.models",
        "logbuch.fund",
    ]


def test_core_imports_no_app():
    assert len(core_modules()) > 10
    offenders = {
        str(path.relative_to(CORE)): names
        for path in core_modules()
        if (
            names := app_imports(
                path.read_text(encoding="utf-8"),
                package=".".join(["logbuch", "core", *path.relative_to(CORE).parent.parts]),
            )
        )
    }
    assert offenders == {}
