"""Password reset: limited per address and hour; the same work for known and unknown addresses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logbuch.towns import account_tasks
from logbuch.towns.models import Role

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password_reset")


def test_reset_mails_are_limited_per_address_and_hour(
    client, town, make_member, django_capture_on_commit_callbacks
):
    make_member(town, Role.VOLUNTEER, email="bekannt@example.org")
    spellings = ["bekannt@example.org", "Bekannt@Example.org", " BEKANNT@example.org "]
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(URL, {"email": spellings[i % 3]}) for i in range(15)]
    assert {r.status_code for r in responses} == {302}
    assert len(mail.outbox) == account_tasks.RESET_MAILS_PER_HOUR
    assert {tuple(m.to) for m in mail.outbox} == {("bekannt@example.org",)}


def test_known_and_unknown_addresses_cause_the_same_work_in_the_request(
    client, town, make_member, django_capture_on_commit_callbacks, monkeypatch
):
    """The request only enqueues a task; the task looks the address up (no timing signal)."""
    make_member(town, Role.VOLUNTEER, email="bekannt@example.org")
    enqueued = []

    class RecordingTask:
        def enqueue(self, **kwargs):
            enqueued.append(kwargs)

    monkeypatch.setattr(account_tasks, "password_reset_send", RecordingTask())

    def post(email):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(URL, {"email": email})
        statements = [re.sub(r"'[^']*'|\d+", "?", q["sql"]) for q in queries.captured_queries]
        return response, statements

    known, known_sql = post("bekannt@example.org")
    unknown, unknown_sql = post("unbekannt@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_sql == unknown_sql
    assert not any("towns_user" in sql for sql in known_sql)
    assert [e["email"] for e in enqueued] == ["bekannt@example.org", "unbekannt@example.org"]
    assert mail.outbox == []


def test_the_task_mails_a_known_address_in_any_spelling_and_ignores_unknown_ones(town, make_member):
    make_member(town, Role.VOLUNTEER, email="bekannt@example.org")
    kwargs: dict[str, Any] = {"domain": "logbuch.example", "use_https": True}
    account_tasks.password_reset_send.call(email="unbekannt@example.org", **kwargs)
    assert mail.outbox == []
    account_tasks.password_reset_send.call(email=" Bekannt@Example.ORG", **kwargs)
    assert [m.to for m in mail.outbox] == [["bekannt@example.org"]]
    assert "https://logbuch.example/konto/passwort-neu/" in mail.outbox[0].body
