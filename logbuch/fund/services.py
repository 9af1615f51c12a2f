"""Writes and business rules of the Mitmach-Fonds.

Locks (see also docs/architecture.md): every service that books money first takes the fund row
(`ledger.lock_fund`, SELECT ... FOR UPDATE), then the application row, always in that order, and
re-reads availability from the ledger inside the lock. Status flips are conditional updates
(`UPDATE ... WHERE status IN (...)`) with a row-count check, so two clicks cannot both win.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core import uploads
from logbuch.towns.models import Town, User
from logbuch.towns.services import audit_record

from . import ledger, notifications, rules
from .errors import (
    BudgetExceeded,
    FundError,
    InvalidTransition,
    JuryError,
    PayoutError,
    RuleViolation,
)
from .models import (
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    Category,
    CostItem,
    Decision,
    DecisionMode,
    Fund,
    FundSource,
    JuryConflict,
    JuryMajority,
    JuryMember,
    JuryVote,
    LedgerEntry,
    LedgerKind,
    Payout,
    PayoutSchedule,
    ProofDeadlineKind,
    ProofOfUse,
    Question,
    RepaymentClaim,
)
from .money import euro, percent_of

S = ApplicationStatus
DECIDABLE = (S.SUBMITTED, S.IN_REVIEW, S.QUESTION, S.VOTING)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What each kind of attachment may be (matches the `fund_attachment_allowed_types` constraint).
ATTACHMENT_TYPES: dict[str, tuple[uploads.FileType, ...]] = {
    "antrag": (uploads.PDF, uploads.JPEG, uploads.PNG),
    "beleg": (uploads.PDF, uploads.JPEG, uploads.PNG),
    "foto": (uploads.JPEG, uploads.PNG),
}


def _transition(
    application: Application, *, allowed: Iterable[str], to: str, **fields: Any
) -> None:
    """Flip the status only if it is still one of `allowed`; otherwise someone was faster."""
    updated = Application.objects.filter(pk=application.pk, status__in=list(allowed)).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise InvalidTransition(
            _("Dieser Schritt ist im Stand „%(status)s“ nicht möglich.")
            % {"status": S(application.status).label}
        )
    application.status = to
    for name, value in fields.items():
        setattr(application, name, value)


# --- Fund setup ---------------------------------------------------------------------------


def fund_create(*, town: Town, actor: User, name: str, year: int, description: str = "") -> Fund:
    with transaction.atomic():
        fund = Fund.objects.create(
            town=town, name=name, year=year, description=description, created_by=actor
        )
        audit_record(town=town, actor=actor, action="fund_create", target=name)
    return fund


def fund_source_add(
    *,
    fund: Fund,
    actor: User,
    kind: str,
    name: str,
    amount_cents: int,
    category: Category | None = None,
) -> FundSource:
    """Record where money comes from and book it as an allocation (pool or a category)."""
    if amount_cents <= 0:
        raise FundError(_("Der Betrag muss größer als 0 € sein."))
    with transaction.atomic():
        locked = ledger.lock_fund(fund.pk)
        source = FundSource.objects.create(
            town_id=fund.town_id, fund=locked, kind=kind, name=name, amount_cents=amount_cents
        )
        ledger.book(
            fund=locked,
            kind=LedgerKind.ALLOCATION,
            amount_cents=amount_cents,
            reason=_("Geldquelle: %(name)s") % {"name": name},
            author=actor,
            category=category,
            source=source,
        )
        audit_record(
            town=fund.town,
            actor=actor,
            action="fund_source_add",
            target=name,
            fund=fund.pk,
            amount_cents=amount_cents,
        )
    return source


def fund_allocation_reduce(
    *, fund: Fund, actor: User, category: Category | None, amount_cents: int, reason: str
) -> None:
    """Lower a budget (e.g. a grant was cut); refused if it would go below what is promised."""
    if amount_cents <= 0 or not reason.strip():
        raise FundError(_("Bitte nennen Sie einen Betrag über 0 € und einen Grund."))
    with transaction.atomic():
        locked = ledger.lock_fund(fund.pk)
        ledger.take_from_bucket(fund=locked, category=category, amount_cents=amount_cents)
        ledger.book(
            fund=locked,
            kind=LedgerKind.ALLOCATION,
            amount_cents=-amount_cents,
            reason=reason,
            author=actor,
            category=category,
        )
        audit_record(
            town=fund.town,
            actor=actor,
            action="fund_allocation_reduce",
            target=fund.name,
            amount_cents=amount_cents,
            reason=reason,
        )


def fund_reallocate(
    *,
    fund: Fund,
    actor: User,
    from_category: Category | None,
    to_category: Category | None,
    amount_cents: int,
    reason: str,
) -> None:
    """Move money between categories (or the unassigned pool), with reason and author."""
    if amount_cents <= 0 or not reason.strip():
        raise FundError(_("Bitte nennen Sie einen Betrag über 0 € und einen Grund."))
    if from_category == to_category:
        raise FundError(_("Bitte wählen Sie zwei verschiedene Förderbereiche."))
    with transaction.atomic():
        locked = ledger.lock_fund(fund.pk)
        ledger.reallocate(
            fund=locked,
            from_category=from_category,
            to_category=to_category,
            amount_cents=amount_cents,
            reason=reason,
            author=actor,
        )
        audit_record(
            town=fund.town,
            actor=actor,
            action="fund_reallocate",
            target=fund.name,
            from_category=from_category.pk if from_category else None,
            to_category=to_category.pk if to_category else None,
            amount_cents=amount_cents,
            reason=reason,
        )


def category_budget_set(*, category: Category, actor: User, amount_cents: int, reason: str) -> None:
    """Set a category's budget by moving money from or to the unassigned pool."""
    with transaction.atomic():
        locked = ledger.lock_fund(category.fund_id)
        current = ledger.bucket_balance(fund=locked, category=category).allocated
        diff = amount_cents - current
        if diff == 0:
            return
        pool_to_category = diff > 0
        ledger.reallocate(
            fund=locked,
            from_category=None if pool_to_category else category,
            to_category=category if pool_to_category else None,
            amount_cents=abs(diff),
            reason=reason,
            author=actor,
        )
        audit_record(
            town=category.town,
            actor=actor,
            action="category_budget_set",
            target=category.name,
            amount_cents=amount_cents,
            reason=reason,
        )


def category_save(*, category: Category, actor: User) -> Category:
    """Create or change a category's rules (validated by the form)."""
    creating = category.pk is None
    with transaction.atomic():
        category.save()
        audit_record(
            town=category.town,
            actor=actor,
            action="category_create" if creating else "category_update",
            target=category.name,
        )
    return category


def call_create(
    *,
    fund: Fund,
    actor: User,
    name: str,
    opens_at: datetime,
    closes_at: datetime | None,
    decision_on: date | None = None,
) -> Call:
    with transaction.atomic():
        call = Call.objects.create(
            town_id=fund.town_id,
            fund=fund,
            name=name,
            opens_at=opens_at,
            closes_at=closes_at,
            decision_on=decision_on,
        )
        audit_record(town=fund.town, actor=actor, action="call_create", target=name)
    return call


def jury_member_add(*, fund: Fund, actor: User, user: User, role: str) -> JuryMember:
    with transaction.atomic():
        member, _created = JuryMember.objects.get_or_create(
            town_id=fund.town_id, fund=fund, user=user, defaults={"role": role}
        )
        audit_record(
            town=fund.town, actor=actor, action="jury_member_add", target=str(user), role=role
        )
    return member


# --- Applications -------------------------------------------------------------------------


@dataclass(frozen=True)
class CostInput:
    description: str
    cost_type: str
    amount_cents: int


def application_save_draft(
    *, application: Application, costs: Sequence[CostInput], actor: User
) -> Application:
    """Save the applicant's draft with its cost items (replacing the previous items)."""
    if application.pk and application.status not in (S.DRAFT, S.QUESTION):
        raise InvalidTransition(_("Ein eingereichter Antrag kann nicht mehr geändert werden."))
    with transaction.atomic():
        application.save()
        CostItem.objects.filter(application=application).delete()
        CostItem.objects.bulk_create(
            CostItem(
                town_id=application.town_id,
                application=application,
                description=c.description,
                cost_type=c.cost_type,
                amount_cents=c.amount_cents,
            )
            for c in costs
        )
    return application


def attachment_add(
    *, application: Application, actor: User, upload: UploadedFile[bytes], kind: str = "antrag"
) -> Attachment:
    """Store a file of an allowed type (by content, never by name) of at most 10 MB in private
    storage, under a random name with the sniffed type's extension; the original name is kept
    for display only."""
    try:
        file_type = uploads.check_upload(
            upload, allowed=ATTACHMENT_TYPES[kind], max_bytes=MAX_UPLOAD_BYTES
        )
    except ValidationError as exc:
        raise FundError(exc.messages[0]) from exc
    name = uploads.display_name(upload.name)
    with transaction.atomic():
        attachment = Attachment(
            town_id=application.town_id,
            application=application,
            kind=kind,
            original_name=name,
            content_type=file_type.content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        attachment.file.save(f"datei.{file_type.extension}", upload, save=False)
        attachment.save()
        audit_record(
            town=application.town,
            actor=actor,
            action="attachment_add",
            target=application.title,
            application=application.pk,
            kind=kind,
        )
    return attachment


def application_facts(*, application: Application) -> rules.ApplicationFacts:
    """Gather what the rules need (two small queries)."""
    others = Application.objects.in_town(application.town).filter(
        applicant=application.applicant, fund=application.fund, submitted_at__isnull=False
    )
    if application.call_id:
        others = others.filter(call_id=application.call_id)
    others = others.exclude(pk=application.pk)
    last_funded = (
        Decision.objects.in_town(application.town)
        .filter(
            application__applicant=application.applicant,
            outcome__in=[Decision.Outcome.APPROVED_FULL, Decision.Outcome.APPROVED_PARTIAL],
        )
        .exclude(application__fund=application.fund)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return rules.ApplicationFacts(
        applicant_type=application.applicant_type,
        birth_date=application.applicant_birth_date,
        resides_in_town=application.resides_in_town,
        requested_cents=application.requested_cents,
        own_money_cents=application.own_money_cents,
        in_kind_hours=application.in_kind_hours,
        start_date=application.start_date,
        end_date=application.end_date,
        costs=[rules.Cost(c.cost_type, c.amount_cents) for c in application.costs.all()],
        other_applications_in_call=others.count(),
        last_funded_year=last_funded.year if last_funded else None,
    )


def application_check(*, application: Application, now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    return rules.check_application(
        category=application.category,
        call=application.call,
        facts=application_facts(application=application),
        now=now,
        today=timezone.localdate(now),
    )


def application_submit(
    *, application: Application, actor: User, now: datetime | None = None
) -> Application:
    """Check every rule; submit only when all pass (RuleViolation lists every failure)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise submits of one applicant so the per-call cap cannot be raced.
        if application.applicant_id is not None:  # empty only after erasure (fund.privacy)
            User.objects.select_for_update().filter(pk=application.applicant_id).exists()
        failures = application_check(application=application, now=now)
        if failures:
            raise RuleViolation(failures)
        _transition(application, allowed=[S.DRAFT], to=S.SUBMITTED, submitted_at=now)
        audit_record(
            town=application.town,
            actor=actor,
            action="application_submit",
            target=application.title,
            application=application.pk,
        )
        notifications.notify_submitted(application=application)
    return application


def application_review_start(*, application: Application, actor: User) -> None:
    with transaction.atomic():
        _transition(application, allowed=[S.SUBMITTED], to=S.IN_REVIEW)
        audit_record(
            town=application.town,
            actor=actor,
            action="application_review_start",
            target=application.title,
            application=application.pk,
        )


def application_mark_voting(*, application: Application, actor: User) -> None:
    with transaction.atomic():
        _transition(application, allowed=[S.SUBMITTED, S.IN_REVIEW], to=S.VOTING)
        audit_record(
            town=application.town,
            actor=actor,
            action="application_mark_voting",
            target=application.title,
            application=application.pk,
        )


def question_ask(*, application: Application, actor: User, text: str) -> Question:
    """A Rückfrage: the application waits for the applicant's answer."""
    if not text.strip():
        raise FundError(_("Bitte schreiben Sie Ihre Frage."))
    with transaction.atomic():
        _transition(application, allowed=[S.SUBMITTED, S.IN_REVIEW, S.QUESTION], to=S.QUESTION)
        question = Question.objects.create(
            town_id=application.town_id, application=application, text=text, asked_by=actor
        )
        audit_record(
            town=application.town,
            actor=actor,
            action="question_ask",
            target=application.title,
            application=application.pk,
        )
        notifications.notify_question(question=question)
    return question


def question_answer(*, question: Question, actor: User, answer: str) -> None:
    if not answer.strip():
        raise FundError(_("Bitte schreiben Sie Ihre Antwort."))
    with transaction.atomic():
        updated = Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(
            answer=answer, answered_at=timezone.now()
        )
        if updated != 1:
            raise InvalidTransition(_("Diese Frage ist schon beantwortet."))
        application = question.application
        if not application.questions.filter(answered_at__isnull=True).exists():
            _transition(application, allowed=[S.QUESTION], to=S.IN_REVIEW)
        audit_record(
            town=application.town,
            actor=actor,
            action="question_answer",
            target=application.title,
            application=application.pk,
        )


# --- Decisions ----------------------------------------------------------------------------


def proof_due_date(*, category: Category, end_date: date | None, today: date) -> date:
    if (
        category.proof_deadline_kind == ProofDeadlineKind.FIXED_DATE
        and category.proof_deadline_date
    ):
        return category.proof_deadline_date
    return (end_date or today) + timedelta(weeks=category.proof_deadline_weeks)


def application_decide(
    *,
    application: Application,
    actor: User | None,
    mode: str,
    outcome: str,
    amount_cents: int,
    reason: str,
    minutes: str = "",
    votes: tuple[int, int, int] = (0, 0, 0),
) -> Decision:
    """Decide once. An approval books its commitment under the fund lock.

    Lock: fund row (SELECT ... FOR UPDATE), then the application row. The category's available
    money is read from the ledger inside the lock; if the amount does not fit, BudgetExceeded is
    raised and nothing is written. Concurrent approvals therefore never overspend: exactly those
    that fit succeed, in the order they get the lock.
    """
    if not reason.strip():
        raise FundError(_("Bitte begründen Sie die Entscheidung."))
    rejected = outcome == Decision.Outcome.REJECTED
    if rejected:
        amount_cents = 0
    with transaction.atomic():
        fund = ledger.lock_fund(application.fund_id)
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("category")
            .get(pk=application.pk)
        )
        if app.status not in DECIDABLE or Decision.objects.filter(application=app).exists():
            raise InvalidTransition(
                _("Über diesen Antrag ist schon entschieden oder er ist noch nicht eingereicht.")
            )
        category = app.category
        if not rejected:
            if amount_cents <= 0:
                raise FundError(_("Der bewilligte Betrag muss größer als 0 € sein."))
            if amount_cents > app.requested_cents:
                raise FundError(
                    _("Es können höchstens die beantragten %(requested)s bewilligt werden.")
                    % {"requested": euro(app.requested_cents)}
                )
            if mode == DecisionMode.FAST_TRACK and amount_cents > category.fast_track_max_cents:
                raise FundError(
                    _(
                        "Im Schnellverfahren können in diesem Förderbereich höchstens %(max)s "
                        "bewilligt werden; für mehr entscheidet die Jury."
                    )
                    % {"max": euro(category.fast_track_max_cents)}
                )
            outcome = (
                Decision.Outcome.APPROVED_FULL
                if amount_cents == app.requested_cents
                else Decision.Outcome.APPROVED_PARTIAL
            )
            available = ledger.bucket_balance(fund=fund, category=category).available
            if amount_cents > available:
                raise BudgetExceeded(
                    category=category.name,
                    category_id=category.pk,
                    available_cents=available,
                    amount_cents=amount_cents,
                )
            ledger.book(
                fund=fund,
                kind=LedgerKind.COMMITMENT,
                amount_cents=amount_cents,
                reason=_("Bewilligung: %(title)s") % {"title": app.title},
                author=actor,
                category=category,
                application=app,
            )
        decision = Decision.objects.create(
            town_id=app.town_id,
            application=app,
            mode=mode,
            outcome=outcome,
            amount_cents=amount_cents,
            reason=reason,
            minutes=minutes,
            votes_yes=votes[0],
            votes_no=votes[1],
            votes_abstain=votes[2],
            decided_by=actor,
        )
        now = timezone.now()
        _transition(
            app,
            allowed=DECIDABLE,
            to=S.REJECTED if rejected else S.APPROVED,
            decided_at=now,
            approved_cents=None if rejected else amount_cents,
            proof_due_date=None
            if rejected
            else proof_due_date(category=category, end_date=app.end_date, today=now.date()),
        )
        audit_record(
            town=app.town,
            actor=actor,
            action="application_decide",
            target=app.title,
            application=app.pk,
            mode=mode,
            outcome=outcome,
            amount_cents=amount_cents,
        )
        notifications.notify_decided(decision=decision)
    application.refresh_from_db()
    return decision


@dataclass(frozen=True)
class JuryTally:
    members: int
    conflicted: int
    eligible: int
    quorum: int
    yes: int
    no: int
    abstain: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def quorum_met(self) -> bool:
        return self.eligible > 0 and self.cast >= self.quorum


def _majority(tally: JuryTally, rule: str) -> bool:
    if rule == JuryMajority.TWO_THIRDS:
        return 3 * tally.yes >= 2 * (tally.yes + tally.no) and tally.yes > 0
    return tally.yes > tally.no


def jury_tally(*, application: Application) -> JuryTally:
    """Counts without names; jurors with a declared conflict are left out of the quorum."""
    members = JuryMember.objects.filter(fund_id=application.fund_id, is_active=True).count()
    conflicted = JuryConflict.objects.filter(application=application, juror__is_active=True).count()
    counts = JuryVote.objects.filter(application=application).aggregate(
        yes=Count("pk", filter=Q(choice=JuryVote.Choice.YES)),
        no=Count("pk", filter=Q(choice=JuryVote.Choice.NO)),
        abstain=Count("pk", filter=Q(choice=JuryVote.Choice.ABSTAIN)),
    )
    eligible = members - conflicted
    quorum = max(1, math.ceil(eligible * application.category.jury_quorum_percent / 100))
    return JuryTally(
        members=members,
        conflicted=conflicted,
        eligible=eligible,
        quorum=quorum,
        yes=counts["yes"],
        no=counts["no"],
        abstain=counts["abstain"],
    )


def _juror(application: Application, user: User) -> JuryMember:
    juror: JuryMember | None = JuryMember.objects.filter(
        fund_id=application.fund_id, user=user, is_active=True
    ).first()
    if juror is None:
        raise JuryError(_("Sie gehören nicht zur Jury dieses Fonds."))
    return juror


def jury_conflict_declare(*, application: Application, user: User, reason: str = "") -> None:
    """A juror declares a conflict of interest: they do not vote on this application."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        juror = _juror(app, user)
        if JuryVote.objects.filter(application=app, juror=juror).exists():
            raise JuryError(
                _("Sie haben schon abgestimmt; eine Befangenheit bitte vorher erklären.")
            )
        JuryConflict.objects.get_or_create(
            town_id=app.town_id, juror=juror, application=app, defaults={"reason": reason}
        )
        audit_record(
            town=app.town,
            actor=user,
            action="jury_conflict_declare",
            target=app.title,
            application=app.pk,
        )


def jury_vote_cast(*, application: Application, user: User, choice: str) -> JuryVote:
    """One vote per juror and application, only before the decision, never when conflicted."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        juror = _juror(app, user)
        if app.status not in DECIDABLE or Decision.objects.filter(application=app).exists():
            raise JuryError(
                _("Über diesen Antrag ist schon entschieden; es kann nicht mehr abgestimmt werden.")
            )
        if not app.category.jury_enabled:
            raise JuryError(_("In diesem Förderbereich entscheidet keine Jury."))
        if JuryConflict.objects.filter(application=app, juror=juror).exists():
            raise JuryError(_("Sie haben sich für befangen erklärt und stimmen deshalb nicht ab."))
        try:
            with transaction.atomic():
                vote = JuryVote.objects.create(
                    town_id=app.town_id, application=app, juror=juror, choice=choice
                )
        except IntegrityError as exc:
            raise JuryError(_("Sie haben über diesen Antrag schon abgestimmt.")) from exc
        audit_record(
            town=app.town, actor=user, action="jury_vote_cast", target=app.title, application=app.pk
        )
    return vote


def jury_decide(
    *, application: Application, actor: User, amount_cents: int, reason: str, minutes: str
) -> Decision:
    """Close the jury vote: needs the quorum (counted without conflicted jurors) and minutes."""
    if not minutes.strip():
        raise JuryError(_("Bitte halten Sie das Protokoll der Jury fest."))
    tally = jury_tally(application=application)
    if not tally.quorum_met:
        raise JuryError(
            _(
                "Die Jury ist nicht beschlussfähig: %(quorum)s Stimmen sind nötig "
                "(%(eligible)s Mitglieder ohne Befangenheit), abgegeben sind %(cast)s."
            )
            % {"quorum": tally.quorum, "eligible": tally.eligible, "cast": tally.cast}
        )
    approved = _majority(tally, application.category.jury_majority)
    return application_decide(
        application=application,
        actor=actor,
        mode=DecisionMode.JURY,
        outcome=Decision.Outcome.APPROVED_FULL if approved else Decision.Outcome.REJECTED,
        amount_cents=amount_cents if approved else 0,
        reason=reason,
        minutes=minutes,
        votes=(tally.yes, tally.no, tally.abstain),
    )


# --- Payouts, proof of use, repayment -----------------------------------------------------


def paid_cents(application: Application) -> int:
    return int(
        Payout.objects.filter(application=application).aggregate(s=Sum("amount_cents"))["s"] or 0
    )


def payout_due(*, application: Application) -> tuple[str, int] | None:
    """The next payout the schedule allows now: (kind, amount) or None."""
    approved = application.approved_cents or 0
    category = application.category
    paid = paid_cents(application)
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
            app = (
                Application.objects.select_for_update(of=("self",))
                .select_related("category")
                .get(pk=application.pk)
            )
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
            balance_open = (app.approved_cents or 0) - paid_cents(app)
            released = int(
                LedgerEntry.objects.filter(application=app, kind=LedgerKind.RELEASE).aggregate(
                    s=Sum("amount_cents")
                )["s"]
                or 0
            )
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
                _transition(app, allowed=[S.APPROVED], to=S.PAID)
            audit_record(
                town=app.town,
                actor=actor,
                action="payout_make",
                target=app.title,
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
    if category.proof_requires_photos and not application.attachments.filter(kind="foto").exists():
        raise FundError(_("Regel „Verwendungsnachweis“: Bitte laden Sie mindestens ein Foto hoch."))
    if spent_cents < 0:
        raise FundError(_("Die Summe der Belege kann nicht negativ sein."))
    with transaction.atomic():
        _transition(application, allowed=[S.APPROVED, S.PAID], to=S.PROOF_SUBMITTED)
        proof = ProofOfUse.objects.create(
            town_id=application.town_id,
            application=application,
            report=report,
            spent_cents=spent_cents,
            submitted_by=actor,
        )
        audit_record(
            town=application.town,
            actor=actor,
            action="proof_submit",
            target=application.title,
            application=application.pk,
            spent_cents=spent_cents,
            late=bool(
                application.proof_due_date and timezone.localdate() > application.proof_due_date
            ),
        )
    return proof


def _release_open_commitment(app: Application, fund: Fund, actor: User | None, keep: int) -> None:
    """Release what was promised beyond `keep` (the amount still to be paid)."""
    approved = app.approved_cents or 0
    released = int(
        LedgerEntry.objects.filter(application=app, kind=LedgerKind.RELEASE).aggregate(
            s=Sum("amount_cents")
        )["s"]
        or 0
    )
    release = approved - paid_cents(app) - released - keep
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


def proof_check(
    *, application: Application, actor: User, accepted_cents: int, note: str = ""
) -> RepaymentClaim | None:
    """Accept the proven amount. Unused commitments are released; money paid beyond what was
    proven becomes a repayment claim."""
    with transaction.atomic():
        fund = ledger.lock_fund(application.fund_id)
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("category")
            .get(pk=application.pk)
        )
        _transition(app, allowed=[S.PROOF_SUBMITTED], to=S.PROOF_CHECKED)
        ProofOfUse.objects.filter(application=app).update(
            accepted_cents=accepted_cents,
            checked_by=actor,
            checked_at=timezone.now(),
            check_note=note,
        )
        eligible = min(max(accepted_cents, 0), app.approved_cents or 0)
        paid = paid_cents(app)
        _release_open_commitment(app, fund, actor, keep=max(0, eligible - paid))
        claim = None
        if paid > eligible:
            claim = RepaymentClaim.objects.create(
                town_id=app.town_id,
                application=app,
                amount_cents=paid - eligible,
                reason=_("Ausgezahlt %(paid)s, nachgewiesen %(proven)s.")
                % {"paid": euro(paid), "proven": euro(eligible)},
                due_date=timezone.localdate() + timedelta(weeks=4),
                created_by=actor,
            )
        audit_record(
            town=app.town,
            actor=actor,
            action="proof_check",
            target=app.title,
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
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("category")
            .get(pk=application.pk)
        )
        if app.proof_due_date is None or timezone.localdate() <= app.proof_due_date:
            raise InvalidTransition(_("Die Frist für den Verwendungsnachweis läuft noch."))
        _transition(app, allowed=[S.APPROVED, S.PAID], to=S.PROOF_CHECKED)
        _release_open_commitment(app, fund, actor, keep=0)
        paid = paid_cents(app)
        claim = None
        if paid:
            claim = RepaymentClaim.objects.create(
                town_id=app.town_id,
                application=app,
                amount_cents=paid,
                reason=_("Kein Verwendungsnachweis bis %(date)s.")
                % {"date": app.proof_due_date.strftime("%d.%m.%Y")},
                due_date=timezone.localdate() + timedelta(weeks=4),
                created_by=actor,
            )
        audit_record(
            town=app.town,
            actor=actor,
            action="proof_missing_claim",
            target=app.title,
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
        updated = RepaymentClaim.objects.filter(pk=claim.pk, status="offen").update(
            status=RepaymentClaim.Status.PAID, paid_at=timezone.now()
        )
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
        audit_record(
            town=app.town,
            actor=actor,
            action="repayment_record",
            target=app.title,
            application=app.pk,
            amount_cents=claim.amount_cents,
        )
        app.refresh_from_db()
        _close_if_settled(app, actor)


def _close_if_settled(app: Application, actor: User | None) -> None:
    """After the proof was checked: close once nothing is left to pay or to claim back."""
    if app.status != S.PROOF_CHECKED:
        return
    if RepaymentClaim.objects.filter(application=app, status="offen").exists():
        return
    if payout_due(application=app) is not None:
        return
    _transition(app, allowed=[S.PROOF_CHECKED], to=S.CLOSED)
    audit_record(
        town=app.town, actor=actor, action="application_close", target=app.title, application=app.pk
    )
