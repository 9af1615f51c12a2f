"""The Daseinsvorsorge's kind in the coordinator's inbox (found by `app_hook_modules("inbox")`):
shifts of the next four weeks below their minimum, the same ones the coverage page lists."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.towns.hooks import InboxItem
from logbuch.towns.models import Town

from .models import ServiceStatus, Shift, SignUpStatus

COVERAGE_DAYS = 28


def inbox_items(town: Town) -> list[InboxItem]:
    now = timezone.now()
    uncovered = (
        Shift.objects.in_town(town)
        .filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=COVERAGE_DAYS))
        .exclude(service__status=ServiceStatus.ENDED)
        .annotate(taken=Count("signups", filter=Q(signups__status=SignUpStatus.SIGNED_UP)))
        .filter(taken__lt=F("min_people"))
        .count()
    )
    return [
        InboxItem(
            _("Unterbesetzte Schichten in den nächsten vier Wochen"),
            uncovered,
            reverse("services:coverage", kwargs={"town_slug": town.slug}),
        )
    ]
