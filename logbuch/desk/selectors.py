"""Reads of the Anlaufstelle that need more than one line of ORM."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import Town

from .calendar import OpenNow, open_today
from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Appointment,
    Closure,
    Concern,
    ConcernStatus,
    ContactPerson,
    Office,
    OpeningHours,
    Slot,
)
from .services.concerns import overdue_filter


def office_with_hours(town: Town) -> tuple[Office | None, list[OpeningHours], list[Closure]]:
    """The office (None if the town has not set one up), its weekly hours, coming closures."""
    office = Office.objects.in_town(town).first()
    if office is None:
        return None, [], []
    hours = list(OpeningHours.objects.filter(office=office).order_by("weekday", "opens"))
    closures = list(
        Closure.objects.filter(office=office, last_day__gte=timezone.localdate()).order_by(
            "first_day"
        )[:10]
    )
    return office, hours, closures


def open_now(town: Town) -> OpenNow | None:
    """For the start page: open today until when, or why closed; None without hours."""
    office, hours, closures = office_with_hours(town)
    if office is None or not hours:
        return None
    return open_today(
        bundesland=town.bundesland, hours=hours, closures=closures, now=timezone.localtime()
    )


def free_slots(town: Town, *, after: datetime.datetime | None = None) -> QuerySet[Slot]:
    """Bookable slots from now (or `after`) on, earliest first."""
    booked = Appointment.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)
    return (
        Slot.objects.in_town(town)
        .filter(starts_at__gt=after or timezone.now(), withdrawn_at__isnull=True)
        .exclude(Exists(booked))
        .order_by("starts_at")
    )


def slots_by_day(slots: list[Slot]) -> list[tuple[datetime.date, list[Slot]]]:
    tz = ZoneInfo(settings.TIME_ZONE)
    days: dict[datetime.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.starts_at.astimezone(tz).date(), []).append(slot)
    return list(days.items())


def upcoming_appointments(town: Town) -> QuerySet[Appointment]:
    return (
        Appointment.objects.in_town(town)
        .filter(cancelled_at__isnull=True, slot__starts_at__gte=timezone.now())
        .select_related("slot")
        .order_by("slot__starts_at")
    )


def concern_list(town: Town, *, first_answer_days: int) -> QuerySet[Concern]:
    """The coordinator's list: every concern with its assignee and an `overdue` flag."""
    concerns: QuerySet[Concern] = (
        Concern.objects.in_town(town)
        .select_related("assignee")
        .annotate(
            overdue=Case(
                When(overdue_filter(days=first_answer_days), then=Value(True)),
                default=Value(False),
            ),
        )
    )
    return concerns


def public_concerns(town: Town) -> QuerySet[Concern]:
    """Resolved concerns the town chose to show, without any personal field."""
    return (
        Concern.objects.in_town(town)
        .filter(is_public=True, status__in=CLOSED_STATUSES)
        .only(
            "pk", "town_id", "kind", "category", "public_title", "status", "status_reason",
            "created_at", "resolved_at",
        )
        .order_by("-resolved_at", "-pk")
    )  # fmt: skip


@dataclass(frozen=True)
class PublicFigures:
    median_days_to_answer: float | None
    median_days_to_resolution: float | None
    answered: int
    resolved: int
    open_by_age: list[tuple[str, int]]


# Open concerns by age: (oldest age in days that still belongs to the bucket, label).
AGE_BUCKETS = (
    (7, _("bis 7 Tage")),
    (30, _("8 bis 30 Tage")),
    (90, _("31 bis 90 Tage")),
    (None, _("älter als 90 Tage")),
)


FIGURES_SECONDS = 60


def public_figures_cached(town: Town) -> PublicFigures:
    """The public page's figures, kept for a minute in the shared cache: they read every
    answered concern of the town, and a minute's delay does not change what they say."""
    key = f"desk:public-figures:{town.pk}"
    figures: PublicFigures | None = cache.get(key)
    if figures is None:
        figures = public_figures(town)
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


def public_figures(town: Town) -> PublicFigures:
    """Medians over all answered/resolved concerns (not only public ones) and open ones by age.

    Two queries: the timestamps of answered or resolved concerns (durations reduced in Python,
    so SQLite and PostgreSQL agree exactly) and one conditional count per age bucket.
    """
    rows = (
        Concern.objects.in_town(town)
        .exclude(status=ConcernStatus.MERGED)
        .filter(Q(first_answer_at__isnull=False) | Q(resolved_at__isnull=False))
        .values_list("created_at", "first_answer_at", "resolved_at")
    )
    to_answer: list[float] = []
    to_resolve: list[float] = []
    for created, answered, resolved in rows:
        if answered is not None:
            to_answer.append((answered - created).total_seconds() / 86400)
        if resolved is not None:
            to_resolve.append((resolved - created).total_seconds() / 86400)
    now = timezone.now()
    counts: dict[str, Any] = {}
    younger_than = None
    for i, (days, _label) in enumerate(AGE_BUCKETS):
        cond = Q(status__in=OPEN_STATUSES)
        if days is not None:
            cond &= Q(created_at__gt=now - datetime.timedelta(days=days))
        if younger_than is not None:
            cond &= Q(created_at__lte=now - datetime.timedelta(days=younger_than))
        counts[f"age{i}"] = Count("pk", filter=cond)
        younger_than = days
    figures = Concern.objects.in_town(town).aggregate(**counts)
    return PublicFigures(
        median_days_to_answer=round(median(to_answer), 1) if to_answer else None,
        median_days_to_resolution=round(median(to_resolve), 1) if to_resolve else None,
        answered=len(to_answer),
        resolved=len(to_resolve),
        open_by_age=[
            (str(label), figures[f"age{i}"]) for i, (_days, label) in enumerate(AGE_BUCKETS)
        ],
    )


HOME_CONTACTS = 6


def home_contacts(town: Town) -> list[ContactPerson]:
    return list(ContactPerson.objects.in_town(town).order_by("position", "name")[:HOME_CONTACTS])
