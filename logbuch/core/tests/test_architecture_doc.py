"""docs/architecture.md describes the tree as it is.

Each app has a fenced code block in the "Apps" section that starts with `logbuch/<app>/` and
lists every module and package of the app, and every module of its packages (nested by
indentation under the package's line). A line's entries are its leading columns (separated
by two or more spaces) that are a module (`name.py`) or a package (`name/`, also
`management/commands/`); the first other column starts the description. Not listed: files
every app has (`__init__.py`, `apps.py`) and folders that are not code (migrations,
templates, static, locale); the contents of `tests/` are not listed either.

The test only reads files, so core still imports no app.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "logbuch"

SKIPPED = {"__init__.py", "apps.py", "migrations", "templates", "static", "locale", "__pycache__"}
NOT_DESCENDED = {"tests"}
ENTRY = re.compile(r"[a-z_][a-z0-9_]*\.py|([a-z_][a-z0-9_]*/)+")
BLOCK_START = re.compile(r"logbuch/([a-z_]+)/")


def apps_on_disk() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))


def entries_on_disk(folder: Path, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for path in folder.iterdir():
        if path.name in SKIPPED or path.name.startswith("."):
            continue
        if path.is_dir():
            if not any(path.glob("*.py")) and not any(p.is_dir() for p in path.iterdir()):
                continue
            found.add(f"{prefix}{path.name}/")
            if path.name not in NOT_DESCENDED:
                found |= entries_on_disk(path, f"{prefix}{path.name}/")
        elif path.suffix == ".py":
            found.add(f"{prefix}{path.name}")
    return found


def tree_blocks(text: str) -> dict[str, list[str]]:
    """The lines of each fenced block whose first line is `logbuch/<app>/`, by app."""
    blocks: dict[str, list[str]] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```") and i + 1 < len(lines):
            start = BLOCK_START.fullmatch(lines[i + 1].strip())
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            if start:
                blocks.setdefault(start.group(1), []).extend(lines[i + 2 : end])
            i = end + 1
        else:
            i += 1
    return blocks


def entries_in_block(lines: list[str]) -> set[str]:
    """Module and package paths (relative to the app) a tree block lists."""
    listed: set[str] = set()
    packages: list[tuple[int, str]] = []  # (indentation of the package's line, its path)
    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        columns = re.split(r"\s{2,}", line.strip())
        names = []
        for column in columns:
            if not ENTRY.fullmatch(column):
                break
            names.append(column)
        if not names:
            continue  # a description's continuation
        while packages and packages[-1][0] >= indent:
            packages.pop()
        prefix = packages[-1][1] if packages else ""
        for name in names:
            path = prefix + name
            listed.add(path)
            parts = path.rstrip("/").split("/")
            listed |= {"/".join(parts[:n]) + "/" for n in range(1, len(parts))}
        if names[-1].endswith("/"):
            packages.append((indent, prefix + names[-1]))
    return listed


def tree_differences(text: str) -> list[str]:
    blocks = tree_blocks(text)
    problems = []
    for app in apps_on_disk():
        if app not in blocks:
            problems.append(f"logbuch/{app}/: no tree block in docs/architecture.md")
            continue
        on_disk = entries_on_disk(PACKAGE / app)
        listed = entries_in_block(blocks[app])
        problems += [f"logbuch/{app}/{p}: not listed" for p in sorted(on_disk - listed)]
        problems += [f"logbuch/{app}/{p}: listed, not on disk" for p in sorted(listed - on_disk)]
    problems += [
        f"logbuch/{app}/: listed, no such app" for app in blocks if app not in apps_on_disk()
    ]
    return problems


def test_architecture_doc_lists_every_module_of_every_app() -> None:
    problems = tree_differences(DOC.read_text(encoding="utf-8"))
    assert not problems, "docs/architecture.md's app trees are out of date:\n" + "\n".join(problems)


def test_parser_reads_nesting_and_descriptions() -> None:
    block = [
        "  models.py  errors.py  urls.py",
        "  results.py     pure functions (see views/ and charts.py)",
        "                 continued.py here is description",
        "  views/",
        "    rounds.py    open, close",
        "  management/commands/",
        "    demo.py      demo data",
        "  tests/         conftest.py (fixtures), test_*.py",
    ]
    assert entries_in_block(block) == {
        "models.py",
        "errors.py",
        "urls.py",
        "results.py",
        "views/",
        "views/rounds.py",
        "management/",
        "management/commands/",
        "management/commands/demo.py",
        "tests/",
    }


def test_a_missing_and_a_stale_entry_are_named() -> None:
    text = DOC.read_text(encoding="utf-8")
    broken = re.sub(r"^  listing\.py ", "  lister.py  ", text, count=1, flags=re.MULTILINE)
    assert broken != text
    problems = tree_differences(broken)
    assert "logbuch/core/listing.py: not listed" in problems
    assert "logbuch/core/lister.py: listed, not on disk" in problems
    assert "logbuch/core/templatetags/listing.py: not listed" not in problems
