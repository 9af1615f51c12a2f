"""Template helpers of the Anlaufstelle."""

from __future__ import annotations

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter(needs_autoescape=False)
def user_text(value: str) -> SafeString:
    """Text someone typed: escaped, paragraphs kept, http(s) links clickable but marked as user
    content (rel="nofollow ugc"). `javascript:` and other schemes are never linked."""
    linked = urlize(str(value), nofollow=True, autoescape=True)
    linked = linked.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 (escaped by urlize)
