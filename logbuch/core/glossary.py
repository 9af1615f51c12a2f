"""The glossary: docs/glossary.md is the single source for the terms shown in the UI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

# A word of the "Nicht verwenden" column: *italic* (to avoid in this sense only), then an
# optional note in brackets that explains it.
_AVOID = re.compile(r"^(?P<word>\*[^*]+\*|[^(*]+?)\s*(?:\(.*\))?$")


@dataclass(frozen=True)
class Term:
    german: str
    explanation: str
    code: str
    # Words never to use in the UI for anything (the glossary test enforces them).
    avoid: tuple[str, ...] = ()
    # Words to avoid for this concept only: right elsewhere, so checked by reading, not by a test.
    avoid_in_this_sense: tuple[str, ...] = ()


def _split_avoid(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    avoid: list[str] = []
    in_this_sense: list[str] = []
    for part in re.split(r",\s*(?![^()]*\))", cell):
        match = _AVOID.match(part.strip())
        if not match or not match["word"].strip():
            continue
        word = match["word"].strip()
        if word.startswith("*"):
            in_this_sense.append(word.strip("*"))
        else:
            avoid.append(word)
    return tuple(avoid), tuple(in_this_sense)


@cache
def load_glossary() -> tuple[Term, ...]:
    """Rows of the first Markdown table in docs/glossary.md:
    German term | explanation | code | words not to use."""
    terms: list[Term] = []
    with open(settings.GLOSSARY_FILE, encoding="utf-8") as handle:
        for line in handle:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= {"-", ":"}:
                continue
            if cells[0].lower() in {"begriff", "term"}:
                continue
            avoid, in_this_sense = _split_avoid(cells[3]) if len(cells) > 3 else ((), ())
            terms.append(Term(cells[0], cells[1], cells[2].strip("`"), avoid, in_this_sense))
    return tuple(terms)
