"""Kummerkasten: submit, hand on, answer, change status, merge, publish, remind.

Anonymous input stores no name, contact, account, IP address or user agent (checked by the
constraint `desk_concern_anonymous_has_no_contact` and by tests over the row, the log lines
this module writes, the audit log and the mail queue). Status flips are conditional UPDATEs
(`WHERE status = <seen>`), so two people acting on one concern at once cannot both win.
Merging locks both concerns (`lock(duplicate, target)`).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User
from logbuch.towns.selectors import steward_emails

from ..errors import ConcernStateError, NotAResponsiblePerson, ReasonRequired
from ..links import absolute
from ..models import (
    OPEN_STATUSES,
    Concern,
    ConcernCategory,
    ConcernKind,
    ConcernMessage,
    ConcernStatus,
    MessageAuthor,
)
from ..responsibles import is_responsible
from .office import office_for

logger = logging.getLogger("logbuch.desk")

# Unambiguous letters and digits (no 0/O, 1/I/L): 12 of 31 signs are about 59 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def tracking_code_normalise(code: str) -> str:
    """What people type ("abcd efgh-jkmn") in the stored spelling: upper case, no separators."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def tracking_hash(code: str) -> str:
    return hashlib.sha256(tracking_code_normalise(code).encode()).hexdigest()


def concern_for_code(*, town: Town, code: str) -> Concern | None:
    """The concern of this town with this code, else None (same answer for every miss)."""
    if not 10 <= len(tracking_code_normalise(code)) <= 40:
        return None
    return Concern.objects.in_town(town).filter(tracking_hash=tracking_hash(code)).first()


def _notify_submitter(concern: Concern, subject: str, template: str, **context: object) -> None:
    email = concern.reachable_email
    if email:
        email_after_commit(
            recipients=[email],
            subject=subject,
            template=template,
            context={"town": concern.town, "concern": concern, **context},
        )


def concern_submit(
    *,
    town: Town,
    kind: ConcernKind,
    category: ConcernCategory,
    text: str,
    place: str = "",
    photo: ContentFile[bytes] | None = None,
    anonymous: bool,
    name: str = "",
    email: str = "",
    phone: str = "",
    user: User | None = None,
) -> tuple[Concern, str]:
    """Store a concern and return it with its tracking code (shown once, stored as a hash).

    Anonymous: name, contact and account are dropped here, whatever the caller passed.
    """
    code = tracking_code_new()
    if anonymous:
        name = email = phone = ""
        user = None
    with transaction.atomic():
        concern = Concern(
            town=town,
            kind=kind,
            category=category,
            text=text,
            place=place,
            anonymous=anonymous,
            name=name,
            email=email,
            phone=phone,
            user=user,
            tracking_hash=tracking_hash(code),
        )
        if photo is not None:
            concern.photo.save("foto.jpg", photo, save=False)
        concern.save()
        url = absolute("concern_track", town, code=code)
        _notify_submitter(
            concern,
            _("Ihr Anliegen ist angekommen"),
            "desk/email/concern_received.txt",
            code=code,
            track_url=url,
        )
        email_after_commit(
            recipients=steward_emails(town=town),
            subject=_("Neues Anliegen in der Anlaufstelle"),
            template="desk/email/concern_new.txt",
            context={
                "town": town,
                "concern": concern,
                "url": absolute("concern_detail", town, pk=concern.pk),
            },
        )
    logger.info("desk concern %s submitted in town %s", concern.pk, town.pk)
    return concern, code


def concern_assign(*, concern: Concern, assignee: User, actor: User) -> None:
    """Hand the concern to a person of the town (the seam to the Organigramm)."""
    if not is_responsible(concern.town, assignee):
        raise NotAResponsiblePerson
    with transaction.atomic():
        done = Concern.objects.filter(pk=concern.pk, status__in=OPEN_STATUSES).update(
            assignee=assignee, assigned_at=timezone.now(), reminded_at=None
        )
        if not done:
            raise ConcernStateError
        audit(
            town=concern.town,
            actor=actor,
            action="desk.concern.assigned",
            target=concern,
            assignee=assignee.pk,
        )
        if assignee.email:
            email_after_commit(
                recipients=[assignee.email],
                subject=_("Ein Anliegen wurde an Sie weitergegeben"),
                template="desk/email/concern_assigned.txt",
                context={
                    "town": concern.town,
                    "concern": concern,
                    "url": absolute("concern_detail", concern.town, pk=concern.pk),
                },
                language=assignee.language,
            )
    concern.assignee = assignee


def concern_answer(*, concern: Concern, author: User, text: str, public: bool) -> ConcernMessage:
    """An answer of the town; the first one starts the work (neu → in Bearbeitung)."""
    now = timezone.now()
    with transaction.atomic():
        message = ConcernMessage.objects.create(
            town=concern.town,
            concern=concern,
            author_kind=MessageAuthor.TOWN,
            author=author,
            text=text,
            is_public=public,
            created_at=now,
        )
        Concern.objects.filter(pk=concern.pk, first_answer_at__isnull=True).update(
            first_answer_at=now
        )
        Concern.objects.filter(pk=concern.pk, status=ConcernStatus.NEW).update(
            status=ConcernStatus.IN_PROGRESS
        )
        audit(town=concern.town, actor=author, action="desk.concern.answered", target=concern)
        _notify_submitter(
            concern, _("Antwort auf Ihr Anliegen"), "desk/email/concern_answered.txt", text=text
        )
    concern.refresh_from_db()
    return message


def concern_set_status(
    *, concern: Concern, status: ConcernStatus, reason: str, actor: User
) -> None:
    """Move the concern; "nicht möglich" needs a reason, closing sets the resolution time."""
    if status == ConcernStatus.MERGED:
        raise ConcernStateError
    reason = reason.strip()
    if status == ConcernStatus.NOT_POSSIBLE and not reason:
        raise ReasonRequired
    seen = concern.status
    closing = status in (ConcernStatus.DONE, ConcernStatus.NOT_POSSIBLE)
    with transaction.atomic():
        done = (
            Concern.objects.filter(pk=concern.pk, status=seen)
            .exclude(status=ConcernStatus.MERGED)
            .update(
                status=status,
                status_reason=reason,
                resolved_at=timezone.now() if closing else None,
            )
        )
        if not done:
            raise ConcernStateError
        audit(
            town=concern.town,
            actor=actor,
            action="desk.concern.status_changed",
            target=concern,
            status=str(status),
        )
        concern.refresh_from_db()
        _notify_submitter(
            concern,
            _("Neuer Stand Ihres Anliegens"),
            "desk/email/concern_status.txt",
            reason=reason,
        )


def concern_publish(*, concern: Concern, public_title: str, public: bool, actor: User) -> None:
    """Show (or stop showing) a resolved concern on "Ihr habt gesagt – wir haben getan"."""
    title = public_title.strip()
    with transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(
            is_public=public and bool(title), public_title=title
        )
        audit(
            town=concern.town,
            actor=actor,
            action="desk.concern.published" if public else "desk.concern.unpublished",
            target=concern,
        )
    concern.refresh_from_db()


def concern_merge(*, duplicate: Concern, target: Concern, actor: User) -> None:
    """Fold a duplicate into another concern; the submitters of both are told."""
    if duplicate.pk == target.pk or duplicate.town_id != target.town_id:
        raise ConcernStateError
    with transaction.atomic():
        lock(duplicate, target)
        fresh_target = Concern.objects.get(pk=target.pk)
        if fresh_target.status == ConcernStatus.MERGED:
            raise ConcernStateError
        done = (
            Concern.objects.filter(pk=duplicate.pk)
            .exclude(status=ConcernStatus.MERGED)
            .update(status=ConcernStatus.MERGED, merged_into=fresh_target, resolved_at=None)
        )
        if not done:
            raise ConcernStateError
        audit(
            town=duplicate.town,
            actor=actor,
            action="desk.concern.merged",
            target=duplicate,
            into=target.pk,
        )
        duplicate.refresh_from_db()
        for concern, other in ((duplicate, fresh_target), (fresh_target, duplicate)):
            _notify_submitter(
                concern,
                _("Ihr Anliegen wurde mit einem gleichen zusammengeführt"),
                "desk/email/concern_merged.txt",
                other=other,
                is_duplicate=concern is duplicate,
            )


def concern_reply(*, concern: Concern, text: str) -> ConcernMessage:
    """The submitter writes back through the tracking link (no account needed)."""
    with transaction.atomic():
        message = ConcernMessage.objects.create(
            town=concern.town,
            concern=concern,
            author_kind=MessageAuthor.SUBMITTER,
            text=text,
        )
        recipients = [concern.assignee.email] if concern.assignee else []
        email_after_commit(
            recipients=[r for r in recipients if r] or steward_emails(town=concern.town),
            subject=_("Rückmeldung zu einem Anliegen"),
            template="desk/email/concern_reply.txt",
            context={
                "town": concern.town,
                "concern": concern,
                "url": absolute("concern_detail", concern.town, pk=concern.pk),
            },
        )
    logger.info("desk concern %s got a reply from its submitter", concern.pk)
    return message


def overdue_filter(*, days: int, now: datetime.datetime | None = None) -> Q:
    """Open concerns without a first answer after `days` days."""
    limit = (now or timezone.now()) - datetime.timedelta(days=days)
    return Q(status__in=OPEN_STATUSES, first_answer_at__isnull=True, created_at__lt=limit)


def concerns_remind_overdue(*, town: Town, now: datetime.datetime | None = None) -> int:
    """Remind the responsible person (or the coordinators) once per overdue concern.

    The conditional UPDATE on `reminded_at IS NULL` makes a rerun or a parallel run send
    nothing twice; handing the concern on again clears it.
    """
    now = now or timezone.now()
    office = office_for(town)
    overdue = Concern.objects.in_town(town).filter(
        overdue_filter(days=office.first_answer_days, now=now), reminded_at__isnull=True
    )
    sent = 0
    for concern in overdue.select_related("assignee", "town"):
        with transaction.atomic():
            if not Concern.objects.filter(pk=concern.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            person = concern.assignee
            recipients = [person.email] if person and person.email else steward_emails(town=town)
            email_after_commit(
                recipients=recipients,
                subject=_("Ein Anliegen wartet auf eine erste Antwort"),
                template="desk/email/concern_overdue.txt",
                context={
                    "town": town,
                    "concern": concern,
                    "days": office.first_answer_days,
                    "url": absolute("concern_detail", town, pk=concern.pk),
                },
            )
            sent += 1
    return sent
