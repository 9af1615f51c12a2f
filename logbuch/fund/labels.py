"""Cheap choice labels for list pages.

`Model.get_FOO_display()` hashes every (lazy) choice label on each call, which translates all
of them: for a list of 25 applications that is ~300 gettext calls. `status_label` translates the
labels once per language (row links: core.listing.RowUrl).
"""

from __future__ import annotations

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
