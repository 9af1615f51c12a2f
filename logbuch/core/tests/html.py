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


def links_swapped_into_the_list(part: str) -> list[str]:
    """Links of a list partial (#liste boosts its links) that htmx would swap into the list.

    Only the list's own links (page and sort links, `?...`) belong there; a link to another
    page needs `hx-boost="false"`, or its whole page lands inside the list.
    """
    return [
        tag
        for tag in re.findall(r"<a\s[^>]*>", part)
        if 'hx-boost="false"' not in tag and not re.search(r'href="\?', tag)
    ]
