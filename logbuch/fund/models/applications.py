"""Applications (Anträge) with their costs, attachments and questions; the one consent check."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned, TownQuerySet

from ..money import euro
from .funds import ApplicantType, Call, Category, CostType, Fund


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Eingereicht")
    IN_REVIEW = "in_review", _("In Prüfung")
    QUESTION = "question", _("Rückfrage")
    VOTING = "voting", _("In Abstimmung")
    APPROVED = "approved", _("Bewilligt")
    REJECTED = "rejected", _("Abgelehnt")
    PAID = "paid", _("Ausgezahlt")
    PROOF_SUBMITTED = "proof_submitted", _("Verwendungsnachweis eingereicht")
    PROOF_CHECKED = "proof_checked", _("Geprüft")
    CLOSED = "closed", _("Abgeschlossen")


def publishable_condition(prefix: str = "") -> Q:
    """The one consent check for everything the public sees of an application.

    An application may be named in public (title, group, description, photo, amounts next to
    its name) only if it was submitted and its applicant agreed to publication. `prefix` reaches
    the application from a related row, e.g. ``"application__"`` for vote options.
    """
    return Q(**{f"{prefix}consent_publish": True}) & ~Q(
        **{f"{prefix}status": ApplicationStatus.DRAFT}
    )


def is_published(prefix: str = "application__") -> ExpressionWrapper[Q]:
    """`publishable_condition` as a boolean column, for rows that show an application."""
    return ExpressionWrapper(publishable_condition(prefix), output_field=models.BooleanField())


class ApplicationQuerySet(TownQuerySet):
    def publishable(self) -> ApplicationQuerySet:
        """Applications that public pages, open data and reports may name."""
        return self.filter(publishable_condition())


class Application(TownOwned):
    """An Antrag. The applicant is a person with an email login (a plain resident may apply)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="applications")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="applications")
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    # Empty once the applicant erased their account (`fund.privacy`); the application stays for
    # the fund's records, without the person.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fund_applications",
    )
    applicant_type = models.CharField(
        _("Wer beantragt"),
        max_length=20,
        choices=ApplicantType.choices,
        default=ApplicantType.PERSON,
    )
    organisation_name = models.CharField(_("Name der Gruppe"), max_length=150, blank=True)
    applicant_birth_date = models.DateField(_("Geburtsdatum"), null=True, blank=True)
    resides_in_town = models.BooleanField(_("Ich wohne im Ort"), default=True)
    # What, who, when, where
    title = models.CharField(_("Was wollen Sie tun?"), max_length=150)
    description = models.TextField(_("Beschreibung"), blank=True)
    beneficiaries = models.TextField(_("Wem hilft es?"), blank=True)
    location = models.CharField(_("Wo?"), max_length=200, blank=True)
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    # Money
    requested_cents = models.BigIntegerField(_("Beantragter Betrag (Cent)"), default=0)
    own_money_cents = models.BigIntegerField(_("Eigenmittel (Cent)"), default=0)
    in_kind_hours = models.PositiveIntegerField(_("Eigenleistung (Stunden)"), default=0)
    approved_cents = models.BigIntegerField(_("Bewilligt (Cent)"), null=True, blank=True)
    # Contact and consent
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    consent_publish = models.BooleanField(
        _("Projekt, Betrag, Bericht und Foto dürfen öffentlich gezeigt werden"), default=False
    )
    status = models.CharField(
        _("Stand"),
        max_length=24,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    proof_due_date = models.DateField(_("Verwendungsnachweis bis"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ApplicationQuerySet] = ApplicationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["town", "fund", "status"], name="fund_app_town_fund_status"),
            models.Index(fields=["applicant", "call"], name="fund_app_applicant_call"),
            # "Meine Anträge": a person's newest first, stop at 20 however many they have
            models.Index(fields=["applicant", "-created_at"], name="fund_app_applicant_newest"),
            # public page and open data: a fund's decided projects newest first, page by page
            models.Index(fields=["fund", "-decided_at", "id"], name="fund_app_fund_decided"),
            # the review queue's default order: walk a fund's applications by arrival, stop at 25
            models.Index(fields=["fund", "submitted_at", "id"], name="fund_app_fund_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_cents__gte=0)
                & Q(own_money_cents__gte=0)
                & (Q(approved_cents__isnull=True) | Q(approved_cents__gte=0)),
                name="fund_application_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="fund_application_end_after_start",
            ),
        ]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_submitted(self) -> bool:
        """Submitted and not yet taken into review."""
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def is_by_person(self) -> bool:
        """A private person (never named in public), not a group."""
        return self.applicant_type == ApplicantType.PERSON

    @property
    def applicant_label(self) -> str:
        if self.organisation_name or self.contact_name:
            return self.organisation_name or self.contact_name
        return str(self.applicant) if self.applicant_id else str(_("gelöschte Person"))


class CostItem(TownOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="costs")
    description = models.CharField(_("Wofür?"), max_length=200)
    cost_type = models.CharField(_("Kostenart"), max_length=20, choices=CostType.choices)
    amount_cents = models.BigIntegerField(_("Betrag (Cent)"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="fund_costitem_amount_positive"
            )
        ]
        verbose_name = _("Kostenposten")
        verbose_name_plural = _("Kostenposten")

    def __str__(self) -> str:
        return f"{self.description} ({euro(self.amount_cents)})"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name under the private storage (outside the web root) with the extension of the
    type sniffed from the content (`instance.content_type`), never the sender's; the original
    name is kept only in the database, for display."""
    extension = ATTACHMENT_EXTENSIONS.get(instance.content_type, "bin")
    return f"fund/{instance.town_id}/{uuid.uuid4().hex}.{extension}"


ATTACHMENT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class Attachment(TownOwned):
    """A PDF/JPEG/PNG of an application or proof of use; served only to authorised people."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Anlage zum Antrag")
        RECEIPT = "receipt", _("Beleg")
        PHOTO = "photo", _("Foto")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.APPLICATION)
    file = models.FileField(_("Datei"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=10 * 1024 * 1024), name="fund_attachment_max_10_mb"
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="fund_attachment_allowed_types",
            ),
        ]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self) -> str:
        return self.original_name


class Question(TownOwned):
    """A Rückfrage from the coordinator and the applicant's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("Frage"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("Antwort"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("Rückfrage")
        verbose_name_plural = _("Rückfragen")

    def __str__(self) -> str:
        return self.text[:60]
