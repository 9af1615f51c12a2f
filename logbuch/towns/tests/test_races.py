"""Races on PostgreSQL: single-use invitations and the last coordinator, with real threads.

Each test has a control case that takes the real protection out of the real service (the
accepting UPDATE's condition, the town row lock) and shows the invariant then breaks.
"""

from __future__ import annotations

import threading

import pytest
from django.db.models import Q

from logbuch.core.tests.races import no_lock, race
from logbuch.towns import errors, services
from logbuch.towns.models import AuditEntry, Membership, Role, Town, User
from logbuch.towns.services import invitation_token_hash
from logbuch.towns.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    TownFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLICKS = 6


def _accept_in_many_browsers():
    town = TownFactory(slug="rennstadt")
    invitation = InvitationFactory(
        town=town, token_hash=invitation_token_hash("t"), roles=[Role.COUNCIL.value]
    )
    # The addressee clicks in several browsers at once (only they may accept).
    person = UserFactory(email=invitation.email)
    result = race(
        lambda i: services.invitation_accept(invitation=invitation, user=person),
        CLICKS,
        refusals=(errors.InvitationNotUsable,),
    )
    assert not result.crashed
    accepted = AuditEntry.objects.filter(town=town, action="towns.invitation.accepted").count()
    return result, accepted, town


def test_an_invitation_is_used_exactly_once_when_clicked_at_once():
    result, accepted, town = _accept_in_many_browsers()
    assert len(result.succeeded) == 1
    assert len(result.refused) == CLICKS - 1
    assert accepted == 1
    assert Membership.objects.filter(town=town, role=Role.COUNCIL).count() == 1


def test_control_without_the_update_condition_the_invitation_is_used_again(monkeypatch):
    monkeypatch.setattr(services, "_still_open", Q)  # Q() holds no condition
    result, accepted, _town = _accept_in_many_browsers()
    assert len(result.succeeded) == CLICKS
    assert accepted == CLICKS


def _two_coordinators() -> tuple[Town, User, User]:
    town = TownFactory(slug="rennstadt")
    a, b = UserFactory(), UserFactory()
    MembershipFactory(town=town, user=a, role=Role.COORDINATOR)
    MembershipFactory(town=town, user=b, role=Role.COORDINATOR)
    return town, a, b


def _remove_each_other(town: Town, a: User, b: User):
    pairs = [(b, a), (a, b)]  # (removed, by whom)
    return race(
        lambda i: services.membership_remove(town=town, user=pairs[i][0], actor=pairs[i][1]),
        2,
        refusals=(errors.LastCoordinator,),
    )


def test_two_coordinators_cannot_remove_each_other_at_once():
    town, a, b = _two_coordinators()
    result = _remove_each_other(town, a, b)
    assert not result.crashed
    assert (len(result.succeeded), len(result.refused)) == (1, 1)
    assert Membership.objects.filter(town=town, role=Role.COORDINATOR).count() == 1


def test_control_without_the_town_lock_both_removals_succeed(monkeypatch):
    """With the lock patched out and both checks done before either write, the town ends up
    without any coordinator: the race the lock prevents."""
    town, a, b = _two_coordinators()
    both_checked = threading.Barrier(2)
    real_check = services._check_stewards_remain

    def check_then_wait(**kwargs):
        real_check(**kwargs)
        both_checked.wait(timeout=10)

    monkeypatch.setattr(services, "lock", no_lock)
    monkeypatch.setattr(services, "_check_stewards_remain", check_then_wait)
    result = _remove_each_other(town, a, b)
    assert not result.crashed
    assert len(result.succeeded) == 2
    assert Membership.objects.filter(town=town, role=Role.COORDINATOR).count() == 0
