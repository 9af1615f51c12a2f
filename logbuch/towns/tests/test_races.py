"""Races on PostgreSQL: single-use invitations and the last coordinator, with real threads."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import close_old_connections

from logbuch.towns import errors, services
from logbuch.towns.models import Membership, Role
from logbuch.towns.services import invitation_token_hash
from logbuch.towns.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    TownFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*actions: Callable[[], None]) -> list[BaseException | None]:
    """Start all actions at the same moment; return each one's exception (or None)."""
    barrier = threading.Barrier(len(actions))
    results: list[BaseException | None] = [None] * len(actions)

    def runner(i: int, action: Callable[[], None]) -> None:
        try:
            barrier.wait()
            action()
        except BaseException as exc:
            results[i] = exc
        finally:
            close_old_connections()

    threads = [threading.Thread(target=runner, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_an_invitation_is_used_exactly_once_when_clicked_twice_at_once():
    town = TownFactory(slug="rennstadt")
    invitation = InvitationFactory(
        town=town, token_hash=invitation_token_hash("t"), roles=[Role.COUNCIL.value]
    )
    # The addressee clicks in two browsers at once (only they may accept).
    person = UserFactory(email=invitation.email)
    results = run_together(
        lambda: services.invitation_accept(invitation=invitation, user=person),
        lambda: services.invitation_accept(invitation=invitation, user=person),
    )
    assert sorted(type(r).__name__ for r in results) == ["InvitationNotUsable", "NoneType"]
    assert Membership.objects.filter(town=town, role=Role.COUNCIL).count() == 1


def test_two_coordinators_cannot_remove_each_other_at_once():
    town = TownFactory(slug="rennstadt")
    a, b = UserFactory(), UserFactory()
    MembershipFactory(town=town, user=a, role=Role.COORDINATOR)
    MembershipFactory(town=town, user=b, role=Role.COORDINATOR)
    results = run_together(
        lambda: services.membership_remove(town=town, user=b, actor=a),
        lambda: services.membership_remove(town=town, user=a, actor=b),
    )
    assert sum(isinstance(r, errors.LastCoordinator) for r in results) == 1
    assert Membership.objects.filter(town=town, role=Role.COORDINATOR).count() == 1


def test_control_without_the_town_lock_both_removals_succeed(monkeypatch):
    """The control case: with the lock disabled and both checks done before either write, the
    town ends up without any coordinator. This is the race the lock prevents."""
    town = TownFactory(slug="rennstadt")
    a, b = UserFactory(), UserFactory()
    MembershipFactory(town=town, user=a, role=Role.COORDINATOR)
    MembershipFactory(town=town, user=b, role=Role.COORDINATOR)
    both_checked = threading.Barrier(2)
    real_check = services._check_stewards_remain

    def check_then_wait(**kwargs):
        real_check(**kwargs)
        both_checked.wait(timeout=10)

    monkeypatch.setattr(services, "_lock_town", lambda town: None)
    monkeypatch.setattr(services, "_check_stewards_remain", check_then_wait)
    results = run_together(
        lambda: services.membership_remove(town=town, user=b, actor=a),
        lambda: services.membership_remove(town=town, user=a, actor=b),
    )
    assert results == [None, None]
    assert Membership.objects.filter(town=town, role=Role.COORDINATOR).count() == 0
