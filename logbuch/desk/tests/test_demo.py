"""The demo builds a realistic Anlaufstelle and is idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from logbuch.desk.demo import build_demo
from logbuch.desk.models import Concern, ConcernStatus, ContactPerson, Slot
from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db


def test_demo_builds_concerns_slots_and_contacts_once(town, make_member):
    people = {
        "coordinator": [make_member(town, Role.COORDINATOR)],
        "staff": [make_member(town, Role.STAFF)],
    }
    build_demo(town=town, people=people)
    build_demo(town=town, people=people)
    assert Concern.objects.in_town(town).count() == 10
    assert (
        Concern.objects.in_town(town).filter(is_public=True, status=ConcernStatus.DONE).count() == 3
    )
    assert Slot.objects.in_town(town).exists()
    assert ContactPerson.objects.in_town(town).count() == 3
    call_command("desk_daily")
