"""Django's database sessions, read together with the signed-in person in one statement.

Every signed-in request needs its session row, the person, their towns and their roles.
`towns.Session` keeps the person's id beside the session data, so one LEFT JOIN reads all of
it; the person's rows are handed to `MemberBackend.get_user` (towns.backends), which then
needs no query of its own. The statement is written in SQL because building it through the
ORM on every request cost several times the query itself. Writes, expiry and everything else
stay Django's (`db.SessionStore`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from logbuch.core.db import fetch_all

from .backends import person_sql, prefetched_person
from .models import Session, User


@cache
def _session_sql(using: str) -> str:
    """The session row with its person, memberships and towns (built once per alias)."""
    q = connections[using].ops.quote_name
    select, joins = person_sql(using)
    user_column = q(Session._meta.get_field("user").column)  # type: ignore[union-attr,arg-type]
    user_pk = q(str(User._meta.pk.column))  # type: ignore[union-attr]
    return (
        f"SELECT s.{q('session_data')}, {select} FROM {q(Session._meta.db_table)} s"  # noqa: S608 (names come from the models)
        f" LEFT JOIN {q(User._meta.db_table)} u ON u.{user_pk} = s.{user_column}{joins}"
        f" WHERE s.{q('session_key')} = %s AND s.{q('expire_date')} > %s"
    )


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session: Any = super().create_model_instance(data)
        try:
            session.user_id = User._meta.pk.to_python(data.get(SESSION_KEY))  # type: ignore[union-attr]
        except ValidationError:
            session.user_id = None
        return session

    def _get_session_from_db(self) -> Any:
        db = router.db_for_read(Session)
        now = connections[db].ops.adapt_datetimefield_value(timezone.now())
        rows = fetch_all(_session_sql(db), [self.session_key, now], using=db)
        if not rows:
            self._session_key = None
            return None
        person_rows = [row[1:] for row in rows]
        if person_rows[0][0] is not None:
            prefetched_person.set((person_rows[0][0], person_rows))
        return Session(session_key=self._session_key or "", session_data=rows[0][0])
