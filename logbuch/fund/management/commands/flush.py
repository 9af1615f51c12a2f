"""`manage.py flush` wipes every table; on SQLite that must include the append-only ledger."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from logbuch.fund.dbguard import ledger_wipe_allowed


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with ledger_wipe_allowed():
            super().handle(**options)
