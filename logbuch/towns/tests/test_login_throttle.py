"""Login throttling: per client address (axes, behind the proxy) and per account (slow, no lock).

Findings of the attack run: the lockout counted the typed spelling of the address, keyed on
the proxy's address (so anyone could lock anyone out, and spraying was never slowed).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from logbuch.towns import throttle
from logbuch.towns.models import Role
from logbuch.towns.tests.helpers import login

pytestmark = pytest.mark.django_db
EMAIL = "uwe.schmitt@musterstadt.example"


def spellings(n):
    variants = [EMAIL, EMAIL.upper(), f"  {EMAIL} ", "Uwe.Schmitt@Musterstadt.example"]
    return [variants[i % len(variants)] for i in range(n)]


@pytest.fixture(autouse=True)
def _cache_follows_the_travelled_clock(settings):
    """time_machine moves Python's clock, not Redis's (REDIS_URL): waits expire in memory."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    caches["default"].clear()


@pytest.fixture
def uwe(town, make_member):
    return make_member(town, Role.VOLUNTEER, email=EMAIL)


def test_other_spellings_of_the_address_count_for_the_same_account(client, uwe):
    """40 wrong passwords in ever new spellings: slowed after a few, right one refused too."""
    statuses = [
        login(client, spelling, password=f"falsch-{i}").status_code
        for i, spelling in enumerate(spellings(40))
    ]
    assert statuses == [200] * 40
    assert AccessAttempt.objects.get().failures_since_start == (
        throttle.ACCOUNT_FAILURES_BEFORE_WAIT
    )
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {EMAIL}
    response = login(client, "Uwe.Schmitt@musterstadt.example")
    assert "Bitte warten Sie" in response.text
    assert "_auth_user_id" not in client.session


def test_after_failures_the_account_must_wait_whatever_the_address_and_spelling(client, uwe):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i, spelling in enumerate(spellings(throttle.ACCOUNT_FAILURES_BEFORE_WAIT)):
            login(client, spelling, password=f"falsch-{i}", client_address=f"198.51.100.{i}")
        # Right password, new address, new spelling: refused without checking the password.
        response = login(client, "UWE.schmitt@musterstadt.example", client_address="203.0.113.9")
        assert response.status_code == 200
        assert "Bitte warten Sie 15 Sekunden" in response.text
        assert 'value="UWE.schmitt@musterstadt.example"' in response.text
        assert "_auth_user_id" not in client.session
        traveller.shift(timedelta(seconds=16))
        assert login(client, EMAIL, client_address="203.0.113.9").status_code == 302
    assert "_auth_user_id" in client.session


def test_the_wait_grows_with_further_failures_but_never_locks(client, uwe):
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i in range(throttle.ACCOUNT_FAILURES_BEFORE_WAIT + 6):
            login(client, EMAIL, password=f"falsch-{i}", client_address=f"198.51.100.{i}")
            waits.append(throttle.login_wait_seconds(EMAIL))
            traveller.shift(timedelta(seconds=waits[-1]))
    assert waits[: throttle.ACCOUNT_FAILURES_BEFORE_WAIT - 1] == [0] * 4
    assert waits[4:] == [15, 30, 60, 120, 240, 300, 300]


def test_an_attacker_behind_the_proxy_cannot_lock_out_the_person(client, uwe):
    """Everyone arrives from nginx's address; the client address comes from X-Forwarded-For."""
    with (
        override_settings(NUM_PROXIES=1),
        time_machine.travel(timezone.now(), tick=False) as traveller,
    ):
        for i in range(30):
            login(client, EMAIL, password=f"falsch-{i}", client_address="192.0.2.66")
            traveller.shift(timedelta(seconds=1))
        traveller.shift(timedelta(seconds=throttle.MAX_WAIT_SECONDS))
        response = login(client, EMAIL, client_address="203.0.113.7")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_spraying_one_password_over_many_accounts_is_locked_per_address(client, town, make_member):
    for i in range(25):
        make_member(town, Role.VOLUNTEER, email=f"person{i}@musterstadt.example")
    with override_settings(NUM_PROXIES=1):
        statuses = [
            login(
                client, f"person{i}@musterstadt.example", "Sommer2026!", client_address="192.0.2.66"
            ).status_code
            for i in range(25)
        ]
        other_client = login(client, "person0@musterstadt.example", client_address="192.0.2.7")
    assert statuses.index(429) == settings.AXES_FAILURE_LIMIT - 1
    assert other_client.status_code == 302


def test_forwarded_for_is_ignored_without_a_configured_proxy(client, town, make_member):
    """Without NUM_PROXIES a client could name any address it likes in the header."""
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit):
        make_member(town, Role.VOLUNTEER, email=f"person{i}@musterstadt.example")
    statuses = [
        client.post(
            reverse("accounts:login"),
            {"username": f"person{i}@musterstadt.example", "password": "falsch"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        ).status_code
        for i in range(limit)
    ]
    assert statuses[-1] == 429


def test_a_successful_login_clears_the_accounts_failures(client, uwe):
    for i in range(throttle.ACCOUNT_FAILURES_BEFORE_WAIT - 1):
        login(client, EMAIL, password=f"falsch-{i}", client_address=f"198.51.100.{i}")
    assert login(client, EMAIL, client_address="203.0.113.9").status_code == 302
    client.logout()
    login(client, EMAIL, password="falsch", client_address="203.0.113.9")
    assert throttle.login_wait_seconds(EMAIL) == 0
