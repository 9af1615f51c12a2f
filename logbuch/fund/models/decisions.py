"""The jury and the one decision on an application."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned

from ..money import euro
from .applications import Application
from .funds import DecisionMode, Fund


class JuryMember(TownOwned):
    class JuryRole(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        CLUB = "club", _("Vertretung der Vereine")
        BUSINESS = "business", _("Vertretung der Unternehmen")
        TOWN_HALL = "town_hall", _("Vertretung des Rathauses")
        RESIDENT = "resident", _("Vertretung der Bürgerinnen und Bürger")

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
        YES = "yes", _("Ja")
        NO = "no", _("Nein")
        ABSTAIN = "abstain", _("Enthaltung")

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


class DecisionOutcome(models.TextChoices):
    APPROVED_FULL = "approved_full", _("Bewilligt (voll)")
    APPROVED_PARTIAL = "approved_partial", _("Bewilligt (teilweise)")
    REJECTED = "rejected", _("Abgelehnt")


class Decision(TownOwned):
    """The one decision on an application, with its reason and (for jury/assembly) minutes."""

    Outcome = DecisionOutcome

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    mode = models.CharField(_("Verfahren"), max_length=12, choices=DecisionMode.choices)
    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=Outcome.choices)
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
                condition=(Q(outcome=DecisionOutcome.REJECTED) & Q(amount_cents=0))
                | (~Q(outcome=DecisionOutcome.REJECTED) & Q(amount_cents__gt=0)),
                name="fund_decision_amount_matches_outcome",
            )
        ]
        verbose_name = _("Entscheidung")
        verbose_name_plural = _("Entscheidungen")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {euro(self.amount_cents)}"

    @property
    def is_by_jury(self) -> bool:
        return self.mode == DecisionMode.JURY
