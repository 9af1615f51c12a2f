from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from logbuch.towns import errors, services
from logbuch.towns.models import AuditEntry, Membership, Role, User
from logbuch.towns.tests.factories import MembershipFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


def names_in(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


# --- The list ---------------------------------------------------------------------------------


def test_search_by_name_or_email(coordinator_client, town, make_member):
    make_member(town, Role.VOLUNTEER, name="Greta Gärtner", email="greta@example.org")
    make_member(town, Role.VOLUNTEER, name="Paul Post", email="briefkasten@example.org")
    url = town_url("towns:members", town)
    assert names_in(coordinator_client.get(url, {"suche": "gärt"})) == ["Greta Gärtner"]
    assert names_in(coordinator_client.get(url, {"suche": "BRIEFKASTEN"})) == ["Paul Post"]


def test_filter_by_role_counts_only_roles_in_this_town(
    coordinator_client, coordinator, town, other_town, make_member
):
    council = make_member(town, Role.COUNCIL, name="Rita Rat")
    make_member(town, Role.VOLUNTEER, name="Vera Volunteer")
    # A volunteer elsewhere who is only a resident here must not show up as volunteer.
    both = make_member(town, Role.RESIDENT, name="Otto Anderswo")
    MembershipFactory(town=other_town, user=both, role=Role.VOLUNTEER)
    url = town_url("towns:members", town)
    assert names_in(coordinator_client.get(url, {"rolle": "volunteer"})) == ["Vera Volunteer"]
    assert names_in(coordinator_client.get(url, {"rolle": "council"})) == [council.name]
    assert names_in(coordinator_client.get(url, {"rolle": "gibtsnicht"})) == []


def test_sort_by_name_and_by_joined(coordinator_client, coordinator, town, make_member):
    coordinator.name = "Mia Mitte"
    coordinator.save()
    b = make_member(town, Role.VOLUNTEER, name="Bert Bär")
    a = make_member(town, Role.VOLUNTEER, name="Zora Zuletzt")
    Membership.objects.filter(user=b).update(created_at=timezone.now() - timedelta(days=30))
    Membership.objects.filter(user=a).update(created_at=timezone.now() + timedelta(days=1))
    url = town_url("towns:members", town)
    assert names_in(coordinator_client.get(url)) == ["Bert Bär", "Mia Mitte", "Zora Zuletzt"]
    assert names_in(coordinator_client.get(url, {"sortierung": "-name"}))[0] == "Zora Zuletzt"
    assert names_in(coordinator_client.get(url, {"sortierung": "beigetreten"}))[0] == "Bert Bär"
    assert (
        names_in(coordinator_client.get(url, {"sortierung": "-beigetreten"}))[0] == "Zora Zuletzt"
    )


def test_sorting_by_a_field_not_on_the_allow_list_falls_back_to_name(
    coordinator_client, town, make_member
):
    make_member(town, Role.VOLUNTEER, name="Aaron A")
    response = coordinator_client.get(town_url("towns:members", town), {"sortierung": "password"})
    assert response.status_code == 200
    assert names_in(response)[0] == "Aaron A"


def test_paginates(coordinator_client, town, make_member):
    for i in range(30):
        make_member(town, Role.RESIDENT, name=f"Person {i:02d}")
    url = town_url("towns:members", town)
    assert len(names_in(coordinator_client.get(url))) == 25
    assert len(names_in(coordinator_client.get(url, {"seite": 2}))) == 6


def test_the_next_link_leads_to_the_next_page_keeping_the_filter(
    coordinator_client, town, make_member
):
    """The shared pagination once wrote href="??seite=2": "Weiter" stayed on page 1."""
    for i in range(30):
        make_member(town, Role.RESIDENT, name=f"Person {i:02d}")
    url = town_url("towns:members", town)
    text = coordinator_client.get(url, {"rolle": "resident"}).content.decode()
    href = re.search(r'href="([^"]*)">Weiter<', text)
    assert href, "no Weiter link"
    assert href.group(1) == "?rolle=resident&amp;seite=2"
    second = coordinator_client.get(url + html.unescape(href.group(1)))
    assert len(names_in(second)) == 5
    assert "Seite 2 von 2" in second.content.decode()
    back = re.search(r'href="([^"]*)">Zurück<', second.content.decode())
    assert back and back.group(1) == "?rolle=resident&amp;seite=1"


def test_the_filter_bar_marks_no_field_optional(coordinator_client, town):
    text = coordinator_client.get(town_url("towns:members", town)).content.decode()
    assert 'role="search"' in text or "filter-bar" in text
    assert "optional" not in text


def test_query_count_does_not_grow_with_people(
    coordinator_client, town, make_member, django_assert_max_num_queries
):
    url = town_url("towns:members", town)
    make_member(town, Role.VOLUNTEER, Role.RESIDENT, name="Helene Erste")
    with django_assert_max_num_queries(20) as one:
        response = coordinator_client.get(url, {"rolle": "volunteer", "suche": "e"})
    assert len(names_in(response)) == 1
    baseline = len(one.captured_queries)
    for i in range(14):
        make_member(town, Role.VOLUNTEER, Role.RESIDENT, name=f"Helene {i}")
    with django_assert_max_num_queries(baseline):
        response = coordinator_client.get(url, {"rolle": "volunteer", "suche": "e"})
    assert len(names_in(response)) == 15


def test_paper_member_shows_as_paper_only(coordinator_client, coordinator, town):
    services.member_create_paper(
        town=town, name="Pia Papier", roles=["resident"], actor=coordinator
    )
    response = coordinator_client.get(town_url("towns:members", town))
    assert "nur auf Papier" in response.text


# --- Paper-only members -----------------------------------------------------------------------


def test_coordinator_creates_a_paper_only_member(coordinator_client, town):
    response = coordinator_client.post(
        town_url("towns:member_new_paper", town),
        {"name": "Pia Papier", "roles": ["resident", "volunteer"]},
    )
    assert response.status_code == 302
    person = User.objects.get(name="Pia Papier")
    assert person.email is None
    assert not person.has_usable_password()
    assert set(
        Membership.objects.filter(user=person, town=town).values_list("role", flat=True)
    ) == {
        "resident",
        "volunteer",
    }
    assert AuditEntry.objects.filter(town=town, action="towns.member.added_on_paper").exists()


def test_several_paper_only_members_can_exist(coordinator, town):
    services.member_create_paper(town=town, name="Eins", roles=["resident"], actor=coordinator)
    services.member_create_paper(town=town, name="Zwei", roles=["resident"], actor=coordinator)
    assert User.objects.filter(email__isnull=True).count() == 2


def test_paper_member_needs_a_role(coordinator_client, town):
    response = coordinator_client.post(
        town_url("towns:member_new_paper", town), {"name": "Ohne Rolle"}
    )
    assert response.status_code == 200
    assert "mindestens eine Rolle" in response.text
    assert 'value="Ohne Rolle"' in response.text


# --- Changing roles ---------------------------------------------------------------------------


def test_coordinator_changes_roles_and_it_is_audited(coordinator_client, town, make_member):
    person = make_member(town, Role.VOLUNTEER)
    url = town_url("towns:member_roles", town, pk=person.pk)
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, {"roles": ["council", "business"]})
    assert response.status_code == 302
    assert set(
        Membership.objects.filter(user=person, town=town).values_list("role", flat=True)
    ) == {
        "council",
        "business",
    }
    entry = AuditEntry.objects.get(town=town, action="towns.roles.changed")
    assert entry.details == {"added": ["business", "council"], "removed": ["volunteer"]}


def test_a_coordinator_keeps_a_persons_town_admin_role_they_cannot_see(
    coordinator_client, town, make_member
):
    admin = make_member(town, Role.TOWN_ADMIN, Role.STAFF)
    coordinator_client.post(
        town_url("towns:member_roles", town, pk=admin.pk), {"roles": ["council"]}
    )
    assert set(Membership.objects.filter(user=admin).values_list("role", flat=True)) == {
        "town_admin",
        "council",
    }


def test_the_last_coordinator_cannot_drop_the_role(coordinator_client, coordinator, town):
    response = coordinator_client.post(
        town_url("towns:member_roles", town, pk=coordinator.pk), {"roles": ["volunteer"]}
    )
    assert response.status_code == 200
    assert "braucht mindestens eine Person" in response.text
    assert Membership.objects.filter(user=coordinator, role="coordinator").exists()


def test_a_coordinator_may_hand_over_and_step_down(coordinator, town, make_member):
    other = make_member(town, Role.COORDINATOR)
    services.membership_set_roles(town=town, user=coordinator, roles=["volunteer"], actor=other)
    assert not Membership.objects.filter(user=coordinator, role="coordinator").exists()
    with pytest.raises(errors.LastCoordinator):
        services.membership_remove(town=town, user=other, actor=other)


# --- Removing ---------------------------------------------------------------------------------


def test_remove_asks_first_then_ends_all_roles(coordinator_client, town, other_town, make_member):
    person = make_member(town, Role.VOLUNTEER, Role.RESIDENT)
    MembershipFactory(town=other_town, user=person, role=Role.COUNCIL)
    url = town_url("towns:member_remove", town, pk=person.pk)
    confirm = coordinator_client.get(url)
    assert confirm.status_code == 200
    assert "aus dem Ort entfernen?" in confirm.text
    assert Membership.objects.filter(user=person, town=town).count() == 2
    assert coordinator_client.post(url).status_code == 302
    assert not Membership.objects.filter(user=person, town=town).exists()
    assert Membership.objects.filter(user=person, town=other_town).exists()
    assert User.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(
        town=town, action="towns.member.removed", target=person.name
    ).exists()


def test_coordinator_cannot_remove_a_town_admin(coordinator_client, town, make_member):
    admin = make_member(town, Role.TOWN_ADMIN)
    coordinator_client.post(town_url("towns:member_remove", town, pk=admin.pk))
    assert Membership.objects.filter(user=admin).exists()


@pytest.mark.parametrize("name", ["towns:member_roles", "towns:member_remove"])
def test_person_of_another_town_gives_404(coordinator_client, town, other_town, make_member, name):
    stranger = make_member(other_town, Role.VOLUNTEER)
    url = town_url(name, town, pk=stranger.pk)
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {"roles": ["council"]}).status_code == 404
    assert list(Membership.objects.filter(user=stranger).values_list("town", "role")) == [
        (other_town.pk, "volunteer")
    ]


@pytest.mark.parametrize("name", ["towns:member_roles", "towns:member_remove"])
def test_volunteer_cannot_change_people(client_for, town, make_member, name):
    person = make_member(town, Role.VOLUNTEER)
    response = client_for(make_member(town, Role.VOLUNTEER)).post(
        town_url(name, town, pk=person.pk)
    )
    assert response.status_code == 403


# --- Leaving ----------------------------------------------------------------------------------


def test_member_leaves_after_confirming(client_for, town, other_town, make_member):
    person = make_member(town, Role.VOLUNTEER, Role.RESIDENT)
    MembershipFactory(town=other_town, user=person, role=Role.VOLUNTEER)
    client = client_for(person)
    url = town_url("towns:leave", town)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Musterstadt verlassen" in confirm.text
    assert Membership.objects.filter(user=person, town=town).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=person, town=town).exists()
    assert Membership.objects.filter(user=person, town=other_town).exists()
    assert AuditEntry.objects.filter(town=town, action="towns.member.left", actor=person).exists()
    assert client.get(town_url("towns:members", town)).status_code == 403


def test_only_members_can_open_the_leave_page(client_for, town, other_town, make_member):
    outsider = make_member(other_town, Role.VOLUNTEER)
    assert client_for(outsider).post(town_url("towns:leave", town)).status_code == 403
    assert Membership.objects.filter(user=outsider).exists()


def test_last_coordinator_cannot_leave(coordinator_client, coordinator, town):
    response = coordinator_client.post(town_url("towns:leave", town))
    assert response.status_code == 302
    assert Membership.objects.filter(user=coordinator, town=town).exists()
    assert "braucht mindestens eine Person" in coordinator_client.get(response["Location"]).text


def test_next_page_link_leads_to_page_two_and_keeps_the_filter(
    coordinator_client, town, make_member
):
    for i in range(30):
        make_member(town, Role.VOLUNTEER, name=f"Person {i:02}")
    url = town_url("towns:members", town)
    first = coordinator_client.get(url, {"rolle": "volunteer"}).content.decode()
    assert 'href="?rolle=volunteer&amp;seite=2"' in first
    assert "??" not in first
    second = coordinator_client.get(url, {"rolle": "volunteer", "seite": "2"})
    assert second.context["page"].number == 2
