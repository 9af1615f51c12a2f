"""The logbook's kinds in the coordinator's inbox (found by `app_hook_modules("inbox")`).

Each kind is one `InboxItem`, counted with one query; proposals for measures join this list
once the measure status for a member's proposal exists.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.towns.hooks import InboxItem
from logbuch.towns.models import Town

from .models import Measure, MeasureStatus


def inbox_items(town: Town) -> list[InboxItem]:
    overdue = (
        Measure.objects.in_town(town)
        .filter(
            status__in=[MeasureStatus.PLANNED, MeasureStatus.RUNNING],
            due_on__lt=timezone.localdate(),
        )
        .count()
    )
    return [
        InboxItem(
            _("Überfällige Maßnahmen"),
            overdue,
            reverse("logbook:measure_board", kwargs={"town_slug": town.slug}),
        )
    ]
