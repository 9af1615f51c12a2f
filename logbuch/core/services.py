"""Writes and side effects shared by the whole installation."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit


def installation_feedback_recipients() -> list[str]:
    """The installation's admins (`ADMINS`), else its sender address."""
    admins = [a if isinstance(a, str) else a[1] for a in settings.ADMINS]
    return admins or [settings.DEFAULT_FROM_EMAIL]


def accessibility_feedback_send(
    *,
    recipients: list[str],
    place: str = "",
    message: str,
    page_url: str = "",
    name: str = "",
    email: str = "",
) -> None:
    """Mail the feedback after commit. Nothing is stored: no row, no IP address, no browser.

    `place` names the town the statement belongs to (empty for the installation's own).
    """
    email_after_commit(
        recipients=recipients,
        subject=_("Rückmeldung zur Barrierefreiheit (%(where)s)") % {"where": place or "Logbuch"},
        template="core/email/accessibility_feedback.txt",
        context={
            "place": place,
            "message": message,
            "page_url": page_url,
            "name": name,
            "email": email,
        },
        language=settings.LANGUAGE_CODE,
    )
