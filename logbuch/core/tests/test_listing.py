from __future__ import annotations

import pytest
from django.test import RequestFactory

from logbuch.core.listing import filter_queryset, search_queryset, sort_queryset
from logbuch.towns.models import Membership, Role
from logbuch.towns.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ALLOWED_SORT = {"rolle": "role", "seit": "created_at"}
ALLOWED_FILTER = {"rolle": "role", "person": "user_id", "seit": "created_at__date"}


def get(query: str):
    return RequestFactory().get(f"/?{query}")


def test_sort_ignores_fields_outside_the_allow_list(town):
    qs = Membership.objects.in_town(town)
    _, used = sort_queryset(
        qs, get("sortierung=-user__password"), allowed=ALLOWED_SORT, default="rolle"
    )
    assert used == "rolle"
    ordered, used = sort_queryset(
        qs, get("sortierung=-seit"), allowed=ALLOWED_SORT, default="rolle"
    )
    assert used == "-seit"
    assert ordered.query.order_by == ("-created_at", "pk")


def test_filter_uses_only_allow_listed_keys(town):
    MembershipFactory(town=town, role=Role.STAFF)
    MembershipFactory(town=town, role=Role.VOLUNTEER)
    qs, active = filter_queryset(
        Membership.objects.in_town(town), get("rolle=staff&user__email=x"), allowed=ALLOWED_FILTER
    )
    assert active == {"rolle": "staff"}
    assert [m.role for m in qs] == ["staff"]


@pytest.mark.parametrize("query", ["person=abc", "seit=31.02.2026", "person=1.5"])
def test_filter_value_the_field_cannot_hold_matches_nothing(town, query):
    MembershipFactory(town=town)
    qs, active = filter_queryset(
        Membership.objects.in_town(town), get(query), allowed=ALLOWED_FILTER
    )
    assert list(qs) == []
    assert active


def test_search_is_case_insensitive(town):
    MembershipFactory(town=town, user__name="Grete Müller")
    MembershipFactory(town=town, user__name="Hans Meier")
    qs, term = search_queryset(
        Membership.objects.in_town(town), get("suche=GRETE"), fields=["user__name"]
    )
    assert term == "GRETE"
    assert [m.user.name for m in qs] == ["Grete Müller"]
