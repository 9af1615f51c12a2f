"""Austauschort: the Biete/Suche board and its abuse reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned


class BoardKind(models.TextChoices):
    OFFER = "offer", _("Biete")
    REQUEST = "request", _("Suche")


class BoardCategory(models.TextChoices):
    HELP = "help", _("Hilfe")
    THINGS = "things", _("Dinge")
    ROOMS = "rooms", _("Räume")
    SKILLS = "skills", _("Können")
    LIFTS = "lifts", _("Mitfahrt")


class BoardStatus(models.TextChoices):
    ACTIVE = "active", _("sichtbar")
    CLOSED = "closed", _("erledigt")
    HIDDEN = "hidden", _("ausgeblendet")


class BoardPost(TownOwned):
    """An offer or request; shown until it expires, is closed by its author or hidden."""

    MAX_DAYS = 90
    DEFAULT_DAYS = 30  # what the form suggests

    kind = models.CharField(_("Art"), max_length=10, choices=BoardKind.choices)
    category = models.CharField(_("Bereich"), max_length=10, choices=BoardCategory.choices)
    title = models.CharField(_("Überschrift"), max_length=120)
    text = models.TextField(_("Beschreibung"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("Stand"), max_length=10, choices=BoardStatus.choices, default=BoardStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(_("sichtbar bis"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="desk_boardpost_has_title")
        ]
        indexes = [
            models.Index(fields=["town", "status", "expires_on"], name="desk_board_town_status")
        ]
        verbose_name = _("Eintrag")
        verbose_name_plural = _("Biete/Suche")

    def __str__(self) -> str:
        return self.title


class BoardReport(TownOwned):
    """Someone reported a post as abusive; the coordinator hides it or dismisses the report."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("offen")
        HIDDEN = "hidden", _("Eintrag ausgeblendet")
        DISMISSED = "dismissed", _("Eintrag bleibt")

    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(_("Was stimmt nicht?"), max_length=1000)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["town", "outcome"], name="desk_boardreport_open")]
        verbose_name = _("Hinweis auf Missbrauch")
        verbose_name_plural = _("Hinweise auf Missbrauch")

    def __str__(self) -> str:
        return f"{self.post_id}: {self.reason[:40]}"
