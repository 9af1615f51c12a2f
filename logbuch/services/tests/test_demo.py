"""The demo builds a Bürgerbus and a Dorfladen, idempotently, in the given town only."""

from __future__ import annotations

import pytest

from logbuch.services import demo
from logbuch.services.models import Responsibility, Service, ServiceRequest, Shift, SignUp
from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db


def test_demo_builds_bus_and_shop_once(town, other_town, make_member):
    people = {
        "coordinator": [make_member(town, Role.COORDINATOR)],
        "staff": [make_member(town, Role.STAFF)],
        "volunteer": [make_member(town, Role.VOLUNTEER) for _ in range(10)],
    }
    demo.build_demo(town=town, people=people)
    counts = (Shift.objects.count(), SignUp.objects.count(), ServiceRequest.objects.count())
    demo.build_demo(town=town, people=people)
    assert (Shift.objects.count(), SignUp.objects.count(), ServiceRequest.objects.count()) == counts
    assert set(Service.objects.in_town(town).values_list("slug", flat=True)) == {
        "buergerbus",
        "dorfladen",
    }
    assert Responsibility.objects.in_town(town).filter(holder__isnull=True).exists()
    assert counts[1] > 20 and counts[2] == 2
    assert not Service.objects.in_town(other_town).exists()
