"""What waits for the coordinator, across the apps: one query per kind, each with its link.

The Anlaufstelle's own kinds are here; every other app adds its kinds by shipping
`logbuch.<app>.inbox.inbox_items(town)` (found by `towns.hooks.app_hook_modules("inbox")`):
fund applications to review, uncovered shifts, proposals for measures.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.hooks import InboxItem, app_hook_modules
from logbuch.towns.models import Town

from .models import (
    OPEN_STATUSES,
    Appointment,
    BoardReport,
    Concern,
    ConcernStatus,
    Office,
    ThankYou,
    ThankYouStatus,
)
from .services.concerns import overdue_filter

DEFAULT_FIRST_ANSWER_DAYS = 7


def _url(name: str, town: Town, query: str = "") -> str:
    return reverse(name, kwargs={"town_slug": town.slug}) + query


def coordinator_inbox(town: Town) -> list[InboxItem]:
    """The Anlaufstelle's kinds first, then those of the other apps in INSTALLED_APPS order."""
    items = inbox_items(town)
    for module in app_hook_modules("inbox"):
        if module.__name__ != __name__:
            items.extend(module.inbox_items(town))
    return items


def inbox_items(town: Town) -> list[InboxItem]:
    office = Office.objects.in_town(town).only("first_answer_days").first()
    days = office.first_answer_days if office else DEFAULT_FIRST_ANSWER_DAYS
    now = timezone.now()
    concerns = Concern.objects.in_town(town).aggregate(
        new=Count("pk", filter=Q(status=ConcernStatus.NEW, assignee__isnull=True)),
        overdue=Count("pk", filter=overdue_filter(days=days, now=now)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    return [
        InboxItem(
            str(_("Neue Anliegen, noch nicht weitergegeben")),
            concerns["new"],
            _url("desk:concern_list", town, "?stand=new"),
        ),
        InboxItem(
            str(_("Anliegen ohne erste Antwort nach %(days)d Tagen") % {"days": days}),
            concerns["overdue"],
            _url("desk:concern_list", town, "?ueberfaellig=1"),
        ),
        InboxItem(
            str(_("Termine in den nächsten 7 Tagen")),
            Appointment.objects.in_town(town)
            .filter(
                cancelled_at__isnull=True,
                slot__starts_at__gte=now,
                slot__starts_at__lt=now + datetime.timedelta(days=7),
            )
            .count(),
            _url("desk:office_manage", town, "#termine"),
        ),
        InboxItem(
            str(_("Hinweise auf Missbrauch in Biete/Suche")),
            BoardReport.objects.in_town(town).filter(outcome=BoardReport.Outcome.OPEN).count(),
            _url("desk:board_moderation", town),
        ),
        InboxItem(
            str(_("Danke an Gruppen, die auf Freigabe warten")),
            ThankYou.objects.in_town(town)
            .filter(status=ThankYouStatus.WAITING, recipient__isnull=True)
            .count(),
            _url("desk:thanks_release", town),
        ),
    ]
