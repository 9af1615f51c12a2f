"""Writes for Forderungen (`Demand`): what the town asks of Land, Bund or a funding body on
the guide's higher-level Stellschrauben ("Ermöglichung durch übergeordnete Ebenen").

A town cannot change Land funding rules itself, so these Stellschrauben lead to a Forderung
instead of a local Maßnahme. Each function checks what it links, writes in one transaction and
appends an audit line.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..errors import AnswerBeforeSending, NotHigherLevel, NotInTown
from ..models import Demand, Lever, Round


def _check(
    *, town: Town, lever: Lever, sent_on: datetime.date | None, answered_on: datetime.date | None
) -> None:
    if not Lever.objects.visible_to(town).filter(pk=lever.pk).exists():
        raise NotInTown
    if not lever.is_higher_level:
        raise NotHigherLevel
    if answered_on is not None and (sent_on is None or answered_on < sent_on):
        raise AnswerBeforeSending


def demand_create(
    *,
    town: Town,
    actor: User,
    lever: Lever,
    text: str,
    addressee: str,
    sent_on: datetime.date | None = None,
    answered_on: datetime.date | None = None,
    answer: str = "",
    round_: Round | None = None,
) -> Demand:
    """A new Forderung on a higher-level Stellschraube, optionally from the round it came
    from."""
    _check(town=town, lever=lever, sent_on=sent_on, answered_on=answered_on)
    if round_ is not None and round_.town_id != town.pk:
        raise NotInTown
    with transaction.atomic():
        demand = Demand.objects.create(
            town=town,
            lever=lever,
            round=round_,
            text=text,
            addressee=addressee.strip(),
            sent_on=sent_on,
            answered_on=answered_on,
            answer=answer,
            created_by=actor,
        )
        audit(
            town=town,
            actor=actor,
            action="logbook.demand.created",
            target=demand.addressee,
            demand=demand.pk,
            lever=lever.pk,
        )
    return demand


DEMAND_EDITABLE = ("lever", "text", "addressee", "sent_on", "answered_on", "answer")


def demand_update(
    *,
    demand: Demand,
    actor: User,
    lever: Lever,
    text: str,
    addressee: str,
    sent_on: datetime.date | None,
    answered_on: datetime.date | None,
    answer: str,
) -> Demand:
    """Change a Forderung (e.g. record that it was sent, or the answer); the audit line names
    the fields that changed."""
    town = demand.town
    _check(town=town, lever=lever, sent_on=sent_on, answered_on=answered_on)
    new = {
        "lever": lever,
        "text": text,
        "addressee": addressee.strip(),
        "sent_on": sent_on,
        "answered_on": answered_on,
        "answer": answer,
    }
    changed = [name for name, value in new.items() if getattr(demand, name) != value]
    if not changed:
        return demand
    with transaction.atomic():
        for name in changed:
            setattr(demand, name, new[name])
        demand.save(update_fields=changed)
        audit(
            town=town,
            actor=actor,
            action="logbook.demand.updated",
            target=demand.addressee,
            demand=demand.pk,
            fields=changed,
        )
    return demand
