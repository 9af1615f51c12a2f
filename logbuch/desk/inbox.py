"""What waits for the coordinator, across the apps: one query per kind, each with its link.

Kinds from apps that do not exist yet (proposals for measures, uncovered shifts) plug in here
as one more `InboxItem` once their models exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import Town

from .models import (
    OPEN_STATUSES,
    Appointment,
    BoardReport,
    Concern,
    ConcernStatus,
    ThankYou,
    ThankYouStatus,
)
from .services.concerns import overdue_filter


@dataclass(frozen=True)
class InboxItem:
    label: str
    count: int
    url: str


def _url(name: str, town: Town, query: str = "") -> str:
    return reverse(name, kwargs={"town_slug": town.slug}) + query


def inbox_items(town: Town, *, first_answer_days: int) -> list[InboxItem]:
    now = timezone.now()
    concerns = Concern.objects.in_town(town).aggregate(
        new=Count("pk", filter=Q(status=ConcernStatus.NEW, assignee__isnull=True)),
        overdue=Count("pk", filter=overdue_filter(days=first_answer_days, now=now)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    items = [
        InboxItem(
            str(_("Neue Anliegen, noch nicht weitergegeben")),
            concerns["new"],
            _url("desk:concern_list", town, "?stand=new"),
        ),
        InboxItem(
            str(_("Anliegen ohne erste Antwort nach %(days)d Tagen") % {"days": first_answer_days}),
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
    if apps.is_installed("logbuch.fund"):
        from logbuch.fund.models import Application, ApplicationStatus  # noqa: PLC0415

        items.append(
            InboxItem(
                str(_("Anträge an den Mitmach-Fonds zu prüfen")),
                Application.objects.in_town(town)
                .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW])
                .count(),
                _url("fund:index", town),
            )
        )
    return items
