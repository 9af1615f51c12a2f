"""Kummerkasten: concerns (Sorge, Idee, Lob), their messages and photos."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned


class ConcernKind(models.TextChoices):
    WORRY = "worry", _("Sorge")
    IDEA = "idea", _("Idee")
    PRAISE = "praise", _("Lob")


class ConcernCategory(models.TextChoices):
    TRAFFIC = "traffic", _("Verkehr und Wege")
    GREEN = "green", _("Grün, Umwelt und Sauberkeit")
    TOGETHER = "together", _("Miteinander und Nachbarschaft")
    FAMILY = "family", _("Kinder, Jugend und Familie")
    ELDERLY = "elderly", _("Älter werden")
    CULTURE = "culture", _("Kultur, Sport und Freizeit")
    SERVICES = "services", _("Verwaltung und Daseinsvorsorge")
    OTHER = "other", _("Sonstiges")


class ConcernStatus(models.TextChoices):
    NEW = "new", _("neu")
    IN_PROGRESS = "in_progress", _("in Bearbeitung")
    DONE = "done", _("erledigt")
    NOT_POSSIBLE = "not_possible", _("nicht möglich")
    MERGED = "merged", _("zusammengeführt")


OPEN_STATUSES = (ConcernStatus.NEW, ConcernStatus.IN_PROGRESS)
CLOSED_STATUSES = (ConcernStatus.DONE, ConcernStatus.NOT_POSSIBLE)


def photo_path(instance: Concern, filename: str) -> str:
    """A random name under the private storage; photos are always stored as JPEG."""
    suffix = PurePosixPath(filename).suffix.lower()[:8] or ".jpg"
    return f"desk/{instance.town_id}/{uuid.uuid4().hex}{suffix}"


class Concern(TownOwned):
    """An Anliegen. Anonymous ones hold no name, contact, account, address or browser data."""

    kind = models.CharField(_("Art"), max_length=10, choices=ConcernKind.choices)
    category = models.CharField(_("Thema"), max_length=20, choices=ConcernCategory.choices)
    text = models.TextField(_("Ihr Anliegen"), max_length=4000)
    place = models.CharField(_("Ort oder Adresse"), max_length=200, blank=True)
    photo = models.FileField(_("Foto"), upload_to=photo_path, max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonym"), default=False)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # SHA-256 of the tracking code; the code itself is shown once to the submitter.
    tracking_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.NEW
    )
    status_reason = models.TextField(_("Begründung"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zuständig"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    is_public = models.BooleanField(_("öffentlich zeigen"), default=False)
    public_title = models.CharField(_("Öffentlicher Titel"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Eingegangen"), default=timezone.now)
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(name="", email="", phone="", user__isnull=True),
                name="desk_concern_anonymous_has_no_contact",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConcernStatus.NOT_POSSIBLE) | ~Q(status_reason=""),
                name="desk_concern_not_possible_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.MERGED, merged_into__isnull=False)
                | (~Q(status=ConcernStatus.MERGED) & Q(merged_into__isnull=True)),
                name="desk_concern_merged_iff_target",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | ~Q(public_title=""),
                name="desk_concern_public_has_title",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | Q(status__in=[ConcernStatus.DONE, ConcernStatus.NOT_POSSIBLE]),
                name="desk_concern_resolved_only_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["town", "status", "created_at"], name="desk_concern_town_status"),
            models.Index(fields=["town", "-created_at", "-id"], name="desk_concern_town_created"),
            models.Index(
                fields=["town", "-resolved_at", "-id"],
                condition=Q(is_public=True),
                name="desk_concern_public",
            ),
            models.Index(fields=["town", "assignee", "status"], name="desk_concern_assignee"),
        ]
        verbose_name = _("Anliegen")
        verbose_name_plural = _("Anliegen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    # Labels read from the choices enums, for lists: `get_<field>_display()` rebuilds the
    # field's choices map on every call, three times per card of the public page.
    @property
    def kind_label(self) -> str:
        return str(ConcernKind(self.kind).label)

    @property
    def category_label(self) -> str:
        return str(ConcernCategory(self.category).label)

    @property
    def status_label(self) -> str:
        return str(ConcernStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reachable_email(self) -> str:
        """Where news about the concern goes: the given address, else the account's."""
        if self.anonymous:
            return ""
        if self.email:
            return self.email
        return (self.user.email or "") if self.user_id and self.user else ""


class MessageAuthor(models.TextChoices):
    SUBMITTER = "submitter", _("Einreichende Person")
    TOWN = "town", _("Ort")


class ConcernMessage(TownOwned):
    """An answer of the town or a reply of the submitter; only town answers can be public."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10, choices=MessageAuthor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("Nachricht"), max_length=4000)
    is_public = models.BooleanField(_("öffentlich"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(author_kind=MessageAuthor.TOWN),
                name="desk_concernmessage_only_town_public",
            )
        ]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.text[:40]}"
