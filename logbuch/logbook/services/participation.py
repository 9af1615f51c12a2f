"""Taking part in a round: invitations, printed codes, drafts, submits and paper sheets.

Answering and anonymity:
- Drafts live in `Participation.draft` until the final submit; only then are `Answer` rows
  written, so an `Answer` is always a submitted Einschätzung.
- A submit flips the participation from invited/started to submitted with a conditional UPDATE
  and checks the row count inside the same transaction: a double submit (two tabs, a double
  click, two threads) stores the answers exactly once.
- In anonymous rounds answers are written without any key to the participation or person, in
  random order with random UUID keys; the participation only records that the person took part.
- Email link tokens and printed codes are stored as SHA-256 hashes only; codes are made in
  batches of at least `MIN_CODES_PER_BATCH` and the coordinator sees per batch only how many
  were used.
- Paper sheets record who typed them in on the participation (a sheet, never an answer).
- Nothing here stores an IP address or a user agent.

"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Required, TypedDict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from logbuch.core.emails import email_after_commit
from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import Membership, Town, User

from .. import errors
from ..models import (
    LIST_MAX_CHARS,
    LIST_MAX_ENTRIES,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    CodeBatch,
    ListEntry,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    Round,
    RoundLever,
    list_key,
)
from ..results import MIN_ANSWERS
from .rounds import _ensure_group, _lock_round, ensure_accepting

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from paper
CODE_LENGTH = 10
MAX_CODES_PER_BATCH = 500
MIN_CODES_PER_BATCH = MIN_ANSWERS
OPEN_STATUSES = (ParticipationStatus.INVITED, ParticipationStatus.STARTED)
# The condition of the submit's conditional UPDATE: only an open participation flips.
SUBMITTABLE = Q(status__in=OPEN_STATUSES)


class ListItem(TypedDict):
    """One entry of a list answer: what it names (`ListKind`), the item and an optional note."""

    kind: str
    text: str
    note: str


class DraftEntry(TypedDict, total=False):
    """One Stellschraube's Einschätzung as kept in a draft (JSON-serialisable).

    `items` (the list answer) is absent in drafts saved before list answers existed.
    """

    value: Required[int | None]
    dont_know: Required[bool]
    comment: Required[str]
    evidence_text: Required[str]
    evidence_date: Required[str | None]
    evidence_url: Required[str]
    items: list[ListItem]


def entry_is_empty(entry: DraftEntry) -> bool:
    return entry["value"] is None and not entry["dont_know"]


def clean_list_items(items: Iterable[ListItem], kinds: Iterable[str]) -> list[ListItem]:
    """A list answer as stored: trimmed, empty entries dropped, each entry once per kind
    (`list_key`: case and spacing do not matter, the first spelling wins), only the
    Stellschraube's kinds, at most `LIST_MAX_ENTRIES` per kind and `LIST_MAX_CHARS` each.

    Forms refuse too many or too long entries with a message; this is the last word for
    anything that reaches the service another way.
    """
    allowed = set(kinds)
    seen: set[tuple[str, str]] = set()
    per_kind: dict[str, int] = {}
    out: list[ListItem] = []
    for item in items:
        kind, text = item.get("kind", ""), " ".join(str(item.get("text", "")).split())
        note = " ".join(str(item.get("note", "")).split())
        key = (kind, list_key(text))
        if kind not in allowed or not text or key in seen:
            continue
        if per_kind.get(kind, 0) >= LIST_MAX_ENTRIES:
            continue
        seen.add(key)
        per_kind[kind] = per_kind.get(kind, 0) + 1
        out.append(ListItem(kind=kind, text=text[:LIST_MAX_CHARS], note=note[:LIST_MAX_CHARS]))
    return out


# --- Secrets -------------------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def code_normalise(code: str) -> str:
    """Printed codes are typed by hand: case, spaces and dashes do not matter."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def code_format(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def participation_by_token(*, town: Town, token: str) -> Participation:
    """The open participation behind an email link; unknown and used links fail alike."""
    return _participation_by_hash(town=town, secret_hash=_hash(token))


def participation_by_code(*, town: Town, code: str) -> Participation:
    """The open participation behind a printed code; unknown and used codes fail alike."""
    normalised = code_normalise(code)
    if len(normalised) != CODE_LENGTH:
        raise errors.AccessInvalid
    return _participation_by_hash(town=town, secret_hash=_hash(f"code:{normalised}"))


def _participation_by_hash(*, town: Town, secret_hash: str) -> Participation:
    found: Participation | None = (
        Participation.objects.in_town(town)
        .select_related("round")
        .filter(secret_hash=secret_hash, status__in=OPEN_STATUSES)
        .first()
    )
    if found is None:
        raise errors.AccessInvalid
    return found


# --- Invitations and codes -----------------------------------------------------------------------


def round_invite_group(*, round_: Round, group: str, actor: User, base_url: str) -> tuple[int, int]:
    """Email a personal link to every member of the group not yet taking part.

    Returns (invited, skipped for lack of an email address). The link token is kept only as a
    hash; the mail goes out after commit.
    """
    ensure_accepting(round_)
    _ensure_group(round_, group)
    town = round_.town
    with transaction.atomic():
        taking_part = Participation.objects.in_town(town).filter(round=round_, user__isnull=False)
        members = list(
            User.objects.filter(
                pk__in=Membership.objects.in_town(town).filter(role=group).values("user_id"),
                is_active=True,
            )
            .exclude(pk__in=taking_part.values("user_id"))
            .order_by("pk")
        )
        with_email = [m for m in members if m.email]
        tokens = [secrets.token_urlsafe(24) for _ in with_email]
        Participation.objects.bulk_create(
            [
                Participation(
                    town=town,
                    round=round_,
                    user=member,
                    group=group,
                    channel=ParticipationChannel.EMAIL,
                    secret_hash=_hash(token),
                )
                for member, token in zip(with_email, tokens, strict=True)
            ]
        )
        for member, token in zip(with_email, tokens, strict=True):
            path = reverse(
                "logbook:participation_link", kwargs={"town_slug": town.slug, "token": token}
            )
            email_after_commit(
                recipients=[member.email or ""],
                subject=f"{town.name}: {round_.title}",
                template="logbook/email/round_invitation.txt",
                context={
                    "town": town,
                    "round": round_,
                    "person": member,
                    "link": base_url.rstrip("/") + path,
                },
                language=member.language,
            )
        audit(
            town=town,
            actor=actor,
            action="logbook.round.invited",
            target=round_.title,
            group=group,
            invited=len(with_email),
        )
    return len(with_email), len(members) - len(with_email)


def round_codes_create(*, round_: Round, group: str, count: int, actor: User) -> list[str]:
    """Create a batch of `count` printed one-time codes for a group; the plain codes are returned
    once.

    At least `MIN_CODES_PER_BATCH` at a time: a single code handed to one person would make
    "the code was used" mean "she answered". The batch remembers how many codes it holds;
    which of them were used is never shown.
    """
    ensure_accepting(round_)
    _ensure_group(round_, group)
    if count < MIN_CODES_PER_BATCH:
        raise errors.TooFewCodes
    if count > MAX_CODES_PER_BATCH:
        raise errors.TooManyCodes
    codes = [_new_code() for _ in range(count)]
    with transaction.atomic():
        batch = CodeBatch.objects.create(
            town=round_.town, round=round_, group=group, size=count, created_by=actor
        )
        Participation.objects.bulk_create(
            [
                Participation(
                    town=round_.town,
                    round=round_,
                    group=group,
                    channel=ParticipationChannel.CODE,
                    secret_hash=_hash(f"code:{code}"),
                    code_batch=batch,
                )
                for code in codes
            ]
        )
        audit(
            town=round_.town,
            actor=actor,
            action="logbook.round.codes_created",
            target=round_.title,
            group=group,
            count=count,
        )
    return [code_format(c) for c in codes]


def participation_for_member(*, round_: Round, user: User, roles: frozenset[str]) -> Participation:
    """The signed-in person's participation in a round, created on first use.

    A person takes part once per round (database constraint); their group is the first of the
    round's groups they hold a role in.
    """
    existing: Participation | None = (
        Participation.objects.in_town(round_.town).filter(round=round_, user=user).first()
    )
    if existing is not None:
        return existing
    ensure_accepting(round_)
    group = next((g for g in round_.groups if g in roles), None)
    if group is None:
        raise errors.NotInvited
    try:
        with transaction.atomic():
            return Participation.objects.create(
                town=round_.town,
                round=round_,
                user=user,
                group=group,
                channel=ParticipationChannel.MEMBER,
            )
    except IntegrityError:
        winner: Participation = Participation.objects.in_town(round_.town).get(
            round=round_, user=user
        )
        return winner


# --- Answering -----------------------------------------------------------------------------------


def _clean_entries(
    entries: Mapping[int, DraftEntry], allowed: Mapping[int, list[str]]
) -> dict[str, DraftEntry]:
    """Entries of the round's Stellschrauben (`allowed`: lever id -> its list kinds)."""
    cleaned: dict[str, DraftEntry] = {}
    for lever_id, entry in entries.items():
        if lever_id not in allowed:
            continue
        value = entry["value"]
        if value is not None and not SCALE_MIN <= value <= SCALE_MAX:
            continue
        cleaned[str(lever_id)] = DraftEntry(
            value=None if entry["dont_know"] else value,
            dont_know=bool(entry["dont_know"]),
            comment=entry["comment"].strip(),
            evidence_text=entry["evidence_text"].strip(),
            evidence_date=entry["evidence_date"] or None,
            evidence_url=entry["evidence_url"].strip(),
            items=clean_list_items(entry.get("items", []), allowed[lever_id]),
        )
    return cleaned


def _allowed_levers(round_: Round) -> dict[int, list[str]]:
    """The round's Stellschrauben with the kinds of their list answers."""
    return {
        lever_id: list(kinds or [])
        for lever_id, kinds in RoundLever.objects.filter(round=round_).values_list(
            "lever_id", "lever__list_kinds"
        )
    }


def participation_save(
    *, participation: Participation, entries: Mapping[int, DraftEntry]
) -> Participation:
    """Keep the given Einschätzungen in the draft (save and continue later).

    Entries replace earlier ones of the same Stellschraube; an entry with neither a value nor
    "weiß nicht" is kept only if it has text (so nothing typed is lost). Refused once the
    round is closed or the participation submitted: nothing is saved then. Locks the
    participation row (`core.locks.lock`), so two tabs saving at once merge their entries
    instead of one overwriting the other's.
    """
    with transaction.atomic():
        lock(participation)
        locked: Participation = Participation.objects.select_related("round").get(
            pk=participation.pk
        )
        ensure_accepting(locked.round)
        if locked.status == ParticipationStatus.SUBMITTED:
            raise errors.AlreadySubmitted
        draft: dict[str, Any] = dict(locked.draft)
        for key, entry in _clean_entries(entries, _allowed_levers(locked.round)).items():
            has_text = bool(entry.get("items")) or any(
                entry[k] for k in ("comment", "evidence_text", "evidence_date", "evidence_url")
            )
            if entry_is_empty(entry) and not has_text:
                draft.pop(key, None)
            else:
                draft[key] = entry
        locked.draft = draft
        locked.status = ParticipationStatus.STARTED
        locked.save(update_fields=["draft", "status"])
    return locked


def participation_submit(*, participation: Participation) -> int:
    """Turn the draft into answers, exactly once; returns the number of answers stored.

    The flip invited/started -> submitted is a conditional UPDATE whose row count is checked
    in the same transaction as the inserts: of two concurrent submits one flips and stores,
    the other sees 0 rows, raises `AlreadySubmitted` and stores nothing.
    """
    with transaction.atomic():
        round_ = Round.objects.get(pk=participation.round_id)
        ensure_accepting(round_)
        current = Participation.objects.filter(pk=participation.pk).values("status", "draft").get()
        if current["status"] == ParticipationStatus.SUBMITTED:
            raise errors.AlreadySubmitted
        draft = {int(k): v for k, v in (current["draft"] or {}).items()}
        entries = [
            (lever_id, e)
            for lever_id, e in _clean_entries(draft, _allowed_levers(round_)).items()
            if not entry_is_empty(e)
        ]
        if not entries:
            raise errors.NothingToSubmit
        flipped = Participation.objects.filter(SUBMITTABLE, pk=participation.pk).update(
            status=ParticipationStatus.SUBMITTED, submitted_at=timezone.now(), draft={}
        )
        if flipped != 1:
            raise errors.AlreadySubmitted
        _write_answers(
            round_=round_,
            group=participation.group,
            participation=None if round_.anonymous else participation,
            entries=entries,
        )
    participation.refresh_from_db(fields=["status", "submitted_at", "draft"])
    return len(entries)


def _write_answers(
    *,
    round_: Round,
    group: str,
    participation: Participation | None,
    entries: list[tuple[str, DraftEntry]],
) -> None:
    rows = [
        Answer(
            id=uuid.uuid4(),
            town_id=round_.town_id,
            round=round_,
            lever_id=int(lever_id),
            group=group,
            participation=participation,
            value=e["value"],
            dont_know=e["dont_know"],
            comment=e["comment"],
            evidence_text=e["evidence_text"][:300],
            evidence_date=(
                datetime.date.fromisoformat(e["evidence_date"]) if e["evidence_date"] else None
            ),
            evidence_url=e["evidence_url"],
        )
        for lever_id, e in entries
    ]
    items = [
        ListEntry(
            town_id=round_.town_id,
            answer=answer,
            round=round_,
            lever_id=answer.lever_id,
            group=group,
            kind=item["kind"],
            text=item["text"],
            note=item["note"],
            key=list_key(item["text"]),
        )
        for answer, (_lever_id, e) in zip(rows, entries, strict=True)
        for item in e.get("items", [])
    ]
    if participation is None:
        # Insertion order must not mirror the order of submissions.
        secrets.SystemRandom().shuffle(rows)
        secrets.SystemRandom().shuffle(items)
    Answer.objects.bulk_create(rows)
    ListEntry.objects.bulk_create(items)


def participation_enter_paper(
    *, round_: Round, group: str, entries: Mapping[int, DraftEntry], actor: User
) -> Participation:
    """Type in one paper sheet: a submitted participation of the group with its answers.

    The participation records who typed the sheet in (`entered_by`, and the audit log), so the
    results count the sheet as that person's padding (`results.padding_of`). Locks the round
    row like `round_snapshot_release`, so a snapshot never reads a sheet's answers without
    its enterer or the other way round.
    """
    _ensure_group(round_, group)
    cleaned = [
        (k, e)
        for k, e in _clean_entries(entries, _allowed_levers(round_)).items()
        if not entry_is_empty(e)
    ]
    if not cleaned:
        raise errors.NothingToSubmit
    with transaction.atomic():
        ensure_accepting(_lock_round(round_))
        participation: Participation = Participation.objects.create(
            town=round_.town,
            round=round_,
            group=group,
            channel=ParticipationChannel.PAPER,
            status=ParticipationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            entered_by=actor,
        )
        _write_answers(
            round_=round_,
            group=group,
            participation=None if round_.anonymous else participation,
            entries=cleaned,
        )
        audit(
            town=round_.town,
            actor=actor,
            action="logbook.round.paper_entered",
            target=round_.title,
            group=group,
            entered_by=actor.pk,
        )
    return participation
