"""Anker: the office itself, its hours, closures, bookable slots and appointments."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


class HoursKind(models.TextChoices):
    OPEN = "open", _("Öffnungszeit")
    CONSULTATION = "consultation", _("Sprechstunde")


class Office(TownOwned):
    """The town's Anlaufstelle: one per town, with its address and who is there."""

    name = models.CharField(_("Name"), max_length=120, default=_("Anlaufstelle"))
    address = models.TextField(_("Anschrift"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    who_is_there = models.TextField(
        _("Wer ist da"), blank=True, help_text=_("Zum Beispiel: Frau Berger, Koordinierungsstelle")
    )
    first_answer_days = models.PositiveSmallIntegerField(
        _("Erste Antwort innerhalb von … Tagen"), default=7
    )
    slot_minutes = models.PositiveSmallIntegerField(_("Länge eines Termins (Minuten)"), default=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town"], name="desk_office_one_per_town"),
            models.CheckConstraint(
                condition=Q(first_answer_days__gte=1, first_answer_days__lte=60),
                name="desk_office_first_answer_days_range",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="desk_office_slot_minutes_range",
            ),
        ]
        verbose_name = _("Anlaufstelle")
        verbose_name_plural = _("Anlaufstellen")

    def __str__(self) -> str:
        return str(self.name)


class OpeningHours(TownOwned):
    """One weekly period: the office is open, or a Sprechstunde with bookable slots is held."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    kind = models.CharField(_("Art"), max_length=20, choices=HoursKind.choices)
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="desk_openinghours_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="desk_openinghours_weekday"
            ),
        ]
        verbose_name = _("Zeit")
        verbose_name_plural = _("Zeiten")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(TownOwned):
    """Days the office is closed (holidays of the Bundesland are known without a row)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    first_day = models.DateField(_("vom"))
    last_day = models.DateField(_("bis einschließlich"))
    reason = models.CharField(_("Grund"), max_length=200, blank=True)

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="desk_closure_ends_after_start"
            )
        ]
        verbose_name = _("Schließzeit")
        verbose_name_plural = _("Schließzeiten")

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day}"


class Slot(TownOwned):
    """One bookable appointment time in a Sprechstunde; takes one appointment."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    # Set when a closure is entered after the slot was made: it is no longer offered.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "starts_at"], name="desk_slot_once_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="desk_slot_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["town", "starts_at"], name="desk_slot_town_start")]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"


class Appointment(TownOwned):
    """A resident's booking of a slot: a name and a way to reach them, nothing more."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="appointments")
    name = models.CharField(_("Name"), max_length=150)
    contact = models.CharField(_("Telefon oder E-Mail"), max_length=200)
    # SHA-256 of the cancel link's token; the token itself is only in the confirmation.
    cancel_token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True),
                name="desk_appointment_one_per_slot",
            )
        ]
        verbose_name = _("Terminbuchung")
        verbose_name_plural = _("Terminbuchungen")

    def __str__(self) -> str:
        return f"{self.slot} {self.name}"
