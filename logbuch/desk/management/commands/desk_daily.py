"""Daily run of the Anlaufstelle (cron): slots for the coming weeks, reminders for concerns
without a first answer. Safe to run twice: slots are unique per start, reminders go once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from logbuch.desk.models import Office
from logbuch.desk.services.concerns import concerns_remind_overdue
from logbuch.desk.services.office import slots_materialise


class Command(BaseCommand):
    help = "Termine für die kommenden Wochen anlegen, an unbeantwortete Anliegen erinnern."

    def handle(self, *args: Any, **options: Any) -> None:
        slots = reminders = 0
        for office in Office.objects.select_related("town"):
            slots += slots_materialise(office=office)
            reminders += concerns_remind_overdue(town=office.town)
        self.stdout.write(f"{slots} Termine angelegt, {reminders} Erinnerungen verschickt.")
