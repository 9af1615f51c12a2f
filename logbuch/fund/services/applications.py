"""Applications from draft to submission, review and questions.

Status flips are conditional updates (`UPDATE ... WHERE status IN (...)`) with a row-count
check, so two clicks cannot both win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core import uploads
from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import User

from .. import notifications, rules
from ..errors import (
    FundError,
    InvalidTransition,
    RuleViolation,
)
from ..models import (
    Application,
    ApplicationStatus,
    Attachment,
    CostItem,
    Decision,
    Question,
)

S = ApplicationStatus
DECIDABLE = (S.SUBMITTED, S.IN_REVIEW, S.QUESTION, S.VOTING)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What each kind of attachment may be (matches the `fund_attachment_allowed_types` constraint).
ATTACHMENT_TYPES: dict[str, tuple[uploads.FileType, ...]] = {
    Attachment.Kind.APPLICATION: (uploads.PDF, uploads.JPEG, uploads.PNG),
    Attachment.Kind.RECEIPT: (uploads.PDF, uploads.JPEG, uploads.PNG),
    Attachment.Kind.PHOTO: (uploads.JPEG, uploads.PNG),
}


def transition(application: Application, *, allowed: Iterable[str], to: str, **fields: Any) -> None:
    """Flip the status only if it is still one of `allowed`; otherwise someone was faster."""
    updated = Application.objects.filter(pk=application.pk, status__in=list(allowed)).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise InvalidTransition(
            _("Dieser Schritt ist im Stand „%(status)s“ nicht möglich.")
            % {"status": S(application.status).label}
        )
    application.status = to
    for name, value in fields.items():
        setattr(application, name, value)


@dataclass(frozen=True)
class CostInput:
    description: str
    cost_type: str
    amount_cents: int


def application_save_draft(
    *, application: Application, costs: Sequence[CostInput], actor: User
) -> Application:
    """Save the applicant's draft with its cost items (replacing the previous items)."""
    if application.pk and application.status not in (S.DRAFT, S.QUESTION):
        raise InvalidTransition(_("Ein eingereichter Antrag kann nicht mehr geändert werden."))
    with transaction.atomic():
        application.save()
        CostItem.objects.filter(application=application).delete()
        CostItem.objects.bulk_create(
            CostItem(
                town_id=application.town_id,
                application=application,
                description=c.description,
                cost_type=c.cost_type,
                amount_cents=c.amount_cents,
            )
            for c in costs
        )
    return application


def attachment_add(
    *,
    application: Application,
    actor: User,
    upload: UploadedFile[bytes],
    kind: str = Attachment.Kind.APPLICATION,
) -> Attachment:
    """Store a file of an allowed type (by content, never by name) of at most 10 MB in private
    storage, under a random name with the sniffed type's extension; the original name is kept
    for display only."""
    try:
        file_type = uploads.check_upload(
            upload, allowed=ATTACHMENT_TYPES[kind], max_bytes=MAX_UPLOAD_BYTES
        )
    except ValidationError as exc:
        raise FundError(exc.messages[0]) from exc
    name = uploads.display_name(upload.name)
    with transaction.atomic():
        attachment = Attachment(
            town_id=application.town_id,
            application=application,
            kind=kind,
            original_name=name,
            content_type=file_type.content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        attachment.file.save(f"datei.{file_type.extension}", upload, save=False)
        attachment.save()
        audit(
            town=application.town,
            actor=actor,
            action="fund.attachment.added",
            target=application,
            application=application.pk,
            kind=kind,
        )
    return attachment


def application_facts(*, application: Application) -> rules.ApplicationFacts:
    """Gather what the rules need (three small queries)."""
    others = Application.objects.in_town(application.town).filter(
        applicant=application.applicant, fund=application.fund, submitted_at__isnull=False
    )
    if application.call_id:
        others = others.filter(call_id=application.call_id)
    others = others.exclude(pk=application.pk)
    last_funded = (
        Decision.objects.in_town(application.town)
        .filter(
            application__applicant=application.applicant,
            outcome__in=[Decision.Outcome.APPROVED_FULL, Decision.Outcome.APPROVED_PARTIAL],
        )
        .exclude(application__fund=application.fund)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return rules.ApplicationFacts(
        applicant_type=application.applicant_type,
        birth_date=application.applicant_birth_date,
        resides_in_town=application.resides_in_town,
        requested_cents=application.requested_cents,
        own_money_cents=application.own_money_cents,
        in_kind_hours=application.in_kind_hours,
        start_date=application.start_date,
        end_date=application.end_date,
        # The stored rows, never a caller's prefetch cache: a draft saved with new costs in the
        # same request is checked against those costs.
        costs=[
            rules.Cost(cost_type, amount)
            for cost_type, amount in CostItem.objects.filter(application=application)
            .order_by("pk")
            .values_list("cost_type", "amount_cents")
        ],
        other_applications_in_call=others.count(),
        last_funded_year=last_funded.year if last_funded else None,
    )


def application_check(
    *, application: Application, now: datetime | None = None
) -> list[rules.Failure]:
    now = now or timezone.now()
    return rules.check_application(
        category=application.category,
        call=application.call,
        facts=application_facts(application=application),
        now=now,
        today=timezone.localdate(now),
    )


def application_submit(
    *, application: Application, actor: User, now: datetime | None = None
) -> Application:
    """Check every rule; submit only when all pass (RuleViolation lists every failure)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise submits of one applicant so the per-call cap cannot be raced.
        if application.applicant_id is not None:  # empty only after erasure (fund.privacy)
            lock(User(pk=application.applicant_id))
        failures = application_check(application=application, now=now)
        if failures:
            raise RuleViolation(failures)
        transition(application, allowed=[S.DRAFT], to=S.SUBMITTED, submitted_at=now)
        audit(
            town=application.town,
            actor=actor,
            action="fund.application.submitted",
            target=application,
            application=application.pk,
        )
        notifications.notify_submitted(application=application)
    return application


def application_review_start(*, application: Application, actor: User) -> None:
    with transaction.atomic():
        transition(application, allowed=[S.SUBMITTED], to=S.IN_REVIEW)
        audit(
            town=application.town,
            actor=actor,
            action="fund.application.review_started",
            target=application,
            application=application.pk,
        )


def application_mark_voting(*, application: Application, actor: User) -> None:
    with transaction.atomic():
        transition(application, allowed=[S.SUBMITTED, S.IN_REVIEW], to=S.VOTING)
        audit(
            town=application.town,
            actor=actor,
            action="fund.application.put_to_vote",
            target=application,
            application=application.pk,
        )


def question_ask(*, application: Application, actor: User, text: str) -> Question:
    """A Rückfrage: the application waits for the applicant's answer."""
    if not text.strip():
        raise FundError(_("Bitte schreiben Sie Ihre Frage."))
    with transaction.atomic():
        transition(application, allowed=[S.SUBMITTED, S.IN_REVIEW, S.QUESTION], to=S.QUESTION)
        question = Question.objects.create(
            town_id=application.town_id, application=application, text=text, asked_by=actor
        )
        audit(
            town=application.town,
            actor=actor,
            action="fund.question.asked",
            target=application,
            application=application.pk,
        )
        notifications.notify_question(question=question)
    return question


def question_answer(*, question: Question, actor: User, answer: str) -> None:
    if not answer.strip():
        raise FundError(_("Bitte schreiben Sie Ihre Antwort."))
    with transaction.atomic():
        updated = Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(
            answer=answer, answered_at=timezone.now()
        )
        if updated != 1:
            raise InvalidTransition(_("Diese Frage ist schon beantwortet."))
        application = question.application
        if not application.questions.filter(answered_at__isnull=True).exists():
            transition(application, allowed=[S.QUESTION], to=S.IN_REVIEW)
        audit(
            town=application.town,
            actor=actor,
            action="fund.question.answered",
            target=application,
            application=application.pk,
        )
