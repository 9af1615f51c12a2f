"""Daily work of the Mitmach-Fonds: reminders before and after the proof-of-use deadline and
the coordinator's digest. Run by the `fund_daily` command (cron) or the `fund_daily_task`.

Idempotent per day: every reminder or digest first claims its row in `NotificationSent`
(unique per town, kind and key) in the same transaction that queues the mail. A rerun on the
same day - or two runs at once - finds the row and sends nothing again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.towns.http import STEWARD_ROLES
from logbuch.towns.models import Membership, Town

from . import notifications
from .models import (
    Application,
    ApplicationStatus,
    NotificationSent,
    PublicVoting,
    RepaymentClaim,
)

S = ApplicationStatus
REMIND_DAYS_BEFORE = 14
AWAITING_PROOF = (S.APPROVED, S.PAID)


@dataclass(frozen=True)
class DailyResult:
    proof_due: int = 0
    proof_overdue: int = 0
    digests: int = 0


def _claim(*, town_id: int, kind: str, key: str) -> bool:
    """Record that this notice goes out now; False if it went out before (or is going now)."""
    try:
        with transaction.atomic():
            NotificationSent.objects.create(town_id=town_id, kind=kind, subject_key=key)
    except IntegrityError:
        return False
    return True


def send_proof_reminders(*, today: date) -> tuple[int, int]:
    """Remind applicants whose proof of use is due within two weeks, and once more when late."""
    waiting = (
        Application.objects.filter(
            status__in=AWAITING_PROOF, proof_due_date__isnull=False, proof__isnull=True
        )
        .select_related("town", "fund", "applicant")
        .order_by("pk")
    )
    due_soon = overdue = 0
    for app in waiting.filter(
        proof_due_date__gte=today, proof_due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE)
    ):
        due = app.proof_due_date or today
        with transaction.atomic():
            key = f"application:{app.pk}:{due.isoformat()}"
            if _claim(town_id=app.town_id, kind="proof_due", key=key):
                notifications.notify_proof_due(application=app, due=due)
                due_soon += 1
    for app in waiting.filter(proof_due_date__lt=today):
        due = app.proof_due_date or today
        with transaction.atomic():
            key = f"application:{app.pk}:{due.isoformat()}"
            if _claim(town_id=app.town_id, kind="proof_overdue", key=key):
                notifications.notify_proof_overdue(application=app, due=due)
                overdue += 1
    return due_soon, overdue


def digest_rows(*, town: Town, today: date) -> tuple[list[dict[str, Any]], list[str]]:
    """What waits for the coordinator today (counts in one query, votes in one more)."""
    counts = Application.objects.in_town(town).aggregate(
        submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
        in_review=Count("pk", filter=Q(status=S.IN_REVIEW)),
        question=Count("pk", filter=Q(status=S.QUESTION)),
        proof_submitted=Count("pk", filter=Q(status=S.PROOF_SUBMITTED)),
        proof_overdue=Count(
            "pk",
            filter=Q(status__in=AWAITING_PROOF, proof_due_date__lt=today, proof__isnull=True),
        ),
    )
    claims = RepaymentClaim.objects.in_town(town).filter(status=RepaymentClaim.Status.OPEN).count()
    labels = [
        ("submitted", _("Neue Anträge, noch nicht in Prüfung")),
        ("in_review", _("Anträge in Prüfung")),
        ("question", _("Anträge mit offener Rückfrage")),
        ("proof_submitted", _("Verwendungsnachweise zum Prüfen")),
        ("proof_overdue", _("Verwendungsnachweise überfällig")),
    ]
    rows = [{"label": label, "count": counts[key]} for key, label in labels if counts[key]]
    if claims:
        rows.append({"label": _("Offene Rückforderungen"), "count": claims})
    items = [
        _("Abstimmung „%(title)s“ ist beendet und wartet auf die Auszählung.")
        % {"title": voting.title}
        for voting in PublicVoting.objects.in_town(town)
        .filter(closes_at__lt=timezone.now())
        .exclude(status=PublicVoting.Status.COUNTED)
        .order_by("closes_at")
    ]
    return rows, items


def send_digests(*, today: date) -> int:
    """One digest per town and day to its coordinators, only when something waits."""
    sent = 0
    coordinators: dict[int, list[str]] = {}
    for town_id, email in (
        Membership.objects.filter(role__in=STEWARD_ROLES)
        .exclude(user__email__isnull=True)
        .exclude(user__email="")
        .values_list("town_id", "user__email")
        .order_by("town_id", "user__email")
        .distinct()
    ):
        coordinators.setdefault(town_id, []).append(email)
    for town in Town.objects.filter(pk__in=list(coordinators)).order_by("pk"):
        rows, items = digest_rows(town=town, today=today)
        if not rows and not items:
            continue
        with transaction.atomic():
            if _claim(town_id=town.pk, kind="digest", key=today.isoformat()):
                notifications.notify_digest(
                    town=town,
                    recipients=coordinators[town.pk],
                    day=today,
                    rows=rows,
                    items=items,
                )
                sent += 1
    return sent


def fund_daily(*, today: date | None = None) -> DailyResult:
    """Reminders and digests of one day; safe to run again (nothing is sent twice)."""
    today = today or timezone.localdate()
    due_soon, overdue = send_proof_reminders(today=today)
    return DailyResult(proof_due=due_soon, proof_overdue=overdue, digests=send_digests(today=today))


@task()
def fund_daily_task() -> dict[str, int]:
    """The daily run as a background task (enqueue it once a day, e.g. from cron)."""
    return asdict(fund_daily())
