"""Export and erasure cover the Daseinsvorsorge."""

from __future__ import annotations

import pytest

from logbuch.services import privacy
from logbuch.services.models import Responsibility, SignUp
from logbuch.services.services import calendar as calendar_services
from logbuch.towns.hooks import app_hook_modules

from .factories import HoursRecordFactory, ResponsibilityFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def test_the_hook_is_found():
    assert privacy in app_hook_modules("privacy")


def test_export_and_erase(town, bus, volunteer):
    SignUpFactory(town=town, user=volunteer)
    HoursRecordFactory(town=town, user=volunteer, service=bus)
    duty = ResponsibilityFactory(town=town, service=bus, holder=volunteer)
    calendar_services.feed_create(town=town, user=volunteer)
    data = privacy.export_user_data(volunteer)
    assert len(data["services_signups"]) == 1
    assert data["services_hours"][0]["minutes"] == 240
    assert data["services_responsibilities"][0]["as"] == "holder"
    assert "token" not in str(data["services_calendar_links"])
    privacy.erase_user_data(volunteer)
    assert not SignUp.objects.filter(user=volunteer).exists()
    assert Responsibility.objects.get(pk=duty.pk).holder is None
    assert not volunteer.service_feeds.exists()
