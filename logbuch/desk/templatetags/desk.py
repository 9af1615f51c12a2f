"""Template helpers of the Anlaufstelle."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What urlize could turn into a link: a scheme, www., an @ or a dot between letters.
LINKISH = re.compile(r"://|www\.|@|\w\.\w")


@register.filter(needs_autoescape=False)
def user_text(value: str) -> SafeString:
    """Text someone typed: escaped, paragraphs kept, http(s) links clickable but marked as user
    content (rel="nofollow ugc"). `javascript:` and other schemes are never linked."""
    text = str(value)
    if not LINKISH.search(text):  # urlize costs ~1 ms per text; most texts hold no link
        return mark_safe(linebreaks(escape(text), autoescape=False))  # noqa: S308 (escaped)
    linked = urlize(text, nofollow=True, autoescape=True)
    linked = linked.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 (escaped by urlize)
