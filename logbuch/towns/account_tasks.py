"""Password-reset mail as a task: the address is looked up by the worker, not the request.

The request does the same work for every address (count, enqueue one task), so neither its
answer nor its timing tells whether an account exists.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from logbuch.core.caching import within_limit
from logbuch.core.emails import normalize_email

from .models import User

RESET_MAILS_PER_HOUR = 3


def password_reset_enqueue(*, email: str, domain: str, use_https: bool) -> None:
    """Hand one address to the task after commit, at most RESET_MAILS_PER_HOUR an hour."""
    email = normalize_email(email)
    digest = hashlib.sha256(email.encode()).hexdigest()
    if not within_limit(f"towns:password-reset:{digest}", RESET_MAILS_PER_HOUR, 60 * 60):
        return
    transaction.on_commit(
        lambda: password_reset_send.enqueue(email=email, domain=domain, use_https=use_https)
    )


@task()
def password_reset_send(*, email: str, domain: str, use_https: bool) -> int:
    """Mail a reset link to the active account with a password at `email`; else do nothing."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return 0
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = "".join(
            render_to_string("towns/email/password_reset_subject.txt", context).splitlines()
        )
        body = render_to_string("towns/email/password_reset.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
