"""Mitmach-Fonds: funds, categories with their rules, calls, applications, decisions, payouts,
proofs of use, repayment claims, public and assembly votes, and the append-only ledger.

Money is always integer cents. The ledger (`LedgerEntry`) is the single source of truth for
what a fund has, has promised and has paid; its rows are never updated or deleted (database
triggers, see migration 0002).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned, TownQuerySet


def _euro(cents: int | None) -> str:
    if cents is None:
        return ""
    euros, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d} €"


class ApplicantType(models.TextChoices):
    PERSON = "person", _("Einzelperson")
    INITIATIVE = "initiative", _("Initiative ohne Rechtsform")
    VEREIN = "verein", _("Verein")
    SCHOOL = "schule", _("Schule oder Kita")
    BUSINESS = "unternehmen", _("Unternehmen")
    TOWN_DEPARTMENT = "verwaltung", _("Einrichtung der Stadt")


class CostType(models.TextChoices):
    MATERIAL = "material", _("Material")
    FEE = "honorar", _("Honorar")
    RENT = "miete", _("Miete")
    CATERING = "verpflegung", _("Verpflegung")
    TRAVEL = "fahrt", _("Fahrtkosten")
    PRINTING = "druck", _("Druck und Werbung")
    EQUIPMENT = "ausstattung", _("Ausstattung")
    PERSONNEL = "personal", _("Personalkosten")
    ALCOHOL = "alkohol", _("Alkohol")
    OTHER = "sonstiges", _("Sonstiges")


class PayoutSchedule(models.TextChoices):
    SPLIT = "split", _("Teilzahlung bei Bewilligung, Rest nach Verwendungsnachweis")
    FULL = "voll", _("Voller Betrag bei Bewilligung")
    RECEIPTS = "belege", _("Gegen Belege")


class ProofDeadlineKind(models.TextChoices):
    FIXED_DATE = "datum", _("Festes Datum")
    WEEKS_AFTER_END = "wochen", _("Wochen nach Projektende")


class JuryMajority(models.TextChoices):
    SIMPLE = "einfach", _("Einfache Mehrheit")
    TWO_THIRDS = "zweidrittel", _("Zwei-Drittel-Mehrheit")


class Fund(TownOwned):
    """A town's Mitmach-Fonds; its money lives only in the ledger."""

    name = models.CharField(_("Name"), max_length=120)
    year = models.PositiveIntegerField(_("Jahr"))
    description = models.TextField(_("Beschreibung"), blank=True)
    is_open = models.BooleanField(_("Anträge möglich"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="fund_fund_name_unique_in_town")
        ]
        verbose_name = _("Mitmach-Fonds")
        verbose_name_plural = _("Mitmach-Fonds")

    def __str__(self) -> str:
        return self.name


class FundSource(TownOwned):
    """Where money comes from (town budget, Land grant, sponsor); booked as an allocation."""

    class Kind(models.TextChoices):
        TOWN_BUDGET = "haushalt", _("Haushalt der Stadt")
        LAND_GRANT = "land", _("Fördermittel des Landes")
        SPONSOR = "pate", _("Unternehmen/Pate")
        OTHER = "sonstiges", _("Sonstiges")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("Geldgeber"), max_length=120)
    amount_cents = models.BigIntegerField(_("Betrag (Cent)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="fund_fundsource_amount_positive"
            )
        ]
        verbose_name = _("Geldquelle")
        verbose_name_plural = _("Geldquellen")

    def __str__(self) -> str:
        return f"{self.name} ({_euro(self.amount_cents)})"


class Category(TownOwned):
    """A Förderbereich: its own limits, rules and decision modes. Rules are data, not code."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("Name"), max_length=120)
    description = models.TextField(_("Beschreibung"), blank=True)
    # Limits
    min_amount_cents = models.BigIntegerField(_("Mindestbetrag je Antrag (Cent)"), default=0)
    max_amount_cents = models.BigIntegerField(_("Höchstbetrag je Antrag (Cent)"))
    tiers_cents = models.JSONField(_("Förderstufen (Cent)"), default=list, blank=True)
    fixed_amount_cents = models.BigIntegerField(_("Fester Betrag (Cent)"), null=True, blank=True)
    # Decision modes (combinable)
    fast_track_max_cents = models.BigIntegerField(
        _("Schnellverfahren bis (Cent)"), default=0, help_text=_("0 = kein Schnellverfahren")
    )
    jury_enabled = models.BooleanField(_("Jury entscheidet"), default=True)
    jury_quorum_percent = models.PositiveSmallIntegerField(
        _("Jury: beschlussfähig ab (% der nicht befangenen Mitglieder)"), default=50
    )
    jury_majority = models.CharField(
        _("Jury: Mehrheit"), max_length=12, choices=JuryMajority.choices, default="einfach"
    )
    public_vote_enabled = models.BooleanField(_("Bürgerabstimmung"), default=False)
    assembly_enabled = models.BooleanField(_("Versammlung entscheidet"), default=False)
    # Who may apply
    applicant_types = models.JSONField(_("Wer darf beantragen"), default=list, blank=True)
    person_min_age = models.PositiveSmallIntegerField(_("Mindestalter"), default=18)
    person_requires_residence = models.BooleanField(_("Wohnsitz im Ort nötig"), default=True)
    max_applications_per_call = models.PositiveSmallIntegerField(
        _("Anträge je Antragsteller und Aufruf"), default=1
    )
    waiting_period_years = models.PositiveSmallIntegerField(_("Wartezeit (Jahre)"), default=0)
    # Own contribution
    own_share_percent = models.PositiveSmallIntegerField(_("Eigenanteil (%)"), default=0)
    in_kind_allowed = models.BooleanField(_("Eigenleistung zählt"), default=False)
    in_kind_hourly_rate_cents = models.PositiveIntegerField(
        _("Eigenleistung: Stundensatz (Cent)"), default=1500
    )
    in_kind_cap_percent = models.PositiveSmallIntegerField(
        _("Eigenleistung: höchstens (% der Kosten)"), default=20
    )
    # Costs
    eligible_cost_types = models.JSONField(_("Förderfähige Kostenarten"), default=list, blank=True)
    excluded_cost_types = models.JSONField(
        _("Ausgeschlossene Kostenarten"), default=list, blank=True
    )
    admin_flat_rate_percent = models.PositiveSmallIntegerField(
        _("Verwaltungspauschale (%)"), default=0
    )
    no_retroactive_funding = models.BooleanField(_("Kein vorzeitiger Beginn"), default=True)
    # Payout and proof
    payout_schedule = models.CharField(
        _("Auszahlung"), max_length=10, choices=PayoutSchedule.choices, default="split"
    )
    first_payout_percent = models.PositiveSmallIntegerField(_("Erste Auszahlung (%)"), default=80)
    proof_deadline_kind = models.CharField(
        _("Frist Verwendungsnachweis"),
        max_length=10,
        choices=ProofDeadlineKind.choices,
        default="wochen",
    )
    proof_deadline_date = models.DateField(_("Nachweis bis (Datum)"), null=True, blank=True)
    proof_deadline_weeks = models.PositiveSmallIntegerField(
        _("Nachweis bis (Wochen nach Projektende)"), default=8
    )
    proof_requires_report = models.BooleanField(_("Kurzer Bericht nötig"), default=True)
    proof_requires_receipts = models.BooleanField(_("Belegsumme nötig"), default=True)
    proof_requires_photos = models.BooleanField(_("Fotos nötig"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fund", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="fund_category_name_unique"),
            models.CheckConstraint(
                condition=Q(own_share_percent__lte=50), name="fund_category_own_share_max_50"
            ),
            models.CheckConstraint(
                condition=Q(min_amount_cents__gte=0)
                & Q(max_amount_cents__gte=F("min_amount_cents")),
                name="fund_category_min_le_max",
            ),
            models.CheckConstraint(
                condition=Q(first_payout_percent__lte=100),
                name="fund_category_first_payout_le_100",
            ),
            models.CheckConstraint(
                condition=Q(in_kind_cap_percent__lte=100), name="fund_category_in_kind_cap_le_100"
            ),
            models.CheckConstraint(
                condition=Q(jury_quorum_percent__gte=1) & Q(jury_quorum_percent__lte=100),
                name="fund_category_quorum_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(proof_deadline_kind="wochen") | Q(proof_deadline_date__isnull=False),
                name="fund_category_proof_date_when_fixed",
            ),
        ]
        verbose_name = _("Förderbereich")
        verbose_name_plural = _("Förderbereiche")

    def __str__(self) -> str:
        return self.name

    @property
    def decision_modes(self) -> list[str]:
        modes = []
        if self.fast_track_max_cents:
            modes.append(str(DecisionMode.FAST_TRACK.label))
        if self.jury_enabled:
            modes.append(str(DecisionMode.JURY.label))
        if self.public_vote_enabled:
            modes.append(str(DecisionMode.PUBLIC_VOTE.label))
        if self.assembly_enabled:
            modes.append(str(DecisionMode.ASSEMBLY.label))
        return modes


class Call(TownOwned):
    """An Aufruf (a round of applications) or rolling intake when `closes_at` is empty."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="calls")
    name = models.CharField(_("Name"), max_length=120)
    opens_at = models.DateTimeField(_("Beginn"))
    closes_at = models.DateTimeField(_("Einsendeschluss"), null=True, blank=True)
    decision_on = models.DateField(_("Entscheidung voraussichtlich am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="fund_call_closes_after_opens",
            )
        ]
        verbose_name = _("Aufruf")
        verbose_name_plural = _("Aufrufe")

    def __str__(self) -> str:
        return self.name

    @property
    def is_rolling(self) -> bool:
        return self.closes_at is None


class ApplicationStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    SUBMITTED = "eingereicht", _("Eingereicht")
    IN_REVIEW = "in_pruefung", _("In Prüfung")
    QUESTION = "rueckfrage", _("Rückfrage")
    VOTING = "in_abstimmung", _("In Abstimmung")
    APPROVED = "bewilligt", _("Bewilligt")
    REJECTED = "abgelehnt", _("Abgelehnt")
    PAID = "ausgezahlt", _("Ausgezahlt")
    PROOF_SUBMITTED = "nachweis_eingereicht", _("Verwendungsnachweis eingereicht")
    PROOF_CHECKED = "geprueft", _("Geprüft")
    CLOSED = "abgeschlossen", _("Abgeschlossen")


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
        _("Wer beantragt"), max_length=20, choices=ApplicantType.choices, default="person"
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
        _("Stand"), max_length=24, choices=ApplicationStatus.choices, default="entwurf"
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
        return f"{self.description} ({_euro(self.amount_cents)})"


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
        APPLICATION = "antrag", _("Anlage zum Antrag")
        RECEIPT = "beleg", _("Beleg")
        PHOTO = "foto", _("Foto")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default="antrag")
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


class JuryMember(TownOwned):
    class JuryRole(models.TextChoices):
        CHAIR = "vorsitz", _("Vorsitz")
        CLUB = "verein", _("Vertretung der Vereine")
        BUSINESS = "unternehmen", _("Vertretung der Unternehmen")
        TOWN_HALL = "rathaus", _("Vertretung des Rathauses")
        RESIDENT = "buergerschaft", _("Bürgerschaft")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fund_jury_seats"
    )
    role = models.CharField(_("Rolle in der Jury"), max_length=20, choices=JuryRole.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "user"], name="fund_jurymember_once_per_fund")
        ]
        verbose_name = _("Jurymitglied")
        verbose_name_plural = _("Jury")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class JuryConflict(TownOwned):
    """A juror's declared conflict of interest: no vote, and not counted for the quorum."""

    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="jury_conflicts"
    )
    reason = models.CharField(_("Grund"), max_length=200, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application"], name="fund_juryconflict_once_per_application"
            )
        ]
        verbose_name = _("Befangenheit")
        verbose_name_plural = _("Befangenheiten")

    def __str__(self) -> str:
        return f"{self.juror} – {self.application_id}"


class JuryVote(TownOwned):
    class Choice(models.TextChoices):
        YES = "ja", _("Ja")
        NO = "nein", _("Nein")
        ABSTAIN = "enthaltung", _("Enthaltung")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="jury_votes"
    )
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("Stimme"), max_length=12, choices=Choice.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application"], name="fund_juryvote_once_per_juror"
            )
        ]
        verbose_name = _("Jurystimme")
        verbose_name_plural = _("Jurystimmen")

    def __str__(self) -> str:
        return f"{self.juror_id}: {self.choice}"


class DecisionMode(models.TextChoices):
    FAST_TRACK = "schnell", _("Schnellverfahren")
    JURY = "jury", _("Jury")
    PUBLIC_VOTE = "buerger", _("Bürgerabstimmung")
    ASSEMBLY = "versammlung", _("Versammlung")


class Decision(TownOwned):
    """The one decision on an application, with its reason and (for jury/assembly) minutes."""

    class Outcome(models.TextChoices):
        APPROVED_FULL = "voll", _("Bewilligt (voll)")
        APPROVED_PARTIAL = "teilweise", _("Bewilligt (teilweise)")
        REJECTED = "abgelehnt", _("Abgelehnt")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    mode = models.CharField(_("Verfahren"), max_length=12, choices=DecisionMode.choices)
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices)
    amount_cents = models.BigIntegerField(_("Bewilligter Betrag (Cent)"), default=0)
    reason = models.TextField(_("Begründung"))
    minutes = models.TextField(_("Protokoll"), blank=True)
    votes_yes = models.PositiveSmallIntegerField(default=0)
    votes_no = models.PositiveSmallIntegerField(default=0)
    votes_abstain = models.PositiveSmallIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="abgelehnt") & Q(amount_cents=0))
                | (~Q(outcome="abgelehnt") & Q(amount_cents__gt=0)),
                name="fund_decision_amount_matches_outcome",
            )
        ]
        verbose_name = _("Entscheidung")
        verbose_name_plural = _("Entscheidungen")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {_euro(self.amount_cents)}"


class PublicVoting(TownOwned):
    """A Bürgerabstimmung over a shortlist; rules are frozen once the first vote is cast."""

    class Status(models.TextChoices):
        PREPARED = "vorbereitet", _("Vorbereitet")
        OPEN = "offen", _("Offen")
        CLOSED = "beendet", _("Beendet")
        COUNTED = "ausgezaehlt", _("Ausgezählt")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="public_votings")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="public_votings")
    title = models.CharField(_("Titel"), max_length=150)
    opens_at = models.DateTimeField(_("Beginn"))
    closes_at = models.DateTimeField(_("Ende"))

    class Shortfall(models.TextChoices):
        REDUCE_LAST = "rest", _("Letzter Antrag erhält den Restbetrag")
        SKIP = "ueberspringen", _("Zu teure Anträge überspringen")

    votes_per_voter = models.PositiveSmallIntegerField(_("Stimmen je Person"), default=3)
    shortfall_rule = models.CharField(
        _("Wenn das Geld nicht reicht"), max_length=14, choices=Shortfall.choices, default="rest"
    )
    allow_cumulation = models.BooleanField(_("Stimmen häufeln erlaubt"), default=False)
    budget_cents = models.BigIntegerField(_("Budget (Cent)"))
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default="vorbereitet"
    )
    first_vote_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="fund_publicvoting_window_valid"
            ),
            models.CheckConstraint(
                condition=Q(votes_per_voter__gte=1), name="fund_publicvoting_votes_at_least_1"
            ),
            models.CheckConstraint(
                condition=Q(budget_cents__gt=0), name="fund_publicvoting_budget_positive"
            ),
        ]
        verbose_name = _("Bürgerabstimmung")
        verbose_name_plural = _("Bürgerabstimmungen")

    def __str__(self) -> str:
        return self.title


class PublicVoteOption(TownOwned):
    """An application on the shortlist of a public vote."""

    voting = models.ForeignKey(PublicVoting, on_delete=models.CASCADE, related_name="options")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="vote_options"
    )
    points = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)
    awarded_cents = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voting", "application"], name="fund_publicvoteoption_once_per_voting"
            )
        ]
        verbose_name = _("Vorschlag auf der Liste")
        verbose_name_plural = _("Liste der Abstimmung")

    def __str__(self) -> str:
        return f"{self.voting_id}: {self.application_id}"


class PublicVoter(TownOwned):
    """A verified voter: only a hash of the email or paper code is kept, and no link to the
    votes (a ballot is cast once by flipping `voted_at`; the votes themselves carry no voter)."""

    class Method(models.TextChoices):
        EMAIL = "email", _("E-Mail-Link")
        CODE = "code", _("Code auf Papier")

    voting = models.ForeignKey(PublicVoting, on_delete=models.CASCADE, related_name="voters")
    method = models.CharField(max_length=6, choices=Method.choices)
    identity_hash = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    voted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["voting", "identity_hash"], name="fund_publicvoter_once_per_voting"
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="fund_publicvoter_token_unique",
            ),
        ]
        verbose_name = _("Abstimmende Person")
        verbose_name_plural = _("Abstimmende Personen")

    def __str__(self) -> str:
        return f"{self.voting_id}:{self.identity_hash[:8]}"


class PublicVote(TownOwned):
    """Points for one option. Deliberately without a voter: nobody can tell who voted what.
    A random primary key, so not even the insertion order hints at the order of the voters."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    voting = models.ForeignKey(PublicVoting, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PublicVoteOption, on_delete=models.CASCADE, related_name="votes")
    points = models.PositiveSmallIntegerField(default=1)
    ballot = models.UUIDField(db_index=True)
    created_at = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=1), name="fund_publicvote_points_positive"
            ),
            models.UniqueConstraint(
                fields=["ballot", "option"], name="fund_publicvote_once_per_ballot_option"
            ),
        ]
        verbose_name = _("Stimme")
        verbose_name_plural = _("Stimmen")

    def __str__(self) -> str:
        return f"{self.option_id}: {self.points}"


class AssemblyVote(TownOwned):
    """An assembly (Kiezkasse style) entered by the coordinator with its minutes."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="assemblies")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="assemblies"
    )
    held_on = models.DateField(_("Datum"))
    place = models.CharField(_("Ort"), max_length=150, blank=True)
    attendees = models.PositiveIntegerField(_("Anwesende"), default=0)
    budget_cents = models.BigIntegerField(_("Budget (Cent)"))
    minutes = models.TextField(_("Protokoll"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_cents__gt=0), name="fund_assemblyvote_budget_positive"
            )
        ]
        verbose_name = _("Versammlung")
        verbose_name_plural = _("Versammlungen")

    def __str__(self) -> str:
        return f"{self.held_on}"


class AssemblyResult(TownOwned):
    assembly = models.ForeignKey(AssemblyVote, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assembly_results"
    )
    votes_yes = models.PositiveIntegerField(default=0)
    votes_no = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)
    awarded_cents = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "application"], name="fund_assemblyresult_once_per_assembly"
            )
        ]
        verbose_name = _("Ergebnis der Versammlung")
        verbose_name_plural = _("Ergebnisse der Versammlung")

    def __str__(self) -> str:
        return f"{self.assembly_id}: {self.application_id}"


class Payout(TownOwned):
    """An Auszahlung; paid once per idempotency key (a double click or retry changes nothing)."""

    class Kind(models.TextChoices):
        FIRST = "erste", _("Erste Rate")
        FINAL = "schluss", _("Schlussrate")
        FULL = "voll", _("Voller Betrag")
        RECEIPT = "beleg", _("Gegen Beleg")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payouts")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    amount_cents = models.BigIntegerField(_("Betrag (Cent)"))
    idempotency_key = models.CharField(max_length=64)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    paid_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="fund_payout_idempotency_key_unique"
            ),
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(kind__in=["erste", "schluss", "voll"]),
                name="fund_payout_one_per_scheduled_kind",
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="fund_payout_amount_positive"
            ),
        ]
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {_euro(self.amount_cents)}"


class ProofOfUse(TownOwned):
    """A Verwendungsnachweis: a short report, the receipts total, photos (attachments)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="proof")
    report = models.TextField(_("Kurzer Bericht"))
    spent_cents = models.BigIntegerField(_("Summe der Belege (Cent)"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    accepted_cents = models.BigIntegerField(_("Anerkannt (Cent)"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(_("Vermerk"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(spent_cents__gte=0)
                & (Q(accepted_cents__isnull=True) | Q(accepted_cents__gte=0)),
                name="fund_proofofuse_amounts_not_negative",
            )
        ]
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")

    def __str__(self) -> str:
        return f"{self.application_id}: {_euro(self.spent_cents)}"


class RepaymentClaim(TownOwned):
    """Money paid out but not spent or not proven; flows back to the fund when repaid."""

    class Status(models.TextChoices):
        OPEN = "offen", _("Offen")
        PAID = "bezahlt", _("Zurückgezahlt")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="repayment_claims"
    )
    amount_cents = models.BigIntegerField(_("Betrag (Cent)"))
    reason = models.TextField(_("Grund"))
    status = models.CharField(max_length=10, choices=Status.choices, default="offen")
    due_date = models.DateField(_("Fällig bis"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="fund_repaymentclaim_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="offen"),
                name="fund_repaymentclaim_one_open_per_application",
            ),
        ]
        verbose_name = _("Rückforderung")
        verbose_name_plural = _("Rückforderungen")

    def __str__(self) -> str:
        return f"{self.application_id}: {_euro(self.amount_cents)}"


class NotificationSent(TownOwned):
    """One reminder or digest that went out; the unique key makes a rerun send nothing twice."""

    kind = models.CharField(max_length=30)
    subject_key = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "kind", "subject_key"], name="fund_notificationsent_once"
            )
        ]
        verbose_name = _("Gesendete Benachrichtigung")
        verbose_name_plural = _("Gesendete Benachrichtigungen")

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_key}"


class LedgerKind(models.TextChoices):
    ALLOCATION = "zuweisung", _("Zuweisung")
    COMMITMENT = "bewilligung", _("Bewilligung")
    PAYOUT = "auszahlung", _("Auszahlung")
    RELEASE = "freigabe", _("Freigabe")
    REPAYMENT = "rueckzahlung", _("Rückzahlung")
    REALLOCATION = "umschichtung", _("Umschichtung")


class LedgerEntry(TownOwned):
    """One line of the Kassenbuch. Never updated or deleted (database triggers).

    Each row moves money in one bucket: a category, or the fund's unassigned pool
    (`category` empty). Signs: allocation and reallocation may be negative (budget lowered,
    money moved out); all other kinds are positive. Per bucket:
    available = allocated − committed + released + returned
    (equivalently allocated − open commitments − paid + returned).
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="ledger")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger"
    )
    kind = models.CharField(_("Art"), max_length=14, choices=LedgerKind.choices)
    amount_cents = models.BigIntegerField(_("Betrag (Cent)"))
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger"
    )
    source = models.ForeignKey(
        FundSource, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger"
    )
    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger"
    )
    transfer = models.UUIDField(null=True, blank=True)
    # The one column the database lets change: set empty when the author erases their account
    # (migration 0006); the booking itself stays as it was.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("Grund"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["fund", "category", "kind"], name="fund_ledger_fund_cat_kind")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["zuweisung", "umschichtung"]) & ~Q(amount_cents=0)
                    | Q(amount_cents__gt=0)
                ),
                name="fund_ledgerentry_amount_sign",
            ),
            models.CheckConstraint(
                condition=~Q(kind="umschichtung") | Q(transfer__isnull=False),
                name="fund_ledgerentry_reallocation_has_transfer",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["bewilligung", "auszahlung", "freigabe", "rueckzahlung"])
                | (Q(application__isnull=False) & Q(category__isnull=False)),
                name="fund_ledgerentry_application_bookings_have_application",
            ),
            models.UniqueConstraint(
                fields=["payout"],
                condition=Q(payout__isnull=False),
                name="fund_ledgerentry_one_per_payout",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(kind="bewilligung"),
                name="fund_ledgerentry_one_commitment_per_application",
            ),
        ]
        verbose_name = _("Buchung")
        verbose_name_plural = _("Kassenbuch")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {_euro(self.amount_cents)}"
