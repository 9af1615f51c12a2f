"""The demo builds a Bürgerbus and a Dorfladen, idempotently, in the given town only."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


def test_demo_coverage_page_warns_that_the_bus_hangs_on_few_people(town, make_member, client_for):
    coordinator = make_member(town, Role.COORDINATOR)
    people = {
        "coordinator": [coordinator],
        "staff": [make_member(town, Role.STAFF)],
        "volunteer": [make_member(town, Role.VOLUNTEER) for _ in range(10)],
    }
    demo.build_demo(town=town, people=people)
    page = client_for(coordinator).get(
        reverse("services:coverage", kwargs={"town_slug": town.slug})
    )
    warning = page.text.split("kern-alert--warning", 1)[1].split("</div>", 1)[0]
    assert "Bürgerbus hängt an" in warning
    # The warning comes before the heat map, where the coordinator looks first.
    assert page.text.index("kern-alert--warning") < page.text.index("heatmap")
