"""Email is sent only after the surrounding transaction commits, through a background task.

A rolled-back transaction therefore never sends anything, and a slow mail server never slows a
request down.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


def normalize_email(email: str) -> str:
    """The one spelling of an address that is stored and compared: trimmed, NFKC, lower-case.

    Every entry point (login, lockout key, invitations, password reset, votes) goes through
    this, so `Uwe.Schmitt@…`, ` uwe.schmitt@… ` and the full-width form are one person.
    """
    return unicodedata.normalize("NFKC", email).strip().lower()


@task()
def send_email_task(*, subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def email_after_commit(
    *,
    recipients: Sequence[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
) -> None:
    """Render now (in the recipient's language), send once the transaction has committed."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        subject_text = " ".join(str(subject).split())
    transaction.on_commit(
        lambda: send_email_task.enqueue(subject=subject_text, body=body, recipients=recipients)
    )
