"""Weekly run of the Anlaufstelle (cron, e.g. Mondays 7:00): the Wochenpost. Safe to run
twice: a person gets one mail per ISO week (`WeeklyMailSent`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from logbuch.desk.models import WeeklyMailSubscription
from logbuch.desk.services.weekly import weekly_mail_send
from logbuch.towns.models import Town


class Command(BaseCommand):
    help = "Die Wochenpost an alle verschicken, die sie bestellt haben."

    def handle(self, *args: Any, **options: Any) -> None:
        towns = Town.objects.filter(pk__in=WeeklyMailSubscription.objects.values("town")).order_by(
            "pk"
        )
        sent = sum(weekly_mail_send(town=town) for town in towns)
        self.stdout.write(f"{sent} Wochenpost-Mails verschickt.")
