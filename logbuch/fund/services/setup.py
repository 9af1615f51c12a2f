"""Setting a fund up: sources, budgets, reallocation, categories, calls and the jury.

Every service that moves money locks the fund row first (`ledger.lock_fund`), then re-reads
availability from the ledger inside the lock.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from .. import ledger
from ..errors import (
    FundError,
)
from ..models import (
    Call,
    Category,
    Fund,
    FundSource,
    JuryMember,
    LedgerKind,
)


def fund_create(*, town: Town, actor: User, name: str, year: int, description: str = "") -> Fund:
    with transaction.atomic():
        fund = Fund.objects.create(
            town=town, name=name, year=year, description=description, created_by=actor
        )
        audit(town=town, actor=actor, action="fund.fund.created", target=name)
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
        audit(
            town=fund.town,
            actor=actor,
            action="fund.source.added",
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
        audit(
            town=fund.town,
            actor=actor,
            action="fund.fund.allocation_reduced",
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
        audit(
            town=fund.town,
            actor=actor,
            action="fund.fund.reallocated",
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
        audit(
            town=category.town,
            actor=actor,
            action="fund.category.budget_set",
            target=category.name,
            amount_cents=amount_cents,
            reason=reason,
        )


def category_save(*, category: Category, actor: User) -> Category:
    """Create or change a category's rules (validated by the form)."""
    creating = category.pk is None
    with transaction.atomic():
        category.save()
        audit(
            town=category.town,
            actor=actor,
            action="fund.category.created" if creating else "fund.category.updated",
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
        audit(town=fund.town, actor=actor, action="fund.call.created", target=name)
    return call


def jury_member_add(*, fund: Fund, actor: User, user: User, role: str) -> JuryMember:
    with transaction.atomic():
        member, _created = JuryMember.objects.get_or_create(
            town_id=fund.town_id, fund=fund, user=user, defaults={"role": role}
        )
        audit(
            town=fund.town,
            actor=actor,
            action="fund.jury.member_added",
            target=str(user),
            role=role,
        )
    return member
