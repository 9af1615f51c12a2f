"""Cheap display helpers for list pages: choice labels and per-row links.

`Model.get_FOO_display()` hashes every (lazy) choice label on each call, which translates all
of them: for a list of 25 applications that is ~300 gettext calls. These helpers translate the
labels once per language and build row links from one `reverse()` per page.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from .models import ApplicationStatus

_STATUS_LABELS: dict[str | None, dict[str, str]] = {}


def status_label(status: str) -> str:
    """The translated label of an application status (the raw value if unknown)."""
    language = get_language()
    labels = _STATUS_LABELS.get(language)
    if labels is None:
        labels = _STATUS_LABELS[language] = {
            value: str(label) for value, label in ApplicationStatus.choices
        }
    return labels.get(status, status)


_MARKER = 987654321


class RowUrl:
    """`reverse(name, kwargs={..., key: pk})` for many pks from one reverse() call.

    The URL is reversed once with a marker number for `key` and split there, so the pattern's
    converter (an int) and any prefix (the town slug, the language) stay Django's business.
    """

    def __init__(self, name: str, key: str = "pk", **kwargs: Any) -> None:
        url = reverse(name, kwargs={**kwargs, key: _MARKER})
        self.head, marker, self.tail = url.rpartition(str(_MARKER))
        if not marker:  # pragma: no cover - every pk pattern puts the number in the path
            raise ValueError(f"{name} does not show its {key} in the URL")

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"
