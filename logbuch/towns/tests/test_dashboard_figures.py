"""The dashboard's figures are cached, yet always follow the data (people_version, expiry)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from logbuch.towns import selectors, services
from logbuch.towns.models import Invitation, Role, Town, User
from logbuch.towns.tests.factories import InvitationFactory, UserFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


def _figures(client, town: Town) -> tuple[dict[str, int], int]:
    response = client.get(town_url("towns:home", town))
    assert response.status_code == 200
    counts = {value: n for value, _label, n in response.context["role_counts"]}
    return counts, response.context["open_invitations"]


def _fresh(town: Town) -> Town:
    return Town.objects.get(pk=town.pk)


def test_figures_follow_every_change_of_people(coordinator_client, coordinator, town, make_member):
    counts, invitations = _figures(coordinator_client, town)
    assert (counts["volunteer"], invitations) == (0, 0)

    invitation = services.invitation_create(
        town=town, email="neu@example.org", roles=[Role.VOLUNTEER], actor=coordinator, base_url=""
    )
    assert _figures(coordinator_client, town)[1] == 1

    person = UserFactory(email="neu@example.org")
    services.invitation_accept(invitation=invitation, user=person)
    counts, invitations = _figures(coordinator_client, town)
    assert (counts["volunteer"], invitations) == (1, 0)

    services.membership_set_roles(
        town=_fresh(town), user=person, roles=[Role.RESIDENT], actor=coordinator
    )
    counts, _ = _figures(coordinator_client, town)
    assert (counts["volunteer"], counts["resident"]) == (0, 1)

    services.membership_grant(town=_fresh(town), user=person, roles=[Role.BUSINESS])
    assert _figures(coordinator_client, town)[0]["business"] == 1

    services.member_create_paper(
        town=_fresh(town), name="Erna Papier", roles=[Role.VOLUNTEER], actor=coordinator
    )
    assert _figures(coordinator_client, town)[0]["volunteer"] == 1

    services.membership_remove(town=_fresh(town), user=person, actor=coordinator)
    counts, _ = _figures(coordinator_client, town)
    assert (counts["resident"], counts["business"]) == (0, 0)

    leaver = make_member(town, Role.STAFF)
    assert _figures(coordinator_client, town)[0]["staff"] == 1
    services.membership_leave(town=_fresh(town), user=leaver)
    assert _figures(coordinator_client, town)[0]["staff"] == 0

    other = services.invitation_create(
        town=_fresh(town),
        email="zwei@example.org",
        roles=[Role.STAFF],
        actor=coordinator,
        base_url="",
    )
    assert _figures(coordinator_client, town)[1] == 1
    services.invitation_revoke(invitation=other, actor=coordinator)
    assert _figures(coordinator_client, town)[1] == 0

    erased = make_member(town, Role.COUNCIL)
    assert _figures(coordinator_client, town)[0]["council"] == 1
    services.user_erase(user=User.objects.get(pk=erased.pk))
    assert _figures(coordinator_client, town)[0]["council"] == 0


def test_open_invitations_drop_when_one_expires(coordinator_client, town, monkeypatch):
    soon = timezone.now() + timedelta(minutes=2)
    InvitationFactory(town=town, expires_at=soon)
    InvitationFactory(town=town, expires_at=soon + timedelta(days=3))
    assert _figures(coordinator_client, town)[1] == 2
    later = soon + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert _figures(coordinator_client, town)[1] == 1


def test_figures_are_cached_per_town_and_version(town, other_town, make_member):
    make_member(town, Role.VOLUNTEER)
    town = _fresh(town)
    assert selectors.steward_counts(town=town)[0]["volunteer"] == 1
    Invitation.objects.filter(town=town).delete()  # nothing to change: still the same figures
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as queries:
        assert selectors.steward_counts(town=town)[0]["volunteer"] == 1
    assert len(queries) == 0
    assert selectors.steward_counts(town=_fresh(other_town))[0].get("volunteer", 0) == 0
