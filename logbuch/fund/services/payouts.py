"""Payouts, proofs of use and repayments: money leaving and coming back to the fund.

Every service here locks the fund row (`ledger.lock_fund`), then the application, always in
that order, and re-reads what is open from the ledger inside the lock.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import User

from .. import ledger, notifications
from ..errors import (
    FundError,
    InvalidTransition,
    PayoutError,
)
from ..models import (
    Application,
    ApplicationStatus,
    Attachment,
    Fund,
    LedgerKind,
    Payout,
    PayoutSchedule,
    ProofOfUse,
    RepaymentClaim,
)
from ..money import euro, percent_of
from .applications import transition

S = ApplicationStatus


def payout_due(*, application: Application) -> tuple[str, int] | None:
    """The next payout the schedule allows now: (kind, amount) or None."""
    approved = application.approved_cents or 0
    category = application.category
    paid = ledger.application_paid(application)
    if application.status == S.APPROVED and not paid:
        if category.payout_schedule == PayoutSchedule.SPLIT:
            return Payout.Kind.FIRST, percent_of(approved, category.first_payout_percent)
        if category.payout_schedule == PayoutSchedule.FULL:
            return Payout.Kind.FULL, approved
    if application.status == S.PROOF_CHECKED and application.proof.accepted_cents is not None:
        remaining = min(application.proof.accepted_cents, approved) - paid
        if remaining > 0:
            return Payout.Kind.FINAL, remaining
    return None


def payout_make(
    *,
    application: Application,
    actor: User,
    idempotency_key: str,
    amount_cents: int | None = None,
) -> Payout:
    """Pay the next due amount once. The same key again (a double click, a retry) returns the
    payout already made instead of paying twice (unique key + conditional state)."""
    existing: Payout | None = Payout.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            fund = ledger.lock_fund(application.fund_id)
            lock(application)
            app = Application.objects.select_related("category").get(pk=application.pk)
            again: Payout | None = Payout.objects.filter(idempotency_key=idempotency_key).first()
            if again is not None:
                return again
            if app.category.payout_schedule == PayoutSchedule.RECEIPTS and app.status in (
                S.APPROVED,
                S.PAID,
            ):
                kind: str = Payout.Kind.RECEIPT
                amount = amount_cents or 0
            else:
                due = payout_due(application=app)
                if due is None:
                    raise PayoutError(_("Zurzeit ist keine Auszahlung fällig."))
                kind, amount = due
            balance_open = (app.approved_cents or 0) - ledger.application_paid(app)
            released = ledger.application_released(app)
            if amount <= 0 or amount > balance_open - released:
                raise PayoutError(
                    _("Es können höchstens %(open)s ausgezahlt werden.")
                    % {"open": euro(max(0, balance_open - released))}
                )
            payout = Payout.objects.create(
                town_id=app.town_id,
                application=app,
                kind=kind,
                amount_cents=amount,
                idempotency_key=idempotency_key,
                paid_by=actor,
            )
            ledger.book(
                fund=fund,
                kind=LedgerKind.PAYOUT,
                amount_cents=amount,
                reason=_("Auszahlung: %(title)s") % {"title": app.title},
                author=actor,
                category=app.category,
                application=app,
                payout=payout,
            )
            if app.status == S.APPROVED:
                transition(app, allowed=[S.APPROVED], to=S.PAID)
            audit(
                town=app.town,
                actor=actor,
                action="fund.payout.made",
                target=app,
                application=app.pk,
                kind=kind,
                amount_cents=amount,
            )
            notifications.notify_payout(payout=payout)
            _close_if_settled(app, actor)
    except IntegrityError:
        # A concurrent request with the same key or the same scheduled kind won the race.
        winner: Payout | None = Payout.objects.filter(idempotency_key=idempotency_key).first()
        if winner is not None:
            return winner
        raise PayoutError(_("Diese Auszahlung wurde bereits vorgenommen.")) from None
    application.refresh_from_db()
    return payout


def proof_submit(
    *, application: Application, actor: User, report: str, spent_cents: int
) -> ProofOfUse:
    """The applicant's Verwendungsnachweis (photos and receipts are attachments)."""
    category = application.category
    if category.proof_requires_report and not report.strip():
        raise FundError(_("Regel „Verwendungsnachweis“: Bitte schreiben Sie einen kurzen Bericht."))
    if (
        category.proof_requires_photos
        and not application.attachments.filter(kind=Attachment.Kind.PHOTO).exists()
    ):
        raise FundError(_("Regel „Verwendungsnachweis“: Bitte laden Sie mindestens ein Foto hoch."))
    if spent_cents < 0:
        raise FundError(_("Die Summe der Belege kann nicht negativ sein."))
    with transaction.atomic():
        transition(application, allowed=[S.APPROVED, S.PAID], to=S.PROOF_SUBMITTED)
        proof = ProofOfUse.objects.create(
            town_id=application.town_id,
            application=application,
            report=report,
            spent_cents=spent_cents,
            submitted_by=actor,
        )
        late = bool(
            application.proof_due_date and timezone.localdate() > application.proof_due_date
        )
        audit(
            town=application.town,
            actor=actor,
            action="fund.proof.submitted",
            target=application,
            application=application.pk,
            spent_cents=spent_cents,
            late=late,
        )
    return proof


def _release_open_commitment(app: Application, fund: Fund, actor: User | None, keep: int) -> None:
    """Release what was promised beyond `keep` (the amount still to be paid)."""
    approved = app.approved_cents or 0
    released = ledger.application_released(app)
    release = approved - ledger.application_paid(app) - released - keep
    if release > 0:
        ledger.book(
            fund=fund,
            kind=LedgerKind.RELEASE,
            amount_cents=release,
            reason=_("Nicht benötigt: %(title)s") % {"title": app.title},
            author=actor,
            category=app.category,
            application=app,
        )


def _claim_create(
    app: Application, actor: User, *, amount_cents: int, reason: str
) -> RepaymentClaim:
    """A repayment claim over `amount_cents`, due four weeks from today."""
    return RepaymentClaim.objects.create(
        town_id=app.town_id,
        application=app,
        amount_cents=amount_cents,
        reason=reason,
        due_date=timezone.localdate() + timedelta(weeks=4),
        created_by=actor,
    )


def proof_check(
    *, application: Application, actor: User, accepted_cents: int, note: str = ""
) -> RepaymentClaim | None:
    """Accept the proven amount. Unused commitments are released; money paid beyond what was
    proven becomes a repayment claim."""
    with transaction.atomic():
        fund = ledger.lock_fund(application.fund_id)
        lock(application)
        app = Application.objects.select_related("category").get(pk=application.pk)
        transition(app, allowed=[S.PROOF_SUBMITTED], to=S.PROOF_CHECKED)
        ProofOfUse.objects.filter(application=app).update(
            accepted_cents=accepted_cents,
            checked_by=actor,
            checked_at=timezone.now(),
            check_note=note,
        )
        eligible = min(max(accepted_cents, 0), app.approved_cents or 0)
        paid = ledger.application_paid(app)
        _release_open_commitment(app, fund, actor, keep=max(0, eligible - paid))
        claim = None
        if paid > eligible:
            claim = _claim_create(
                app,
                actor,
                amount_cents=paid - eligible,
                reason=_("Ausgezahlt %(paid)s, nachgewiesen %(proven)s.")
                % {"paid": euro(paid), "proven": euro(eligible)},
            )
        audit(
            town=app.town,
            actor=actor,
            action="fund.proof.checked",
            target=app,
            application=app.pk,
            accepted_cents=accepted_cents,
            claim_cents=claim.amount_cents if claim else 0,
        )
        _close_if_settled(app, actor)
    application.refresh_from_db()
    return claim


def proof_missing_claim(*, application: Application, actor: User) -> RepaymentClaim | None:
    """The proof deadline passed without a proof: all money paid is claimed back, the rest of
    the commitment is released."""
    with transaction.atomic():
        fund = ledger.lock_fund(application.fund_id)
        lock(application)
        app = Application.objects.select_related("category").get(pk=application.pk)
        if app.proof_due_date is None or timezone.localdate() <= app.proof_due_date:
            raise InvalidTransition(_("Die Frist für den Verwendungsnachweis läuft noch."))
        transition(app, allowed=[S.APPROVED, S.PAID], to=S.PROOF_CHECKED)
        _release_open_commitment(app, fund, actor, keep=0)
        paid = ledger.application_paid(app)
        claim = None
        if paid:
            claim = _claim_create(
                app,
                actor,
                amount_cents=paid,
                reason=_("Kein Verwendungsnachweis bis %(date)s.")
                % {"date": app.proof_due_date.strftime("%d.%m.%Y")},
            )
        audit(
            town=app.town,
            actor=actor,
            action="fund.proof.missing_claimed",
            target=app,
            application=app.pk,
            claim_cents=paid,
        )
        _close_if_settled(app, actor)
    application.refresh_from_db()
    return claim


def repayment_record(*, claim: RepaymentClaim, actor: User) -> None:
    """The money came back: it returns to the fund (ledger repayment) exactly once."""
    with transaction.atomic():
        app = claim.application
        fund = ledger.lock_fund(app.fund_id)
        updated = RepaymentClaim.objects.filter(
            pk=claim.pk, status=RepaymentClaim.Status.OPEN
        ).update(status=RepaymentClaim.Status.PAID, paid_at=timezone.now())
        if updated != 1:
            raise InvalidTransition(_("Diese Rückforderung ist schon bezahlt."))
        ledger.book(
            fund=fund,
            kind=LedgerKind.REPAYMENT,
            amount_cents=claim.amount_cents,
            reason=_("Rückzahlung: %(title)s") % {"title": app.title},
            author=actor,
            category=app.category,
            application=app,
        )
        audit(
            town=app.town,
            actor=actor,
            action="fund.repayment.recorded",
            target=app,
            application=app.pk,
            amount_cents=claim.amount_cents,
        )
        app.refresh_from_db()
        _close_if_settled(app, actor)


def _close_if_settled(app: Application, actor: User | None) -> None:
    """After the proof was checked: close once nothing is left to pay or to claim back."""
    if app.status != S.PROOF_CHECKED:
        return
    if RepaymentClaim.objects.filter(application=app, status=RepaymentClaim.Status.OPEN).exists():
        return
    if payout_due(application=app) is not None:
        return
    transition(app, allowed=[S.PROOF_CHECKED], to=S.CLOSED)
    audit(
        town=app.town, actor=actor, action="fund.application.closed", target=app, application=app.pk
    )
