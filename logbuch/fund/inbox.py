"""The fund's kinds in the coordinator's inbox (found by `app_hook_modules("inbox")`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from logbuch.towns.hooks import InboxItem
from logbuch.towns.models import Town

from .models import Application, ApplicationStatus


def inbox_items(town: Town) -> list[InboxItem]:
    return [
        InboxItem(
            _("Anträge an den Mitmach-Fonds zu prüfen"),
            Application.objects.in_town(town)
            .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW])
            .count(),
            reverse("fund:index", kwargs={"town_slug": town.slug}),
        )
    ]
