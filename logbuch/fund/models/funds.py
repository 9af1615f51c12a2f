"""Funds, their money sources, categories (Förderbereiche) with their rules, and calls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned

from ..money import euro


class ApplicantType(models.TextChoices):
    PERSON = "person", _("Einzelperson")
    INITIATIVE = "initiative", _("Initiative ohne Rechtsform")
    VEREIN = "club", _("Verein")
    SCHOOL = "school", _("Schule oder Kita")
    BUSINESS = "business", _("Unternehmen")
    TOWN_DEPARTMENT = "town_department", _("Einrichtung der Stadt")


class CostType(models.TextChoices):
    MATERIAL = "material", _("Material")
    FEE = "fee", _("Honorar")
    RENT = "rent", _("Miete")
    CATERING = "catering", _("Verpflegung")
    TRAVEL = "travel", _("Fahrtkosten")
    PRINTING = "printing", _("Druck und Werbung")
    EQUIPMENT = "equipment", _("Ausstattung")
    PERSONNEL = "personnel", _("Personalkosten")
    ALCOHOL = "alcohol", _("Alkohol")
    OTHER = "other", _("Sonstiges")


class PayoutSchedule(models.TextChoices):
    SPLIT = "split", _("Teilzahlung bei Bewilligung, Rest nach Verwendungsnachweis")
    FULL = "full", _("Voller Betrag bei Bewilligung")
    RECEIPTS = "receipts", _("Gegen Belege")


class ProofDeadlineKind(models.TextChoices):
    FIXED_DATE = "fixed_date", _("Festes Datum")
    WEEKS_AFTER_END = "weeks_after_end", _("Wochen nach Projektende")


class JuryMajority(models.TextChoices):
    SIMPLE = "simple", _("Einfache Mehrheit")
    TWO_THIRDS = "two_thirds", _("Zwei-Drittel-Mehrheit")


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
        TOWN_BUDGET = "town_budget", _("Haushalt der Stadt")
        LAND_GRANT = "land_grant", _("Fördermittel des Landes")
        SPONSOR = "sponsor", _("Unternehmen/Paten")
        OTHER = "other", _("Sonstiges")

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
        return f"{self.name} ({euro(self.amount_cents)})"


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
        _("Jury: Mehrheit"),
        max_length=12,
        choices=JuryMajority.choices,
        default=JuryMajority.SIMPLE,
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
        _("Auszahlung"), max_length=10, choices=PayoutSchedule.choices, default=PayoutSchedule.SPLIT
    )
    first_payout_percent = models.PositiveSmallIntegerField(_("Erste Auszahlung (%)"), default=80)
    proof_deadline_kind = models.CharField(
        _("Frist Verwendungsnachweis"),
        max_length=16,
        choices=ProofDeadlineKind.choices,
        default=ProofDeadlineKind.WEEKS_AFTER_END,
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
                condition=Q(proof_deadline_kind=ProofDeadlineKind.WEEKS_AFTER_END)
                | Q(proof_deadline_date__isnull=False),
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


class DecisionMode(models.TextChoices):
    FAST_TRACK = "fast_track", _("Schnellverfahren")
    JURY = "jury", _("Jury")
    PUBLIC_VOTE = "public_vote", _("Bürgerabstimmung")
    ASSEMBLY = "assembly", _("Versammlung")
