from __future__ import annotations

import pytest

from logbuch.towns.models import Role
from logbuch.towns.tests.factories import AuditEntryFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


def test_town_admin_reads_the_log_of_their_town_only(client_for, town_admin, town, other_town):
    AuditEntryFactory(town=town, action="towns.roles.changed", target="Hier")
    AuditEntryFactory(town=other_town, action="towns.roles.changed", target="Anderswo")
    response = client_for(town_admin).get(town_url("towns:audit", town))
    assert response.status_code == 200
    assert "Hier" in response.text
    assert "Anderswo" not in response.text
    assert "Rollen geändert" in response.text


def test_coordinator_without_town_admin_role_cannot_read_the_log(coordinator_client, town):
    assert coordinator_client.get(town_url("towns:audit", town)).status_code == 403


def test_filter_by_action(client_for, town_admin, town):
    AuditEntryFactory(town=town, action="towns.member.removed", target="Entfernt")
    AuditEntryFactory(town=town, action="towns.invitation.sent", target="Eingeladen")
    client = client_for(town_admin)
    response = client.get(town_url("towns:audit", town), {"aktion": "towns.member.removed"})
    targets = [e.target for e in response.context["page"].object_list]
    assert targets == ["Entfernt"]
    assert '<option value="towns.member.removed" selected>' in response.text
    assert "Einladung verschickt" in response.text  # offered as a filter choice


def test_unknown_action_filter_gives_an_empty_list(client_for, town_admin, town):
    AuditEntryFactory(town=town, action="towns.member.removed")
    response = client_for(town_admin).get(town_url("towns:audit", town), {"aktion": "x' OR 1=1"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_paginates_50_per_page(client_for, town_admin, town):
    AuditEntryFactory.create_batch(55, town=town)
    client = client_for(town_admin)
    assert len(client.get(town_url("towns:audit", town)).context["page"].object_list) == 50
    assert (
        len(client.get(town_url("towns:audit", town), {"seite": 2}).context["page"].object_list)
        == 5
    )


def test_query_count_is_constant(client_for, town, make_member, django_assert_max_num_queries):
    admin = make_member(town, Role.TOWN_ADMIN)
    client = client_for(admin)
    AuditEntryFactory(town=town, actor=admin)
    with django_assert_max_num_queries(20) as one:
        client.get(town_url("towns:audit", town))
    for i in range(15):
        AuditEntryFactory(town=town, actor=make_member(town, Role.VOLUNTEER), action=f"a{i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(town_url("towns:audit", town))
    assert len(response.context["page"].object_list) == 16
