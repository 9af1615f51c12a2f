"""Vorschläge: every member proposes a measure, others support and discuss it, the deciding
person (`permissions.may_decide_proposals`) accepts, merges or declines it.

A Vorschlag is a `Measure` in status `PROPOSED`. A decision is a state flip that two people
could make at once (one accepts while another declines): `_take_open` locks the proposal's row
(`core.locks.lock`) inside the decision's transaction and re-reads its status, so exactly one
decision wins and the other is refused with `ProposalAlreadyDecided` (race test in
`tests/test_proposal_races.py`). Merging locks both rows, in lock()'s fixed order.
Emails go to the proposer (and the responsible person) only after the decision commits.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..errors import (
    EmptyText,
    LeverClosed,
    MergeTargetInvalid,
    NotAllowedToDecide,
    NotAMember,
    NotInTown,
    ProposalAlreadyDecided,
    ProposalNotOpen,
    ReasonRequired,
)
from ..models import (
    JournalEntry,
    JournalStatus,
    Lever,
    LogbookSettings,
    Measure,
    MeasureStatus,
    ProposalComment,
    Round,
    Support,
)
from ..notifications import notify_proposal_decided, notify_responsible
from ..permissions import may_decide_proposals, roles_in
from .measures import check_owner


def lever_is_closed(*, town: Town, lever: Lever) -> bool:
    """Archived (a town's own) or hidden by the town: it takes no new Vorschläge."""
    return lever.archived_at is not None or lever.hidden_by.filter(town=town).exists()


def _check_member(town: Town, user: User) -> None:
    if not roles_in(town, user):
        raise NotAMember


def proposal_create(
    *,
    town: Town,
    actor: User,
    lever: Lever,
    title: str,
    goal: str = "",
    round_: Round | None = None,
    source_entry: JournalEntry | None = None,
) -> Measure:
    """A member's Vorschlag on a Stellschraube, from a round's results or a logbook entry.
    The proposer supports it from the start."""
    _check_member(town, actor)
    if not Lever.objects.visible_to(town).filter(pk=lever.pk).exists():
        raise NotInTown
    if lever_is_closed(town=town, lever=lever):
        raise LeverClosed
    if round_ is not None and round_.town_id != town.pk:
        raise NotInTown
    if source_entry is not None and (
        source_entry.town_id != town.pk or source_entry.status != JournalStatus.PUBLISHED
    ):
        raise NotInTown
    if not title.strip():
        raise EmptyText
    now = timezone.now()
    with transaction.atomic():
        proposal = Measure.objects.create(
            town=town,
            lever=lever,
            round=round_,
            source_entry=source_entry,
            title=title.strip(),
            goal=goal.strip(),
            status=MeasureStatus.PROPOSED,
            proposed_at=now,
            proposed_by=actor,
            created_by=actor,
        )
        Support.objects.create(town=town, measure=proposal, user=actor)
        audit(
            town=town,
            actor=actor,
            action="logbook.proposal.created",
            target=proposal.title,
            measure=proposal.pk,
            lever=lever.pk,
        )
    return proposal


def _check_open(proposal: Measure) -> None:
    """Read from the database: the caller's copy may be older than a decision."""
    if not Measure.objects.filter(pk=proposal.pk, status=MeasureStatus.PROPOSED).exists():
        raise ProposalNotOpen


def support_add(*, proposal: Measure, user: User) -> bool:
    """Support an open Vorschlag; a second click (or a second tab) changes nothing.
    True if the support is new."""
    _check_member(proposal.town, user)
    _check_open(proposal)
    with transaction.atomic():
        _support, created = Support.objects.get_or_create(
            measure=proposal, user=user, defaults={"town": proposal.town}
        )
    return created


def support_withdraw(*, proposal: Measure, user: User) -> bool:
    """Take one's support back (while the Vorschlag is open). True if there was one."""
    _check_open(proposal)
    deleted, _rows = Support.objects.filter(measure=proposal, user=user).delete()
    return bool(deleted)


def comment_add(*, proposal: Measure, actor: User, text: str) -> ProposalComment:
    """A member's comment on an open Vorschlag."""
    _check_member(proposal.town, actor)
    _check_open(proposal)
    if not text.strip():
        raise EmptyText
    return ProposalComment.objects.create(
        town=proposal.town, measure=proposal, author=actor, text=text.strip()
    )


# --- Decisions ---------------------------------------------------------------------------------


def _check_decider(proposal: Measure, actor: User) -> None:
    if not may_decide_proposals(town=proposal.town, user=actor):
        raise NotAllowedToDecide


def _take_open(proposal: Measure) -> Measure:
    """Lock the proposal's row and read it again: refuse if someone decided meanwhile."""
    lock(proposal)
    current: Measure = Measure.objects.select_related("town", "proposed_by").get(pk=proposal.pk)
    if current.status != MeasureStatus.PROPOSED:
        raise ProposalAlreadyDecided
    return current


def _decided(current: Measure, actor: User, **fields: object) -> list[str]:
    current.decided_at = timezone.now()
    current.decided_by = actor
    for name, value in fields.items():
        setattr(current, name, value)
    return ["decided_at", "decided_by", *fields, "updated_at"]


def proposal_accept(
    *,
    proposal: Measure,
    actor: User,
    owner_user: User | None = None,
    owner_role: str = "",
    due_on: datetime.date | None = None,
) -> Measure:
    """The Vorschlag becomes a planned measure of the town, with whoever is responsible."""
    _check_decider(proposal, actor)
    check_owner(town=proposal.town, owner_user=owner_user, owner_role=owner_role)
    with transaction.atomic():
        current = _take_open(proposal)
        fields = _decided(
            current,
            actor,
            status=MeasureStatus.PLANNED,
            owner_user=owner_user,
            owner_role=owner_role,
            due_on=due_on,
        )
        current.save(update_fields=fields)
        audit(
            town=current.town,
            actor=actor,
            action="logbook.proposal.accepted",
            target=current.title,
            measure=current.pk,
        )
        notify_proposal_decided(proposal=current)
        if owner_user is not None and owner_user != actor:
            notify_responsible(measure=current)
    return current


def merge_targets(proposal: Measure) -> QuerySet[Measure]:
    """What a Vorschlag can be merged into: the town's other open Vorschläge and measures."""
    return (
        Measure.objects.in_town(proposal.town)
        .exclude(pk=proposal.pk)
        .exclude(status__in=[MeasureStatus.DECLINED, MeasureStatus.MERGED])
        .order_by("title", "pk")
    )


def proposal_merge(*, proposal: Measure, actor: User, target: Measure) -> Measure:
    """Merge a Vorschlag into another Vorschlag or measure that wants the same. Its supporters
    then support the target (if that is still open); comments stay where they were written."""
    _check_decider(proposal, actor)
    if target.town_id != proposal.town_id or target.pk == proposal.pk:
        raise MergeTargetInvalid
    with transaction.atomic():
        lock(proposal, target)
        current = _take_open(proposal)
        target = Measure.objects.get(pk=target.pk)
        if target.status in (MeasureStatus.DECLINED, MeasureStatus.MERGED):
            raise MergeTargetInvalid
        fields = _decided(current, actor, status=MeasureStatus.MERGED, merged_into=target)
        current.save(update_fields=fields)
        if target.status == MeasureStatus.PROPOSED:
            supporters = Support.objects.filter(measure=current).values_list("user_id", flat=True)
            Support.objects.bulk_create(
                [Support(town=target.town, measure=target, user_id=u) for u in supporters],
                ignore_conflicts=True,
            )
        audit(
            town=current.town,
            actor=actor,
            action="logbook.proposal.merged",
            target=current.title,
            measure=current.pk,
            into=target.pk,
        )
        notify_proposal_decided(proposal=current)
    return current


def proposal_decline(*, proposal: Measure, actor: User, reason: str) -> Measure:
    """Decline a Vorschlag; the reason is required and shown to the proposer."""
    _check_decider(proposal, actor)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    with transaction.atomic():
        current = _take_open(proposal)
        fields = _decided(current, actor, status=MeasureStatus.DECLINED, decision_reason=reason)
        current.save(update_fields=fields)
        audit(
            town=current.town,
            actor=actor,
            action="logbook.proposal.declined",
            target=current.title,
            measure=current.pk,
        )
        notify_proposal_decided(proposal=current)
    return current


def decider_set(*, town: Town, actor: User, person: User | None) -> None:
    """Name the person who decides on Vorschläge besides the coordinator (None: nobody)."""
    if person is not None:
        _check_member(town, person)
    with transaction.atomic():
        LogbookSettings.objects.update_or_create(town=town, defaults={"proposal_decider": person})
        audit(
            town=town,
            actor=actor,
            action="logbook.settings.updated",
            target=person.name if person is not None else "",
        )
