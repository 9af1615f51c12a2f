"""Contact persons (Ansprechpartner), thank-you notes (Danke) and the Wochenpost."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned


class ContactPerson(TownOwned):
    """Who is there for what. Reached through a relay form; no e-mail address is shown."""

    name = models.CharField(_("Name"), max_length=150)
    topics = models.CharField(
        _("Themen"), max_length=300, help_text=_("Stichworte, durch Komma getrennt")
    )
    description = models.TextField(_("Wofür ansprechbar"), max_length=1000, blank=True)
    office_hours = models.CharField(_("Sprechzeiten"), max_length=200, blank=True)
    how_to_reach = models.CharField(
        _("Erreichbar"), max_length=200, blank=True, help_text=_("Telefon, Raum, Ort")
    )
    # Where the relay form's messages go; never shown on a page.
    email = models.EmailField(_("E-Mail für das Kontaktformular"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self) -> str:
        return self.name

    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]


class ThankYouStatus(models.TextChoices):
    WAITING = "waiting", _("wartet auf Zustimmung")
    SHOWN = "shown", _("an der Dankeswand")
    PRIVATE = "private", _("nur für die Beschenkten")


class ThankYou(TownOwned):
    """A Danke to a person or a group; on the wall only once the recipient agrees."""

    from_name = models.CharField(_("Von"), max_length=150)
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("An eine Person"),
    )
    recipient_group = models.CharField(_("An eine Gruppe"), max_length=150, blank=True)
    text = models.TextField(_("Ihr Dank"), max_length=1000)
    status = models.CharField(
        max_length=10, choices=ThankYouStatus.choices, default=ThankYouStatus.WAITING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient__isnull=False) & Q(recipient_group=""))
                | (Q(recipient__isnull=True) & ~Q(recipient_group="")),
                name="desk_thankyou_one_recipient",
            )
        ]
        indexes = [models.Index(fields=["town", "status"], name="desk_thankyou_town_status")]
        verbose_name = _("Danke")
        verbose_name_plural = _("Danke")

    def __str__(self) -> str:
        return f"{self.from_name}: {self.text[:40]}"


class WeeklyMailSubscription(TownOwned):
    """A member who opted in to the Wochenpost (see `WeeklyMailSent` for "once a week")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town", "user"], name="desk_weeklymail_once")
        ]
        verbose_name = _("Wochenpost-Abo")
        verbose_name_plural = _("Wochenpost-Abos")

    def __str__(self) -> str:
        return f"{self.user_id}@{self.town_id}"


class WeeklyMailSent(TownOwned):
    """The Wochenpost of one ISO week went to this person; the unique constraint makes a rerun
    (or two runs at once) send nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)  # ISO week "2026-W48"
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "user", "week"], name="desk_weeklymailsent_once_a_week"
            )
        ]
        verbose_name = _("Versandte Wochenpost")
        verbose_name_plural = _("Versandte Wochenpost")

    def __str__(self) -> str:
        return f"{self.user_id}@{self.town_id} {self.week}"
