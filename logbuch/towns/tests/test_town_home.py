from __future__ import annotations

import pytest

from logbuch.towns.models import Role
from logbuch.towns.tests.factories import InvitationFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


def test_coordinator_sees_what_waits(coordinator_client, town, other_town, make_member):
    InvitationFactory.create_batch(3, town=town)
    InvitationFactory(town=other_town)
    make_member(town, Role.VOLUNTEER)
    response = coordinator_client.get(town_url("towns:home", town))
    assert response.status_code == 200
    assert "Was wartet" in response.text
    assert response.context["open_invitations"] == 3
    counts = {value: n for value, _label, n in response.context["role_counts"]}
    assert counts["volunteer"] == 1 and counts["coordinator"] == 1
    assert town_url("towns:invitation_new", town) in response.text
    assert town_url("towns:members", town) in response.text


def test_volunteer_sees_no_coordinator_dashboard(client_for, town, make_member):
    response = client_for(make_member(town, Role.VOLUNTEER)).get(town_url("towns:home", town))
    assert "Was wartet" not in response.text
    assert town_url("towns:leave", town) in response.text


def test_anonymous_visitor_sees_the_public_start_page(client, town):
    response = client.get(town_url("towns:home", town))
    assert response.status_code == 200
    assert "Anmelden" in response.text
    assert "Was wartet" not in response.text


def test_dashboard_query_count_does_not_grow(
    coordinator_client, town, make_member, django_assert_max_num_queries
):
    InvitationFactory(town=town)
    make_member(town, Role.VOLUNTEER)
    url = town_url("towns:home", town)
    with django_assert_max_num_queries(25) as one:
        coordinator_client.get(url)
    InvitationFactory.create_batch(15, town=town)
    for _ in range(15):
        make_member(town, Role.VOLUNTEER, Role.RESIDENT)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coordinator_client.get(url)
    assert response.context["open_invitations"] == 16


def test_dashboard_takes_the_cached_path(coordinator_client, town, django_assert_max_num_queries):
    """Counts and the apps' panels are cached: a repeated start page reads the session (and
    the town) only, not a table of any app."""
    url = town_url("towns:home", town)
    coordinator_client.get(url)
    with django_assert_max_num_queries(2):
        response = coordinator_client.get(url)
    assert "Was wartet" in response.text
