"""Template helpers of list pages (core.listing)."""

from __future__ import annotations

from django import template

from logbuch.core.listing import RowUrl

register = template.Library()


@register.filter
def sort_toggle(current: str, key: str) -> str:
    """The `?sortierung=` value a column header links to: `key`, or `-key` when already sorted
    by `key` ascending (a second click reverses the order)."""
    return f"-{key}" if current == key else key


@register.filter
def with_pk(url: RowUrl, pk: int) -> str:
    """A row's link: `{{ detail_url|with_pk:row.pk }}` with a core.listing.RowUrl."""
    return url(pk)
