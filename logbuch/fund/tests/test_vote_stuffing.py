"""A public vote cannot be stuffed from one mailbox or one client (issue 9, finding 5)."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.utils import timezone

from logbuch.core.caching import client_key
from logbuch.fund.models import PublicVoter, PublicVoting
from logbuch.fund.services.voting import LINKS_PER_CLIENT_PER_HOUR, voting_totals
from logbuch.fund.tests.factories import (
    PublicVoterFactory,
)
from logbuch.fund.tests.helpers import MakeVoting, url
from logbuch.fund.voting import email_hash, voter_mailbox
from logbuch.towns.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(make_voting: MakeVoting) -> PublicVoting:
    return make_voting(titles=("Bank", "Baum"), title="Bürgerhaushalt", votes_per_voter=1)


def request_link(client: Client, voting: PublicVoting, email: str, address: str = "203.0.113.7"):
    return client.post(
        url("voting_request_link", voting.town, pk=voting.pk),
        {"email": email},
        REMOTE_ADDR=address,
    )


def test_one_mailbox_gets_one_ballot_however_the_address_is_spelled(
    client: Client, voting: PublicVoting, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    spellings = [
        "mallory+2@example.org",
        "mallory+3@example.org",
        "Mallory+1@Example.org",
        "mallory@example.org",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for email in spellings:
            assert request_link(client, voting, email).status_code == 200
    assert PublicVoter.objects.filter(voting=voting).count() == 1
    tokens = [re.search(r"/stimme/(\S+)/", str(m.body)).group(1) for m in mail.outbox]  # type: ignore[union-attr]
    option = voting.options.order_by("pk").first()
    assert option is not None
    for token in tokens:
        client.post(
            url("voting_cast", voting.town, pk=voting.pk),
            {"token": token, f"option_{option.pk}": "on"},
        )
    assert voting_totals(voting=voting) == {option.pk: 1}
    assert PublicVoter.objects.filter(voting=voting, voted_at__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("given", "mailbox"),
    [
        (" Mallory+Wahl@Example.ORG ", "mallory@example.org"),
        ("m.all.ory+x@googlemail.com", "mallory@gmail.com"),
        ("M.Allory@GMail.com", "mallory@gmail.com"),
        # Dots matter everywhere else: two different people.
        ("anna.berg@example.org", "anna.berg@example.org"),
        ("annaberg@example.org", "annaberg@example.org"),
        # Full-width letters are the same address (core.emails.normalize_email).
        ("ａｎｎａ@example.org", "anna@example.org"),
    ],
)
def test_addresses_are_reduced_to_their_mailbox(given: str, mailbox: str) -> None:
    assert voter_mailbox(given) == mailbox


def test_gmail_spellings_are_one_voter(voting: PublicVoting) -> None:
    hashes = {
        email_hash(vote_id=voting.pk, email=e)
        for e in ("mal.lory@gmail.com", "mallory+1@googlemail.com", "MALLORY@gmail.com")
    }
    assert len(hashes) == 1


def test_keys_of_voters_registered_before_the_rules_stay_valid(voting: PublicVoting) -> None:
    """No data migration: an address the new rules leave alone hashes as it always did."""
    before = hmac.new(
        settings.SECRET_KEY.encode(),
        f"fund-vote-email:{voting.pk}:anna@example.org".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert email_hash(vote_id=voting.pk, email="Anna@Example.org") == before


def test_link_requests_from_one_client_are_capped(
    client: Client, voting: PublicVoting, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(LINKS_PER_CLIENT_PER_HOUR):
            assert request_link(client, voting, f"person{n}@example.org").status_code == 200
        refused = request_link(client, voting, "one-more@example.org")
        other_client = request_link(client, voting, "neighbour@example.org", "198.51.100.4")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "schon viele Links zum Abstimmen angefordert" in body
    assert 'value="one-more@example.org"' in body  # the form keeps what was typed
    assert other_client.status_code == 200
    assert len(mail.outbox) == LINKS_PER_CLIENT_PER_HOUR + 1
    assert PublicVoter.objects.filter(voting=voting).count() == LINKS_PER_CLIENT_PER_HOUR + 1


def test_the_client_counter_holds_no_address(
    client: Client, voting: PublicVoting, settings: Any
) -> None:
    # The keys are read from a cache in memory (also when the tests run on Redis).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "v"},
    }
    caches["default"].clear()
    request_link(client, voting, "anna@example.org")
    keys = [str(k) for k in caches["default"]._cache]  # type: ignore[attr-defined]
    assert keys
    assert not any("203.0.113.7" in k or "anna" in k for k in keys)


def test_client_key_is_a_daily_keyed_hash_of_the_address() -> None:
    factory = RequestFactory()
    first = factory.get("/", REMOTE_ADDR="203.0.113.7")
    second = factory.get("/", REMOTE_ADDR="203.0.113.8")
    with time_machine.travel(datetime(2027, 3, 1, 10, tzinfo=timezone.get_current_timezone())):
        monday = client_key(first)
        assert client_key(first) == monday
        assert client_key(second) != monday
    with time_machine.travel(datetime(2027, 3, 2, 10, tzinfo=timezone.get_current_timezone())):
        assert client_key(first) != monday  # the salt rotates daily
    assert "203.0.113" not in monday
    assert monday != hashlib.sha256(b"203.0.113.7").hexdigest()


def _voters_at(voting: PublicVoting, moments: list[datetime]) -> None:
    for moment in moments:
        voter = PublicVoterFactory(town=voting.town, voting=voting)
        PublicVoter.objects.filter(pk=voter.pk).update(created_at=moment)


def test_the_coordinator_sees_a_burst_of_link_requests(
    client_for: Callable[[User], Client], coordinator: User, voting: PublicVoting
) -> None:
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    # 12 links within four minutes, then people one by one over the day.
    _voters_at(voting, [start + timedelta(seconds=20 * n) for n in range(12)])
    _voters_at(voting, [start + timedelta(hours=1 + n) for n in range(8)])
    page = client_for(coordinator).get(url("voting_manage", voting.town, pk=voting.pk))
    body = page.content.decode()
    assert "Auffällig viele Links in kurzer Zeit" in body
    assert "in 5 Minuten 12 Stimmzettel-Links angefordert" in body
    assert body.count("Stimmzettel-Link") == 1  # the day's single requests are no burst
    assert "@" not in body.split("Auffällig", 1)[1].split("</div></div>", 1)[0]


def test_steady_link_requests_raise_no_alarm(
    client_for: Callable[[User], Client], coordinator: User, voting: PublicVoting
) -> None:
    start = timezone.now() - timedelta(hours=5)
    _voters_at(voting, [start + timedelta(minutes=1 * n) for n in range(9)])
    _voters_at(voting, [start + timedelta(hours=1, minutes=6 * n) for n in range(20)])
    page = client_for(coordinator).get(url("voting_manage", voting.town, pk=voting.pk))
    assert "Auffällig viele Links" not in page.content.decode()
