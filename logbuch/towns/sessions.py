"""Django's `cached_db` sessions, with the signed-in person's id beside the data.

The engine is Django's documented way of extending a database-backed session engine: the
`towns.Session` model adds the person's id, `create_model_instance` fills it in. Sessions are
read from the cache (Redis in production) and written to the cache and the database, so they
survive a cache restart; the id lets a person's sessions end with their account.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.core.exceptions import ValidationError

from .models import Session, User


class SessionStore(CachedDBStore):
    cache_key_prefix = "logbuch.towns.sessions"

    @classmethod
    def get_model_class(cls) -> Any:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session: Any = super().create_model_instance(data)
        try:
            session.user_id = User._meta.pk.to_python(data.get(SESSION_KEY))
        except ValidationError:
            session.user_id = None
        return session


def sessions_end(*, user: User) -> None:
    """End every session of the person, in the cache and in the database (erasure)."""
    keys = list(Session.objects.filter(user=user).values_list("session_key", flat=True))
    caches[settings.SESSION_CACHE_ALIAS].delete_many(
        [SessionStore.cache_key_prefix + key for key in keys]
    )
    Session.objects.filter(session_key__in=keys).delete()
