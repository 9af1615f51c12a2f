from __future__ import annotations

import pytest
from django.urls import reverse

from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db


def test_landing_page_lists_towns(client, town, other_town):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Musterstadt" in response.text
    assert "Beispieldorf" in response.text


def test_unknown_town_slug_gives_german_404_with_link_to_town_list(client, town):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diesen Ort gibt es hier nicht" in response.text
    assert f'href="{reverse("home")}"' in response.text


def test_member_of_town_a_is_refused_in_town_b(client_for, town, other_town, make_member):
    user = make_member(town, Role.COORDINATOR)
    response = client_for(user).get(reverse("towns:members", kwargs={"town_slug": other_town.slug}))
    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_login_for_member_pages(client, town):
    url = reverse("towns:members", kwargs={"town_slug": town.slug})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_volunteer_cannot_open_coordinator_pages(client_for, town, make_member):
    user = make_member(town, Role.VOLUNTEER)
    response = client_for(user).get(reverse("towns:members", kwargs={"town_slug": town.slug}))
    assert response.status_code == 403


def test_coordinator_sees_people_of_own_town_only(client_for, town, other_town, make_member):
    coordinator = make_member(town, Role.COORDINATOR, name="Anna Koordinatorin")
    make_member(other_town, Role.VOLUNTEER, name="Bernd Fremder")
    response = client_for(coordinator).get(
        reverse("towns:members", kwargs={"town_slug": town.slug})
    )
    assert response.status_code == 200
    assert "Anna Koordinatorin" in response.text
    assert "Bernd Fremder" not in response.text
