"""One way to lock scarce rows (budgets, seats, slots): `lock(*objects)`.

Rows are locked once, late, and always in the same order (model label, then pk), so two
services that lock the same rows can never deadlock each other. Like pretix's
`lock_objects()`, it refuses to run outside `transaction.atomic`: a lock that is released at
once protects nothing. On SQLite `select_for_update` is a no-op; there the IMMEDIATE
transaction mode (config/settings) serialises writers instead.

`lock(*objects, shared=True)` is the one shared mode, for many writers that must not run while
a row's own settings change but may run alongside each other (ballots of one vote while the
vote's rules may change): PostgreSQL's FOR KEY SHARE. Shared holders never wait for each other
and may still update non-key columns of the row; an exclusive `lock()` of the same row waits
for all of them, and they wait for it. (FOR SHARE would not do: two holders updating the row
would deadlock.)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connections, models, transaction


class LockOutsideTransaction(RuntimeError):
    """`lock()` was called in autocommit mode, where the lock would end immediately."""


def lock(*objects: models.Model, shared: bool = False) -> None:
    """Lock the rows of these objects with SELECT … FOR UPDATE until the transaction ends
    (`shared`: FOR KEY SHARE, see the module docstring).

    The objects' in-memory fields are not refreshed: re-read what you check after locking
    (for example `type(obj).objects.get(pk=obj.pk)` or an aggregate inside the same block).
    """
    if not objects:
        return
    for obj in objects:
        if obj.pk is None:
            raise ValueError(f"cannot lock an unsaved {type(obj).__name__}")
    using = {transaction.get_connection(o._state.db or "default").alias for o in objects}
    for alias in using:
        if not transaction.get_connection(alias).in_atomic_block:
            raise LockOutsideTransaction("lock() needs an enclosing transaction.atomic()")
    by_model: dict[type[models.Model], set[Any]] = defaultdict(set)
    for obj in objects:
        by_model[type(obj)].add(obj.pk)
    for model in sorted(by_model, key=lambda m: m._meta.label):
        pks = sorted(by_model[model])
        if shared:
            _lock_shared(model, pks, using=objects[0]._state.db or "default")
            continue
        # of=("self",) keeps joined rows (multi-table parents) out of the lock.
        list(
            model._default_manager.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _lock_shared(model: type[models.Model], pks: list[Any], *, using: str) -> None:
    connection = connections[using]
    if not connection.features.has_select_for_update:
        return  # SQLite: writers are serialised by the IMMEDIATE transaction mode
    if connection.vendor != "postgresql":
        raise NotImplementedError(f"lock(shared=True) is not written for {connection.vendor}")
    quote = connection.ops.quote_name
    pk = quote(str(model._meta.pk.column))
    placeholders = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk} FROM {quote(model._meta.db_table)} "  # noqa: S608 (quoted names)
            f"WHERE {pk} IN ({placeholders}) ORDER BY {pk} FOR KEY SHARE",
            pks,
        )
