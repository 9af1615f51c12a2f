"""Who may do what with Vorschläge, measures and logbook entries: each rule in one place.

The guide wants the coordinator to *enable*, not to decide everything: every member proposes,
supports, comments and writes logbook drafts; the coordinator — or one person the town names
in its logbook settings — decides on Vorschläge; whoever is responsible for a measure updates
its status and progress.
"""

from __future__ import annotations

from collections.abc import Set

from logbuch.towns.http import is_coordinator
from logbuch.towns.models import Membership, Town, User

from .models import JournalEntry, JournalStatus, LogbookSettings, Measure


def roles_in(town: Town, user: User) -> frozenset[str]:
    """The person's roles in the town (for services, which get no request)."""
    return frozenset(
        Membership.objects.in_town(town).filter(user=user).values_list("role", flat=True)
    )


def may_decide_proposals(*, town: Town, user: User, roles: Set[str] | None = None) -> bool:
    """Accept, merge or decline a Vorschlag: the coordinator (or town admin), or the person the
    town named in its logbook settings, as long as that person is still a member."""
    roles = roles_in(town, user) if roles is None else roles
    if is_coordinator(roles):
        return True
    return bool(roles) and (
        LogbookSettings.objects.in_town(town).filter(proposal_decider=user).exists()
    )


def may_update_measure(*, measure: Measure, user: User, roles: Set[str]) -> bool:
    """Status and progress notes: coordinators, and whoever is responsible (the person or a
    holder of the role)."""
    if is_coordinator(roles):
        return True
    return measure.owner_user_id == user.pk or (
        bool(measure.owner_role) and measure.owner_role in roles
    )


def may_publish_journal(roles: Set[str]) -> bool:
    """Members write drafts; the coordinator publishes them."""
    return is_coordinator(roles)


def may_edit_entry(*, entry: JournalEntry, user: User, roles: Set[str]) -> bool:
    """The coordinator changes any entry; its author changes it only while it is a draft."""
    return may_publish_journal(roles) or (
        entry.status == JournalStatus.DRAFT and entry.author_id == user.pk
    )
