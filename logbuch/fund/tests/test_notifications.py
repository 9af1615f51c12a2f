"""Emails of the fund: German text, sent after commit, reminders and digest once per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from logbuch.fund import notifications
from logbuch.fund.models import ApplicationStatus, Decision, NotificationSent
from logbuch.fund.tasks import fund_daily, fund_daily_task
from logbuch.fund.tests.factories import (
    ApplicationFactory,
    DecisionFactory,
    PayoutFactory,
    ProofOfUseFactory,
    PublicVotingFactory,
    QuestionFactory,
)
from logbuch.towns.models import Role, Town, User

TODAY = date(2027, 6, 1)


def test_submit_receipt_is_german_and_names_the_amount(
    town: Town, django_capture_on_commit_callbacks: Any
) -> None:
    app = ApplicationFactory(
        town=town, title="Kinderfest", requested_cents=150_000, submitted_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_submitted(application=app)
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"]
    assert message.subject == "Antrag eingegangen: Kinderfest"
    assert "Beantragt: 1.500,00 €" in message.body
    assert "Koordinierungsstelle in Musterstadt" in message.body


def test_nothing_is_sent_when_the_transaction_rolls_back(town: Town) -> None:
    app = ApplicationFactory(town=town)
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.notify_submitted(application=app)
        raise RuntimeError
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("outcome", "amount", "expected"),
    [
        (Decision.Outcome.APPROVED_FULL, 150_000, "ist bewilligt: 1.500,00 €"),
        (Decision.Outcome.APPROVED_PARTIAL, 90_000, "teilweise bewilligt: 900,00 € von 1.500,00 €"),
        (Decision.Outcome.REJECTED, 0, "leider abgelehnt"),
    ],
)
def test_decision_mail_says_what_was_decided_and_why(
    town: Town, django_capture_on_commit_callbacks: Any, outcome: str, amount: int, expected: str
) -> None:
    app = ApplicationFactory(town=town, requested_cents=150_000)
    decision = DecisionFactory(
        town=town, application=app, outcome=outcome, amount_cents=amount, reason="Weil es passt."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_decided(decision=decision)
    body = mail.outbox[0].body
    assert expected in body
    assert "Weil es passt." in body


def test_question_and_payout_mails(town: Town, django_capture_on_commit_callbacks: Any) -> None:
    app = ApplicationFactory(town=town, title="Bank", approved_cents=100_000)
    question = QuestionFactory(town=town, application=app, text="Wer baut die Bank auf?")
    payout = PayoutFactory(town=town, application=app, amount_cents=80_000)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_question(question=question)
        notifications.notify_payout(payout=payout, paid_total_cents=80_000)
    assert "Wer baut die Bank auf?" in mail.outbox[0].body
    assert "Rückfrage" in mail.outbox[0].subject
    assert "800,00 € ausgezahlt" in mail.outbox[1].body
    assert "800,00 € von 1.000,00 €" in mail.outbox[1].body


@pytest.fixture
def waiting(town: Town) -> dict[str, Any]:
    return {
        "soon": ApplicationFactory(
            town=town,
            title="Bald fällig",
            status=ApplicationStatus.PAID,
            proof_due_date=TODAY + timedelta(days=10),
        ),
        "late": ApplicationFactory(
            town=town,
            title="Zu spät",
            status=ApplicationStatus.PAID,
            proof_due_date=TODAY - timedelta(days=1),
        ),
        "far": ApplicationFactory(
            town=town, status=ApplicationStatus.PAID, proof_due_date=TODAY + timedelta(days=60)
        ),
        "done": ProofOfUseFactory(
            town=town,
            application__status=ApplicationStatus.PAID,
            application__proof_due_date=TODAY - timedelta(days=3),
        ).application,
    }


def test_daily_run_reminds_before_and_after_the_deadline_once(
    waiting: dict[str, Any], coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = fund_daily(today=TODAY)
    assert (result.proof_due, result.proof_overdue, result.digests) == (1, 1, 1)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        [
            "Erinnerung: Verwendungsnachweis für Bald fällig",
            "Verwendungsnachweis fehlt: Zu spät",
            "Mitmach-Fonds Musterstadt: Tagesübersicht 01.06.2027",
        ]
    )
    digest = next(m for m in mail.outbox if "Tagesübersicht" in m.subject)
    assert digest.to == [coordinator.email]
    assert "Verwendungsnachweise überfällig: 1" in digest.body
    # A rerun the same day sends nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        again = fund_daily(today=TODAY)
    assert (again.proof_due, again.proof_overdue, again.digests) == (0, 0, 0)
    assert len(mail.outbox) == 3
    # The next day: no new reminders for the same deadline, but a new digest.
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = fund_daily(today=TODAY + timedelta(days=1))
    assert (tomorrow.proof_due, tomorrow.proof_overdue, tomorrow.digests) == (0, 0, 1)


def test_the_management_command_is_idempotent(
    waiting: dict[str, Any], coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fund_daily", "--datum", TODAY.isoformat(), stdout=out)
        call_command("fund_daily", "--datum", TODAY.isoformat(), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "Erinnerungen: 1 fällig, 1 überfällig; Tagesübersichten: 1"
    assert lines[1] == "Erinnerungen: 0 fällig, 0 überfällig; Tagesübersichten: 0"
    assert NotificationSent.objects.count() == 3


def test_the_daily_task_runs(waiting: dict[str, Any], coordinator: User) -> None:
    with time_machine.travel(datetime(2027, 6, 1, 9, tzinfo=UTC)):
        result = fund_daily_task.enqueue()
    assert result.return_value["proof_overdue"] == 1


def test_digest_mentions_votes_waiting_to_be_counted(
    town: Town, make_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_member(town, Role.COORDINATOR, email="koordination@example.org")
    now = timezone.now()
    PublicVotingFactory(
        town=town, title="Kiezkasse", opens_at=now - timedelta(days=8), closes_at=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        fund_daily(today=timezone.localdate())
    assert "Abstimmung „Kiezkasse“ ist beendet" in mail.outbox[0].body


def test_no_digest_when_nothing_waits(
    town: Town, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert fund_daily(today=TODAY).digests == 0
    assert mail.outbox == []


def test_digests_stay_in_their_town(
    town: Town, other_town: Town, make_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_member(town, Role.COORDINATOR, email="a@musterstadt.example")
    make_member(other_town, Role.COORDINATOR, email="b@beispieldorf.example")
    ApplicationFactory(town=other_town, title="Dorfbrunnen", status=ApplicationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        fund_daily(today=TODAY)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["b@beispieldorf.example"]
    assert "Beispieldorf" in mail.outbox[0].subject
