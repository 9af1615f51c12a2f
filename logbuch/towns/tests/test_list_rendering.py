"""The members page and the audit log use the shared filter bar: with htmx a filter, a sort or
a page link reloads only the list (the template's `results` partial); without it, the page."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertInHTML

from logbuch.core.tests.html import links_swapped_into_the_list
from logbuch.towns.models import Role
from logbuch.towns.tests.factories import AuditEntryFactory
from logbuch.towns.tests.helpers import town_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "query"),
    [("towns:members", "?rolle=volunteer"), ("towns:audit", "?aktion=towns.roles.changed")],
)
def test_the_whole_page_loads_htmx_and_an_htmx_request_gets_the_list_only(
    client_for, town, make_member, name, query
):
    admin = make_member(town, Role.TOWN_ADMIN, Role.COORDINATOR)
    make_member(town, Role.VOLUNTEER, name="Greta Gärtner")
    AuditEntryFactory(town=town, action="towns.roles.changed", target="Greta Gärtner")
    client = client_for(admin)
    page = client.get(town_url(name, town) + query)
    assert "<html" in page.text and "htmx.min.js" in page.text
    assert 'hx-get="' in page.text and 'id="liste"' in page.text and "<form" in page.text
    assert 'id="treffer"' in page.text and "hx-swap-oob" not in page.text

    part = client.get(town_url(name, town) + query, headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and "<form" not in part.text
    assert part.text.lstrip().startswith('<div id="liste"')
    assert "Greta Gärtner" in part.text
    assert links_swapped_into_the_list(part.text) == []
    assert 'hx-swap-oob="innerHTML:#treffer"' in part.text
    assert "HX-Request" in part["Vary"]

    restore = client.get(
        town_url(name, town) + query,
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_the_audit_filter_is_a_django_select_with_the_active_choice(client_for, town_admin, town):
    AuditEntryFactory(town=town, action="towns.member.removed")
    text = (
        client_for(town_admin)
        .get(town_url("towns:audit", town), {"aktion": "towns.member.removed"})
        .text
    )
    assertInHTML('<label class="kern-label" for="f-aktion">Was</label>', text)
    assertInHTML('<option value="">Alle Schritte</option>', text)
    assert "Alle zeigen" in text  # a filter is on: the way back to the whole log
