"""The glossary: docs/glossary.md is the single source for the terms shown in the UI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class Term:
    german: str
    explanation: str
    code: str


@cache
def load_glossary() -> tuple[Term, ...]:
    """Rows of the first Markdown table in docs/glossary.md: German term | explanation | code."""
    terms: list[Term] = []
    with open(settings.GLOSSARY_FILE, encoding="utf-8") as handle:
        for line in handle:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= {"-", ":"}:
                continue
            if cells[0].lower() in {"begriff", "term"}:
                continue
            terms.append(Term(cells[0], cells[1], cells[2].strip("`")))
    return tuple(terms)
