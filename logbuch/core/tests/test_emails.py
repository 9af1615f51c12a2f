"""Email leaves only after the surrounding transaction has committed, and exactly once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from logbuch.core.emails import email_after_commit

TEMPLATE = "core/email/accessibility_feedback.txt"


def _send(to: str = "koordination@example.org") -> None:
    email_after_commit(
        recipients=[to],
        subject="Rückmeldung",
        template=TEMPLATE,
        context={"message": "Der Kontrast ist zu schwach.", "page_url": "/"},
    )


class Boom(Exception):
    pass


@pytest.mark.django_db
def test_nothing_is_sent_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send()
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_mail_is_sent_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["koordination@example.org"]
    assert "Der Kontrast ist zu schwach." in mail.outbox[0].body


@pytest.mark.django_db
def test_rolled_back_savepoint_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        _send()
        raise Boom
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_real_commit_sends_exactly_once():
    with transaction.atomic():
        _send()
        assert mail.outbox == []
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_real_rollback_sends_nothing():
    with pytest.raises(Boom), transaction.atomic():
        _send()
        raise Boom
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_nested_rollback_keeps_the_outer_mail_only():
    with transaction.atomic():
        _send("aussen@example.org")
        with pytest.raises(Boom), transaction.atomic():
            _send("innen@example.org")
            raise Boom
    assert [m.to for m in mail.outbox] == [["aussen@example.org"]]


@pytest.mark.django_db
def test_empty_recipients_send_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email_after_commit(recipients=["", None], subject="x", template=TEMPLATE, context={})  # type: ignore[list-item]
    assert callbacks == []
    assert mail.outbox == []
