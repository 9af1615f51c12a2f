"""One way to lock scarce rows (budgets, seats, slots): `lock(*objects)`.

Rows are locked once, late, and always in the same order (model label, then pk), so two
services that lock the same rows can never deadlock each other. Like pretix's
`lock_objects()`, it refuses to run outside `transaction.atomic`: a lock that is released at
once protects nothing. On SQLite `select_for_update` is a no-op; there the IMMEDIATE
transaction mode (config/settings) serialises writers instead.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import models, transaction


class LockOutsideTransaction(RuntimeError):
    """`lock()` was called in autocommit mode, where the lock would end immediately."""


def lock(*objects: models.Model) -> None:
    """Lock the rows of these objects with SELECT … FOR UPDATE until the transaction ends.

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
        # of=("self",) keeps joined rows (multi-table parents) out of the lock.
        list(
            model._default_manager.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
