"""Personal calendar links: a secret token per person and town, revocable at any time.

Only the SHA-256 of the token is stored, so the link is shown once when it is made; making a
new one revokes the old one (`services_calendarfeed_one_active`).
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from logbuch.core.locks import lock
from logbuch.towns.models import Town, User

from ..models import CalendarFeed
from .requests import token_hash


def feed_create(*, town: Town, user: User) -> str:
    """A new secret link token; any earlier link of the person in this town stops working."""
    with transaction.atomic():
        # Two clicks at once must not both find no active link; the person row serialises them
        # (read again: request.user is a lazy wrapper, not a model instance).
        lock(User.objects.get(pk=user.pk))
        feed_revoke(town=town, user=user)
        token = secrets.token_urlsafe(24)
        CalendarFeed.objects.create(town=town, user=user, token_hash=token_hash(token))
    return token


def feed_revoke(*, town: Town, user: User) -> int:
    return CalendarFeed.objects.filter(town=town, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_user(*, town: Town, token: str) -> User | None:
    feed = (
        CalendarFeed.objects.in_town(town)
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed and feed.user.is_active else None
