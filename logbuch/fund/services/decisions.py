"""Decisions on applications: fast-track, jury votes and the jury's decision.

A decision that books money locks the fund row (`ledger.lock_fund`), then the application,
always in that order, and re-reads availability from the ledger inside the lock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import User

from .. import ledger, notifications
from ..errors import (
    BudgetExceeded,
    FundError,
    InvalidTransition,
    JuryError,
)
from ..models import (
    Application,
    ApplicationStatus,
    Category,
    Decision,
    DecisionMode,
    JuryConflict,
    JuryMajority,
    JuryMember,
    JuryVote,
    LedgerKind,
    ProofDeadlineKind,
)
from ..money import euro
from .applications import DECIDABLE, transition

S = ApplicationStatus


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
        lock(application)
        app = Application.objects.select_related("category").get(pk=application.pk)
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
        transition(
            app,
            allowed=DECIDABLE,
            to=S.REJECTED if rejected else S.APPROVED,
            decided_at=now,
            approved_cents=None if rejected else amount_cents,
            proof_due_date=None
            if rejected
            else proof_due_date(category=category, end_date=app.end_date, today=now.date()),
        )
        audit(
            town=app.town,
            actor=actor,
            action="fund.application.decided",
            target=app,
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
        lock(application)
        app = Application.objects.get(pk=application.pk)
        juror = _juror(app, user)
        if JuryVote.objects.filter(application=app, juror=juror).exists():
            raise JuryError(
                _("Sie haben schon abgestimmt; eine Befangenheit bitte vorher erklären.")
            )
        JuryConflict.objects.get_or_create(
            town_id=app.town_id, juror=juror, application=app, defaults={"reason": reason}
        )
        audit(
            town=app.town,
            actor=user,
            action="fund.jury.conflict_declared",
            target=app,
            application=app.pk,
        )


def jury_vote_cast(*, application: Application, user: User, choice: str) -> JuryVote:
    """One vote per juror and application, only before the decision, never when conflicted."""
    with transaction.atomic():
        lock(application)
        app = Application.objects.get(pk=application.pk)
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
        audit(
            town=app.town, actor=user, action="fund.jury.vote_cast", target=app, application=app.pk
        )
    return vote


def jury_decide(
    *, application: Application, actor: User, amount_cents: int, reason: str, minutes: str
) -> Decision:
    """Close the jury vote: needs the quorum (counted without conflicted jurors) and minutes.

    The votes are counted under the locks the decision takes (fund, then application), so a
    vote cast at the same moment is either counted or refused, never stored uncounted.
    """
    if not minutes.strip():
        raise JuryError(_("Bitte halten Sie das Protokoll der Jury fest."))
    with transaction.atomic():
        ledger.lock_fund(application.fund_id)
        lock(application)
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
