"""`manage.py fund_daily`: proof-of-use reminders and the coordinators' digest, once a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from logbuch.fund.tasks import fund_daily


class Command(BaseCommand):
    help = "Sendet Erinnerungen zum Verwendungsnachweis und die Tagesübersicht (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--datum", type=date.fromisoformat, help="Tag (JJJJ-MM-TT), sonst heute"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = fund_daily(today=options.get("datum"))
        self.stdout.write(
            f"Erinnerungen: {result.proof_due} fällig, {result.proof_overdue} überfällig; "
            f"Tagesübersichten: {result.digests}"
        )
