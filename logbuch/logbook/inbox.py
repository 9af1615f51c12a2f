"""The logbook's kinds in the coordinator's inbox (found by `app_hook_modules("inbox")`):
Vorschläge waiting for a decision and overdue measures, counted together in one query."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.towns.hooks import InboxItem
from logbuch.towns.models import Town

from .models import Measure, MeasureStatus


def inbox_items(town: Town) -> list[InboxItem]:
    counts = Measure.objects.in_town(town).aggregate(
        proposed=Count("pk", filter=Q(status=MeasureStatus.PROPOSED)),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=[MeasureStatus.PLANNED, MeasureStatus.RUNNING],
                due_on__lt=timezone.localdate(),
            ),
        ),
    )
    kwargs = {"town_slug": town.slug}
    return [
        InboxItem(
            _("Vorschläge, über die noch niemand entschieden hat"),
            counts["proposed"],
            reverse("logbook:proposal_list", kwargs=kwargs),
        ),
        InboxItem(
            _("Überfällige Maßnahmen"),
            counts["overdue"],
            reverse("logbook:measure_board", kwargs=kwargs),
        ),
    ]
