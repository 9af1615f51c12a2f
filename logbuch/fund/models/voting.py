"""Public votes (Bürgerabstimmung) and assemblies (Versammlung)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned

from .applications import Application
from .funds import Category, Fund


class PublicVoting(TownOwned):
    """A Bürgerabstimmung over a shortlist; rules are frozen once the first vote is cast."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Vorbereitet")
        OPEN = "open", _("Offen")
        CLOSED = "closed", _("Beendet")
        COUNTED = "counted", _("Ausgezählt")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="public_votings")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="public_votings")
    title = models.CharField(_("Titel"), max_length=150)
    opens_at = models.DateTimeField(_("Beginn"))
    closes_at = models.DateTimeField(_("Ende"))

    class Shortfall(models.TextChoices):
        REDUCE_LAST = "reduce_last", _("Letzter Antrag erhält den Restbetrag")
        SKIP = "skip", _("Zu teure Anträge überspringen")

    votes_per_voter = models.PositiveSmallIntegerField(_("Stimmen je Person"), default=3)
    shortfall_rule = models.CharField(
        _("Wenn das Geld nicht reicht"),
        max_length=14,
        choices=Shortfall.choices,
        default=Shortfall.REDUCE_LAST,
    )
    allow_cumulation = models.BooleanField(_("Stimmen häufeln erlaubt"), default=False)
    budget_cents = models.BigIntegerField(_("Budget (Cent)"))
    status = models.CharField(
        _("Stand"), max_length=12, choices=Status.choices, default=Status.PREPARED
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

    @property
    def is_counted(self) -> bool:
        return self.status == PublicVoting.Status.COUNTED

    @property
    def gives_the_rest_to_the_last(self) -> bool:
        return self.shortfall_rule == PublicVoting.Shortfall.REDUCE_LAST


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
        indexes = [
            # The coordinator's vote page counts voters, codes and ballots cast and lists the
            # times of email links from this index alone (no table rows for 30,000 codes).
            models.Index(
                fields=["voting", "method", "voted_at", "town"], name="fund_publicvoter_tally"
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
