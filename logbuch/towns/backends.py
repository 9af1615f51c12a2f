"""Authentication backend: the signed-in person with their towns and roles, in one query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import connections, models, router

from logbuch.core.db import fetch_all

from .models import Membership, Town, User

Converter = Callable[[Any, Any, Any], Any]

# The session store's read already joined the person's rows (towns.sessions); get_user below
# takes them from here instead of asking the database again. Request-scoped: emptied at the
# start and end of every request, and taken only for the very user id the session names.
prefetched_person: ContextVar[tuple[int, Sequence[Sequence[Any]]] | None] = ContextVar(
    "prefetched_person", default=None
)


def _forget_prefetched(**kwargs: Any) -> None:
    prefetched_person.set(None)


request_started.connect(_forget_prefetched, dispatch_uid="towns-prefetched-person-start")
request_finished.connect(_forget_prefetched, dispatch_uid="towns-prefetched-person-end")


def _columns(
    model: type[models.Model], alias: str, connection: Any
) -> tuple[list[str], list[str], list[tuple[list[Converter], Any]]]:
    """Quoted columns, attribute names and the ORM's value converters of a model's fields."""
    return _columns_of(model, alias, connection.alias)


@cache
def _columns_of(
    model: type[models.Model], alias: str, using: str
) -> tuple[list[str], list[str], list[tuple[list[Converter], Any]]]:
    connection = connections[using]
    columns, names, converters = [], [], []
    for field in model._meta.concrete_fields:
        expression = field.get_col(alias)
        columns.append(f"{alias}.{connection.ops.quote_name(str(field.column))}")
        names.append(field.attname)
        converters.append(
            (
                connection.ops.get_db_converters(expression)
                + expression.get_db_converters(connection),
                expression,
            )
        )
    return columns, names, converters


def _convert(
    values: Sequence[Any], converters: list[tuple[list[Converter], Any]], connection: Any
) -> list[Any]:
    result = []
    for raw, (functions, expression) in zip(values, converters, strict=True):
        value = raw
        for function in functions:
            value = function(value, expression, connection)
        result.append(value)
    return result


@cache
def person_sql(using: str) -> tuple[str, str]:
    """SELECT list and joins that read a person with their memberships and towns.

    The user table must be joined as `u` by the caller; rows then carry the user's columns,
    the membership's role and the town's columns (NULL without membership). Built once per
    database alias.
    """
    connection = connections[using]
    q = connection.ops.quote_name
    user_columns = _columns(User, "u", connection)[0]
    town_columns = _columns(Town, "t", connection)[0]
    column = {
        name: q(Membership._meta.get_field(name).column)  # type: ignore[union-attr,arg-type]
        for name in ("role", "user", "town")
    }
    user_pk, town_pk = (q(str(model._meta.pk.column)) for model in (User, Town))  # type: ignore[union-attr]
    select = f"{', '.join(user_columns)}, m.{column['role']}, {', '.join(town_columns)}"
    membership, town = q(Membership._meta.db_table), q(Town._meta.db_table)
    joins = (
        f" LEFT JOIN {membership} m ON m.{column['user']} = u.{user_pk}"
        f" LEFT JOIN {town} t ON t.{town_pk} = m.{column['town']}"
    )
    return select, joins


@cache
def _person_by_id_sql(using: str) -> str:
    q = connections[using].ops.quote_name
    select, joins = person_sql(using)
    user_pk = q(str(User._meta.pk.column))  # type: ignore[union-attr]
    return f"SELECT {select} FROM {q(User._meta.db_table)} u{joins} WHERE u.{user_pk} = %s"  # noqa: S608 (names come from the models)


def person_from_rows(rows: Sequence[Sequence[Any]], db: str) -> User | None:
    """The user of rows read with person_sql's SELECT list, with `_towns_roles` set."""
    if not rows or rows[0][0] is None:
        return None
    connection = connections[db]
    _unused, user_names, user_converters = _columns(User, "u", connection)
    _unused, town_names, town_converters = _columns(Town, "t", connection)
    n = len(user_names)
    user = User.from_db(db, user_names, _convert(rows[0][:n], user_converters, connection))
    towns: dict[int, Town] = {}
    towns_roles = []
    for row in rows:
        role = row[n]
        if role is None:
            continue  # no membership
        values = _convert(row[n + 1 :], town_converters, connection)
        town = towns.get(values[0])
        if town is None:
            town = towns[values[0]] = Town.from_db(db, town_names, values)
        towns_roles.append((town, role))
    towns_roles.sort(key=lambda pair: (pair[0].name, pair[0].pk, pair[1]))
    user._towns_roles = towns_roles  # type: ignore[attr-defined]
    return user


class MemberBackend(ModelBackend):
    """Django's ModelBackend, whose `get_user` also loads the person's towns and roles.

    Every page a signed-in person opens needs their towns (switcher) and their roles in the
    current town. The session store reads them together with the session row
    (towns.sessions); otherwise one statement reads the user row with memberships and towns.
    Both are written in SQL from the models' metadata, values converted by the ORM's own
    converters, because building them through the ORM on every request cost several times
    the queries themselves. The pairs are kept on the user as `_towns_roles` (read by
    `towns.middleware.person_towns`).
    """

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        try:
            pk = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
        except ValidationError:  # a malformed id in a session is no user
            return None
        db = router.db_for_read(User)
        prefetched = prefetched_person.get()
        prefetched_person.set(None)
        if prefetched is not None and prefetched[0] == pk:
            rows = prefetched[1]
        else:
            rows = fetch_all(_person_by_id_sql(db), [pk], using=db)
        user = person_from_rows(rows, db)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
