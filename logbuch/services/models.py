"""Daseinsvorsorge by volunteers: services, responsibilities (Organigramm), shift plans, shifts,
sign-ups, residents' requests, recorded hours and personal calendar feeds.

Times are stored in UTC; a shift plan holds local wall-clock times (Europe/Berlin) and an
RFC 5545 rule, and shifts are materialised from it for a rolling horizon (`services.setup`).
Capacity rules (seats of a shift, request seats of a ride) are checked under the shift row's
lock (`services.shifts`, `services.requests`); the database holds what it can on its own.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned


class ServiceKind(models.TextChoices):
    BUS = "bus", _("Bürgerbus")
    SHOP = "shop", _("Dorfladen")
    LIBRARY = "library", _("Bibliothek")
    NEIGHBOURLY_HELP = "neighbourly_help", _("Nachbarschaftshilfe")
    REPAIR = "repair", _("Repair-Café")
    OTHER = "other", _("Anderer Dienst")


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("In Vorbereitung")
    ACTIVE = "active", _("In Betrieb")
    PAUSED = "paused", _("Pausiert")
    ENDED = "ended", _("Eingestellt")


class Service(TownOwned):
    """A volunteer-run service of the town (Dienst), with a public page for residents."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=60)
    kind = models.CharField(
        _("Art"), max_length=20, choices=ServiceKind.choices, default=ServiceKind.OTHER
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    team = models.TextField(
        _("Team"), blank=True, help_text=_("Wer macht mit? Zum Beispiel „acht Fahrerinnen“.")
    )
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    operating_hours = models.TextField(
        _("Öffnungs- oder Betriebszeiten"), blank=True, help_text=_("So, wie Bürger sie lesen.")
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    takes_requests = models.BooleanField(
        _("Bürgerinnen und Bürger können anfragen"),
        default=False,
        help_text=_("Zum Beispiel eine Fahrt, eine Lieferung oder eine Reparatur."),
    )
    request_label = models.CharField(
        _("Was angefragt wird"),
        max_length=40,
        blank=True,
        help_text=_("Ein Wort, z. B. „Fahrt“, „Lieferung“, „Reparatur“."),
    )
    seats_per_shift = models.PositiveSmallIntegerField(
        _("Plätze je Schicht"),
        null=True,
        blank=True,
        help_text=_("Sitzplätze im Bus, Lieferungen oder Reparaturen je Schicht."),
    )
    cancel_notice_hours = models.PositiveSmallIntegerField(
        _("Absagefrist in Stunden"),
        default=48,
        help_text=_("Danach kann nur noch die Koordinierungsstelle jemanden austragen."),
    )
    alert_days_before = models.PositiveSmallIntegerField(
        _("Warnung bei Lücken (Tage vorher)"), default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "slug"], name="services_service_slug_per_town"),
            models.CheckConstraint(
                condition=Q(takes_requests=False) | Q(seats_per_shift__gte=1),
                name="services_service_requests_need_seats",
            ),
        ]
        verbose_name = _("Dienst")
        verbose_name_plural = _("Dienste")

    def __str__(self) -> str:
        return self.name

    @property
    def request_noun(self) -> str:
        return self.request_label or str(_("Anfrage"))


class Responsibility(TownOwned):
    """Who answers for a task area (Zuständigkeit), with a deputy (Vertretung) and a period.

    A missing holder is a vacancy; a missing deputy is highlighted in the Organigramm.
    `service` empty means a town-wide task area.
    """

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("Dienst"),
    )
    area = models.CharField(_("Aufgabenbereich"), max_length=120)
    title = models.CharField(_("Zuständigkeit"), max_length=120)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zuständig"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Vertretung"),
    )
    since = models.DateField(_("Seit"), null=True, blank=True)
    until = models.DateField(_("Bis"), null=True, blank=True)
    notes = models.TextField(_("Hinweise"), blank=True)

    class Meta:
        ordering = ["area", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(holder__isnull=True) | Q(deputy__isnull=True) | ~Q(holder=F("deputy")),
                name="services_responsibility_deputy_not_holder",
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="services_responsibility_until_after_since",
            ),
        ]
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")

    def __str__(self) -> str:
        return f"{self.area}: {self.title}"

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None

    @property
    def lacks_deputy(self) -> bool:
        return self.deputy_id is None

    def is_current(self, today: date) -> bool:
        return (self.since is None or self.since <= today) and (
            self.until is None or self.until >= today
        )


class Qualification(TownOwned):
    """Something a shift may require, e.g. Personenbeförderungsschein or Erste Hilfe."""

    name = models.CharField(_("Name"), max_length=120)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "name"], name="services_qualification_name_per_town"
            )
        ]
        verbose_name = _("Qualifikation")
        verbose_name_plural = _("Qualifikationen")

    def __str__(self) -> str:
        return self.name


class VolunteerQualification(TownOwned):
    """A person holds a qualification, valid until a day (empty: does not expire)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_qualifications"
    )
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="holders"
    )
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "user"], name="services_volunteerqualification_once"
            )
        ]
        verbose_name = _("Nachweis einer Qualifikation")
        verbose_name_plural = _("Nachweise von Qualifikationen")

    def __str__(self) -> str:
        return f"{self.user} – {self.qualification}"


class HolidayPolicy(models.TextChoices):
    SKIP = "skip", _("An Feiertagen keine Schicht")
    FLAG = "flag", _("Schicht findet statt, als Feiertag markiert")


class ShiftPlan(TownOwned):
    """Recurring shifts of a service: an RFC 5545 rule plus local wall-clock times.

    `rule` is an RRULE without DTSTART (e.g. ``FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR``); the first
    day is `starts_on`. `skip_dates` are ISO dates without a shift (exceptions).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("Bezeichnung"), max_length=120)
    rule = models.CharField(_("Wiederholung (RRULE)"), max_length=500)
    starts_on = models.DateField(_("Ab"))
    ends_on = models.DateField(_("Bis"), null=True, blank=True)
    start_time = models.TimeField(_("Beginn"))
    end_time = models.TimeField(_("Ende"))
    min_people = models.PositiveSmallIntegerField(_("Mindestens Personen"), default=1)
    max_people = models.PositiveSmallIntegerField(_("Höchstens Personen"), default=2)
    seats = models.PositiveSmallIntegerField(
        _("Plätze für Anfragen je Schicht"),
        null=True,
        blank=True,
        help_text=_("Leer: wie beim Dienst angegeben."),
    )
    holiday_policy = models.CharField(
        _("Feiertage"), max_length=10, choices=HolidayPolicy.choices, default=HolidayPolicy.SKIP
    )
    skip_dates = models.JSONField(_("Ausnahmen"), default=list, blank=True)
    required_qualifications = models.ManyToManyField(
        Qualification, blank=True, related_name="plans", verbose_name=_("Nötige Qualifikationen")
    )
    materialised_until = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="services_shiftplan_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(max_people__gte=1) & Q(min_people__lte=F("max_people")),
                name="services_shiftplan_people_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="services_shiftplan_ends_after_start",
            ),
        ]
        verbose_name = _("Schichtplan")
        verbose_name_plural = _("Schichtpläne")

    def __str__(self) -> str:
        return f"{self.service} – {self.title}"


class Shift(TownOwned):
    """One shift of a service (Schicht), materialised from a plan or set up once."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="shifts")
    plan = models.ForeignKey(
        ShiftPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    min_people = models.PositiveSmallIntegerField(_("Mindestens Personen"), default=1)
    max_people = models.PositiveSmallIntegerField(_("Höchstens Personen"), default=2)
    seats = models.PositiveSmallIntegerField(_("Plätze für Anfragen"), null=True, blank=True)
    holiday_name = models.CharField(_("Feiertag"), max_length=100, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="services_shift_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(max_people__gte=1) & Q(min_people__lte=F("max_people")),
                name="services_shift_people_range",
            ),
            models.UniqueConstraint(
                fields=["plan", "starts_at"],
                condition=Q(plan__isnull=False),
                name="services_shift_once_per_plan_start",
            ),
        ]
        indexes = [
            models.Index(fields=["town", "starts_at"]),
            models.Index(fields=["service", "starts_at"]),
        ]
        verbose_name = _("Schicht")
        verbose_name_plural = _("Schichten")

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.service} {start:%d.%m.%Y %H:%M}"


class SignUpStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Eingetragen")
    WAITING = "waiting", _("Warteliste")
    CANCELLED = "cancelled", _("Abgesagt")
    SWAPPED = "swapped", _("Getauscht")


ACTIVE_SIGNUP = (SignUpStatus.SIGNED_UP, SignUpStatus.WAITING)


class SignUp(TownOwned):
    """A person on a shift (or on its waiting list). Cancelled rows stay as history."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_signups"
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.SIGNED_UP
    )
    created_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overlap_confirmed = models.BooleanField(default=False)
    swap_offered_at = models.DateTimeField(null=True, blank=True)
    release_requested_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "user"],
                condition=Q(status__in=["signed_up", "waiting"]),
                name="services_signup_once_per_shift",
            ),
            models.CheckConstraint(
                condition=Q(swap_offered_at__isnull=True) | Q(status="signed_up"),
                name="services_signup_swap_only_when_signed_up",
            ),
        ]
        indexes = [
            models.Index(fields=["shift", "status"]),
            models.Index(fields=["user", "status"]),
        ]
        verbose_name = _("Eintragung")
        verbose_name_plural = _("Eintragungen")

    def __str__(self) -> str:
        return f"{self.user} – {self.shift}"

    @property
    def status_label(self) -> str:
        """The status's label, read from the choices enum: `get_status_display()` rebuilds
        the choices map on every call, which a list of 50 shifts pays 50 times."""
        return str(SignUpStatus(self.status).label)


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Angefragt")
    CONFIRMED = "confirmed", _("Bestätigt")
    DECLINED = "declined", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


OPEN_REQUEST = (RequestStatus.REQUESTED, RequestStatus.CONFIRMED)


class ServiceRequest(TownOwned):
    """A resident's request (a ride, a delivery, a repair slot), without an account.

    It takes `seats` of its shift's capacity while requested or confirmed. The resident
    follows it through a secret link; only the SHA-256 of that link's token is stored.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requests")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="requests")
    name = models.CharField(_("Name"), max_length=120)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    wanted_at = models.DateTimeField(_("Wann"))
    details = models.TextField(_("Was genau"))
    seats = models.PositiveSmallIntegerField(_("Plätze"), default=1)
    status = models.CharField(
        _("Stand"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    reason = models.TextField(_("Begründung"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["wanted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="services_request_seats_min"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""),
                name="services_request_decline_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["shift", "status"])]
        verbose_name = _("Anfrage")
        verbose_name_plural = _("Anfragen")

    def __str__(self) -> str:
        return f"{self.name} – {self.shift}"


class HoursRecord(TownOwned):
    """Hours a person gave, confirmed by the coordinator or the shift lead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_hours"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="hours")
    shift = models.ForeignKey(
        Shift, on_delete=models.SET_NULL, null=True, blank=True, related_name="hours"
    )
    day = models.DateField(_("Tag"))
    minutes = models.PositiveIntegerField(_("Minuten"))
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "shift"],
                condition=Q(shift__isnull=False),
                name="services_hoursrecord_once_per_shift",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=24 * 60),
                name="services_hoursrecord_minutes_range",
            ),
        ]
        indexes = [models.Index(fields=["user", "day"])]
        verbose_name = _("Stunden")
        verbose_name_plural = _("Stunden")

    def __str__(self) -> str:
        return f"{self.user} {self.day} {self.minutes} min"


class CalendarFeed(TownOwned):
    """A person's secret calendar link; revoking it makes the old link answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "user"],
                condition=Q(revoked_at__isnull=True),
                name="services_calendarfeed_one_active",
            )
        ]
        verbose_name = _("Kalender-Link")
        verbose_name_plural = _("Kalender-Links")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class NoticeSent(TownOwned):
    """A reminder or alert that went out; the unique key makes every notice go out once."""

    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town", "kind", "key"], name="services_noticesent_once")
        ]
        verbose_name = _("Versandte Nachricht")
        verbose_name_plural = _("Versandte Nachrichten")

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
