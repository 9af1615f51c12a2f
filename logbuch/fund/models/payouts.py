"""Payouts, proofs of use, repayment claims, sent notifications and the append-only ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import TownOwned

from ..money import euro
from .applications import Application
from .funds import Category, Fund, FundSource


class PayoutKind(models.TextChoices):
    FIRST = "first", _("Erste Rate")
    FINAL = "final", _("Schlussrate")
    FULL = "full", _("Voller Betrag")
    RECEIPT = "receipt", _("Gegen Beleg")


class Payout(TownOwned):
    """An Auszahlung; paid once per idempotency key (a double click or retry changes nothing)."""

    Kind = PayoutKind

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
                condition=Q(kind__in=[PayoutKind.FIRST, PayoutKind.FINAL, PayoutKind.FULL]),
                name="fund_payout_one_per_scheduled_kind",
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="fund_payout_amount_positive"
            ),
        ]
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {euro(self.amount_cents)}"


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
        return f"{self.application_id}: {euro(self.spent_cents)}"


class RepaymentStatus(models.TextChoices):
    OPEN = "open", _("Offen")
    PAID = "paid", _("Zurückgezahlt")


class RepaymentClaim(TownOwned):
    """Money paid out but not spent or not proven; flows back to the fund when repaid."""

    Status = RepaymentStatus

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="repayment_claims"
    )
    amount_cents = models.BigIntegerField(_("Betrag (Cent)"))
    reason = models.TextField(_("Grund"))
    status = models.CharField(max_length=10, choices=Status.choices, default=RepaymentStatus.OPEN)
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
                condition=Q(status=RepaymentStatus.OPEN),
                name="fund_repaymentclaim_one_open_per_application",
            ),
        ]
        verbose_name = _("Rückforderung")
        verbose_name_plural = _("Rückforderungen")

    def __str__(self) -> str:
        return f"{self.application_id}: {euro(self.amount_cents)}"

    @property
    def is_open(self) -> bool:
        return self.status == RepaymentStatus.OPEN


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
    ALLOCATION = "allocation", _("Zuweisung")
    COMMITMENT = "commitment", _("Bewilligung")
    PAYOUT = "payout", _("Auszahlung")
    RELEASE = "release", _("Freigabe")
    REPAYMENT = "repayment", _("Rückzahlung")
    REALLOCATION = "reallocation", _("Umschichtung")


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
            models.Index(fields=["fund", "category", "kind"], name="fund_ledger_fund_cat_kind"),
            # the Kassenbuch page: a fund's bookings newest first, 50 a page
            models.Index(fields=["fund", "-created_at", "-id"], name="fund_ledger_fund_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[LedgerKind.ALLOCATION, LedgerKind.REALLOCATION])
                    & ~Q(amount_cents=0)
                    | Q(amount_cents__gt=0)
                ),
                name="fund_ledgerentry_amount_sign",
            ),
            models.CheckConstraint(
                condition=~Q(kind=LedgerKind.REALLOCATION) | Q(transfer__isnull=False),
                name="fund_ledgerentry_reallocation_has_transfer",
            ),
            models.CheckConstraint(
                condition=~Q(
                    kind__in=[
                        LedgerKind.COMMITMENT,
                        LedgerKind.PAYOUT,
                        LedgerKind.RELEASE,
                        LedgerKind.REPAYMENT,
                    ]
                )
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
                condition=Q(kind=LedgerKind.COMMITMENT),
                name="fund_ledgerentry_one_commitment_per_application",
            ),
        ]
        verbose_name = _("Buchung")
        verbose_name_plural = _("Kassenbuch")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {euro(self.amount_cents)}"


class BucketTotal(models.Model):
    """Running totals of one bucket (a category, or the fund's pool: `category` empty).

    A projection of the Kassenbuch, kept so that pages read a fund's balances from a few rows
    instead of summing every booking: `ledger.book()` adds each entry's amount to its bucket's
    column in the same transaction, under the fund lock. The ledger stays the source of truth
    (`ledger.recount()` sums it; a test holds the two equal after any sequence of operations).
    No `town` of its own: it is only ever read through its fund.
    """

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="bucket_totals")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    allocated = models.BigIntegerField(default=0)  # allocations and reallocations
    committed = models.BigIntegerField(default=0)
    released = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    returned = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "category"],
                condition=Q(category__isnull=False),
                name="fund_buckettotal_one_per_category",
            ),
            models.UniqueConstraint(
                fields=["fund"],
                condition=Q(category__isnull=True),
                name="fund_buckettotal_one_pool",
            ),
        ]
        verbose_name = _("Kontostand")
        verbose_name_plural = _("Kontostände")

    def __str__(self) -> str:
        return f"{self.fund_id}/{self.category_id or '-'}"
