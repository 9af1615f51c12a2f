"""Close rounds whose end date has passed. Run once a day (cron or the task worker's host)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from logbuch.logbook.tasks import close_due_rounds_task


class Command(BaseCommand):
    help = "Schließt alle Runden, deren Enddatum vorbei ist."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Nur als Hintergrundaufgabe einreihen statt sofort auszuführen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = close_due_rounds_task.enqueue()
            self.stdout.write(f"Aufgabe eingereiht: {result.id}")
            return
        closed = close_due_rounds_task.call()
        self.stdout.write(f"{closed} Runde(n) abgeschlossen.")
