"""The town's own list of Räume, Verbündete and Akteure, filled from list answers."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from logbuch.towns.audit import audit
from logbuch.towns.models import User

from .. import errors
from ..models import TOWN_LIST_KINDS, Lever, Round, TownListEntry
from ..selectors.list_answers import list_entries
from ..selectors.results import round_results


def town_list_carry(
    *, round_: Round, lever: Lever, kind: str, key: str, actor: User
) -> tuple[TownListEntry, bool]:
    """Carry one merged entry of a list answer into the town's list; returns (entry, created).

    Only an entry the results page shows may be carried (closed round, groups with at least
    three answers): the service recomputes the shown entries instead of trusting the form, so
    a guessed text of a hidden group gets the same refusal as one nobody named. Carrying the
    same entry twice keeps one (`logbook_townlistentry_once`) and says so.
    """
    if kind not in TOWN_LIST_KINDS or kind not in lever.list_kinds:
        raise errors.ListKindNotCarried
    results = round_results(round_, trend_rounds=1)
    result = results.by_lever.get(lever.pk)
    if result is None:
        raise errors.ListEntryNotShown
    shown = list_entries(round_, {lever.pk: result}, {lever.pk: list(lever.list_kinds)})
    merged = next(
        (
            e
            for k, _heading, entries in shown[lever.pk].kinds
            if k == kind
            for e in entries
            if e.key == key
        ),
        None,
    )
    if merged is None:
        raise errors.ListEntryNotShown
    town = round_.town
    existing = TownListEntry.objects.in_town(town).filter(kind=kind, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            entry = TownListEntry.objects.create(
                town=town,
                kind=kind,
                name=merged.text,
                key=key,
                lever=lever,
                round=round_,
                added_by=actor,
            )
            audit(
                town=town,
                actor=actor,
                action="logbook.town_list.carried",
                target=merged.text,
                kind=kind,
                lever=lever.code or lever.pk,
            )
    except IntegrityError:  # carried by someone else at the same moment
        return TownListEntry.objects.in_town(town).get(kind=kind, key=key), False
    return entry, True
