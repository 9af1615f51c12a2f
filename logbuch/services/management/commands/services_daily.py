"""`manage.py services_daily`: extend shift plans, remind tomorrow's people, alert about gaps."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from logbuch.services.tasks import services_daily, services_daily_task


class Command(BaseCommand):
    help = "Verlängert Schichtpläne, erinnert an Schichten und warnt vor Lücken (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--datum", type=date.fromisoformat, help="Tag (JJJJ-MM-TT), sonst heute"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="als Hintergrundaufgabe einreihen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("enqueue"):
            services_daily_task.enqueue()
            self.stdout.write("Eingereiht.")
            return
        result = services_daily(today=options.get("datum"))
        self.stdout.write(
            f"Neue Schichten: {result.new_shifts}; Erinnerungen: {result.reminders}; "
            f"Warnungen: {result.alerts}"
        )
