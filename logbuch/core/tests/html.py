"""Read a page the way a browser lays it out, for tests that look for a piece of markup."""

from __future__ import annotations

import re


def squash(html: str) -> str:
    """The page as if every template were written on one line.

    djLint puts tags on lines of their own and wraps long start tags; the whitespace it adds
    always holds a newline. Next to a tag it goes away, between words or attributes it becomes
    one space, so `'>5<' in squash(page)` means what it meant before the templates were
    formatted (and `not in` can still fail).
    """
    html = re.sub(r">\s*\n\s*", ">", html)
    html = re.sub(r"\s*\n\s*<", "<", html)
    return re.sub(r"\s*\n\s*", " ", html)
