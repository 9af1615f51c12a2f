"""Personal data held by the Mitmach-Fonds (see `logbuch.towns.privacy` for the contract).

Export: the person's applications with every field, their costs, attachments (names), questions,
decision, payouts, proof of use and repayment claims; jury seats, votes and declared conflicts;
public votes they verified for by email (the ballot itself has no link to anyone); and what
they booked or decided as the fund's coordinator.

Erasure: drafts never submitted go entirely, with their files. Submitted applications stay for
the fund's records (ledger, decision, public page) without the person: no applicant, contact,
birth date or private group name, shown as "gelöschte Person"; their attachments go, except
receipts, which stay under a neutral name as part of the books. Ledger rows stay unchanged but
lose their author link (the one change the append-only guard permits). Jury seats go with their
votes (as when a juror leaves); decisions keep their tallies. Voter records of finished public
votes get a random identity, so the keyed hash of the email address no longer matches anything.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from logbuch.towns.models import User

from .models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    Attachment,
    Decision,
    JuryConflict,
    JuryMember,
    JuryVote,
    LedgerEntry,
    Payout,
    PublicVoter,
    PublicVoting,
)
from .voting import email_hash

# Group names that may name a private person; a Verein's, school's or firm's name stays.
_PRIVATE_APPLICANT_TYPES = (ApplicantType.PERSON, ApplicantType.INITIATIVE)
_FINISHED_VOTINGS = (PublicVoting.Status.CLOSED, PublicVoting.Status.COUNTED)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _fields(obj: models.Model, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every stored field of `obj` (keys as names, related rows as their text), so a field
    added to a model later is exported without touching this module."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.name in ("town", *skip):
            continue
        if f.is_relation:
            related = getattr(obj, f.name)
            data[f.name] = str(related) if related is not None else None
        else:
            data[f.name] = _plain(getattr(obj, f.attname))
    return data


def _application(app: Application) -> dict[str, Any]:
    data = {"town": app.town.name, **_fields(app, skip=("applicant",))}
    data["status_label"] = str(app.get_status_display())
    data["costs"] = [_fields(c, skip=("application",)) for c in app.costs.all()]
    data["attachments"] = [
        {
            "name": a.original_name,
            "kind": a.kind,
            "content_type": a.content_type,
            "size": a.size,
            "uploaded_at": _plain(a.created_at),
        }
        for a in app.attachments.all()
    ]
    data["questions"] = [_fields(q, skip=("application", "asked_by")) for q in app.questions.all()]
    decision = Decision.objects.filter(application=app).first()
    data["decision"] = _fields(decision, skip=("application", "decided_by")) if decision else None
    data["payouts"] = [
        _fields(p, skip=("application", "paid_by", "idempotency_key")) for p in app.payouts.all()
    ]
    proof = getattr(app, "proof", None)
    data["proof_of_use"] = (
        _fields(proof, skip=("application", "submitted_by", "checked_by")) if proof else None
    )
    data["repayment_claims"] = [
        _fields(r, skip=("application", "created_by")) for r in app.repayment_claims.all()
    ]
    return data


def _voters_of(user: User) -> models.QuerySet[PublicVoter]:
    """Voter records verified with the person's email address (keyed hash per vote)."""
    if not user.email:
        return PublicVoter.objects.none()
    hashes = [
        email_hash(vote_id=pk, email=user.email)
        for pk in PublicVoting.objects.values_list("pk", flat=True)
    ]
    return PublicVoter.objects.filter(
        method=PublicVoter.Method.EMAIL, identity_hash__in=hashes
    ).select_related("voting", "town")


def export_user_data(user: User) -> dict[str, Any]:
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("town", "fund", "category", "call", "proof")
        .prefetch_related("costs", "attachments", "questions", "payouts", "repayment_claims")
        .order_by("created_at", "pk")
    )
    seats = JuryMember.objects.filter(user=user).select_related("town", "fund")
    votes = JuryVote.objects.filter(juror__user=user).select_related("application", "town")
    conflicts = JuryConflict.objects.filter(juror__user=user).select_related("application")
    booked = LedgerEntry.objects.filter(author=user).select_related("town", "fund")
    return {
        "applications": [_application(app) for app in applications],
        "jury_seats": [
            {"town": s.town.name, "fund": s.fund.name, "role": s.role, "active": s.is_active}
            for s in seats
        ],
        "jury_votes": [
            {
                "town": v.town.name,
                "application": v.application.title,
                "choice": v.choice,
                "cast_at": _plain(v.created_at),
            }
            for v in votes
        ],
        "jury_conflicts": [
            {"application": c.application.title, "reason": c.reason, "at": _plain(c.declared_at)}
            for c in conflicts
        ],
        "public_votes": [
            {
                "town": v.town.name,
                "voting": v.voting.title,
                "verified_at": _plain(v.verified_at),
                "voted_at": _plain(v.voted_at),
            }
            for v in _voters_of(user)
        ],
        "decisions_made": [
            {"application": d.application.title, "outcome": d.outcome, "at": _plain(d.decided_at)}
            for d in Decision.objects.filter(decided_by=user).select_related("application")
        ],
        "payouts_made": [
            {"application": p.application.title, "amount_cents": p.amount_cents}
            for p in Payout.objects.filter(paid_by=user).select_related("application")
        ],
        "ledger_entries_booked": [
            {
                "town": e.town.name,
                "fund": e.fund.name,
                "kind": e.kind,
                "amount_cents": e.amount_cents,
                "reason": e.reason,
                "at": _plain(e.created_at),
            }
            for e in booked
        ],
    }


def _delete_files_after_commit(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def erase_user_data(user: User) -> None:
    own = Application.objects.filter(applicant=user)
    # A draft that never left the person's hands has no place in the fund's records.
    drafts = own.filter(status=ApplicationStatus.DRAFT, submitted_at__isnull=True).exclude(
        Q(ledger__isnull=False) | Q(payouts__isnull=False) | Q(repayment_claims__isnull=False)
    )
    gone = Attachment.objects.filter(
        Q(application__in=drafts)
        | Q(application__in=own, kind__in=[Attachment.Kind.APPLICATION, Attachment.Kind.PHOTO])
    )
    _delete_files_after_commit([name for name in gone.values_list("file", flat=True) if name])
    gone.delete()
    drafts.delete()
    for receipt in Attachment.objects.filter(application__in=own).only("pk", "content_type"):
        extension = receipt.content_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
        Attachment.objects.filter(pk=receipt.pk).update(
            original_name=f"beleg-{receipt.pk}.{extension}"
        )
    own.filter(applicant_type__in=_PRIVATE_APPLICANT_TYPES).update(organisation_name="")
    own.update(
        applicant=None,
        contact_name="",
        contact_email="",
        contact_phone="",
        applicant_birth_date=None,
    )
    LedgerEntry.objects.filter(author=user).update(author=None)
    # Finished votes no longer need to recognise the address; open ones still must, or the
    # same address could vote twice.
    for voter_pk in (
        _voters_of(user).filter(voting__status__in=_FINISHED_VOTINGS).values_list("pk", flat=True)
    ):
        PublicVoter.objects.filter(pk=voter_pk).update(identity_hash=secrets.token_hex(32))
