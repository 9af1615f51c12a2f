"""Writes and business rules of the Stellschrauben-Check: town levers, rounds, answering.

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

Results of an open round are never shown live; `round_snapshot_release` freezes a Zwischenstand
under the rules of `results.snapshot_step`.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from logbuch.core.emails import email_after_commit
from logbuch.core.locks import lock
from logbuch.towns.models import Membership, Town, User
from logbuch.towns.services import audit_record

from . import errors
from .models import (
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Area,
    CatalogueVersion,
    CodeBatch,
    HiddenLever,
    JournalEntry,
    Lever,
    Measure,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    ResultSnapshot,
    Round,
    RoundLever,
    RoundStatus,
)
from .results import MIN_ANSWERS, FrozenCell, snapshot_step
from .selectors_results import answer_counts, paper_counts, snapshot_state

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from paper
CODE_LENGTH = 10
MAX_CODES_PER_BATCH = 500
MIN_CODES_PER_BATCH = MIN_ANSWERS
OPEN_STATUSES = (ParticipationStatus.INVITED, ParticipationStatus.STARTED)


class DraftEntry(TypedDict):
    """One Stellschraube's Einschätzung as kept in a draft (JSON-serialisable)."""

    value: int | None
    dont_know: bool
    comment: str
    evidence_text: str
    evidence_date: str | None
    evidence_url: str


def entry_is_empty(entry: DraftEntry) -> bool:
    return entry["value"] is None and not entry["dont_know"]


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


# --- Town levers ---------------------------------------------------------------------------------


def lever_add(
    *, town: Town, area: Area, title: str, question: str, help_text: str = "", actor: User
) -> Lever:
    """A town's own Stellschraube in an area of the current catalogue."""
    if not area.version.is_current:
        raise errors.LeverNotEditable
    with transaction.atomic():
        last = (
            Lever.objects.filter(area=area).order_by("-position").values_list("position", flat=True)
        ).first()
        lever = Lever.objects.create(
            area=area,
            town=town,
            position=(last or 0) + 1,
            title=title,
            question=question,
            help_text=help_text,
        )
        audit_record(town=town, actor=actor, action="lever_add", target=title)
    return lever


def _lever_in_use(lever: Lever) -> bool:
    return (
        RoundLever.objects.filter(lever=lever).exists()
        or Answer.objects.filter(lever=lever).exists()
        or Measure.objects.filter(lever=lever).exists()
        or JournalEntry.levers.through.objects.filter(lever=lever).exists()
    )


def lever_hide(*, town: Town, lever: Lever, actor: User) -> str:
    """Leave a Stellschraube out of the town's future rounds.

    Shared ones are hidden for this town only. An own one that was ever used (in a round, an
    answer, a measure or the journal) is archived, never deleted, so old results stay intact;
    an unused own one is deleted. Returns "hidden", "archived" or "deleted".
    """
    with transaction.atomic():
        if lever.town_id is None:
            HiddenLever.objects.get_or_create(
                town=town, lever=lever, defaults={"hidden_by_user": actor}
            )
            outcome = "hidden"
        elif lever.town_id == town.pk:
            if _lever_in_use(lever):
                Lever.objects.filter(pk=lever.pk, archived_at__isnull=True).update(
                    archived_at=timezone.now()
                )
                outcome = "archived"
            else:
                lever.delete()
                outcome = "deleted"
        else:
            raise errors.LeverNotEditable
        audit_record(town=town, actor=actor, action=f"lever_{outcome}", target=lever.title)
    return outcome


def lever_show(*, town: Town, lever: Lever, actor: User) -> None:
    """Undo `lever_hide` (for shared and archived own Stellschrauben)."""
    with transaction.atomic():
        if lever.town_id is None:
            HiddenLever.objects.in_town(town).filter(lever=lever).delete()
        elif lever.town_id == town.pk:
            Lever.objects.filter(pk=lever.pk).update(archived_at=None)
        else:
            raise errors.LeverNotEditable
        audit_record(town=town, actor=actor, action="lever_show", target=lever.title)


# --- Rounds --------------------------------------------------------------------------------------


def round_open(
    *,
    town: Town,
    actor: User,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    groups: Sequence[str],
    anonymous: bool,
) -> Round:
    """Open a round on the current catalogue and freeze the town's Stellschrauben into it."""
    if ends_on < starts_on:
        raise errors.InvalidPeriod
    chosen = [g for g in ParticipantGroup.values if g in set(groups)]
    if not chosen or len(chosen) != len(set(groups)):
        raise errors.InvalidGroups
    version = CatalogueVersion.objects.get(is_current=True)
    with transaction.atomic():
        levers = list(
            Lever.objects.for_town(town, version=version).order_by(
                "area__position", "town", "position", "id"
            )
        )
        if not levers:
            raise errors.NoLevers
        round_ = Round.objects.create(
            town=town,
            title=title,
            catalogue_version=version,
            starts_on=starts_on,
            ends_on=ends_on,
            groups=chosen,
            anonymous=anonymous,
            created_by=actor,
        )
        RoundLever.objects.bulk_create(
            [
                RoundLever(town=town, round=round_, lever=lever, position=i)
                for i, lever in enumerate(levers, start=1)
            ]
        )
        audit_record(town=town, actor=actor, action="round_open", target=title, anonymous=anonymous)
    return round_


def round_close(*, round_: Round, actor: User | None) -> None:
    """Close a round now; a second close (hand and task at once) is refused, not repeated."""
    with transaction.atomic():
        closed = Round.objects.filter(pk=round_.pk, status=RoundStatus.OPEN).update(
            status=RoundStatus.CLOSED, closed_at=timezone.now()
        )
        if not closed:
            raise errors.RoundAlreadyClosed
        audit_record(town=round_.town, actor=actor, action="round_close", target=round_.title)
    round_.refresh_from_db(fields=["status", "closed_at"])


def rounds_close_due(*, today: datetime.date | None = None) -> int:
    """Close every open round (of all towns) whose end date has passed; returns how many.

    The end date is the last day on which answers are taken.
    """
    today = today or timezone.localdate()
    closed = 0
    due = Round.objects.filter(status=RoundStatus.OPEN, ends_on__lt=today).select_related("town")
    for round_ in due:
        try:
            round_close(round_=round_, actor=None)
        except errors.RoundAlreadyClosed:
            continue
        closed += 1
    return closed


def ensure_accepting(round_: Round) -> None:
    today = timezone.localdate()
    if round_.status != RoundStatus.OPEN or today > round_.ends_on:
        raise errors.RoundClosed
    if today < round_.starts_on:
        raise errors.RoundNotStarted


def _ensure_group(round_: Round, group: str) -> None:
    if group not in round_.groups:
        raise errors.GroupNotInRound


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
        audit_record(
            town=town,
            actor=actor,
            action="round_invite",
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
        audit_record(
            town=round_.town,
            actor=actor,
            action="round_codes",
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


def _clean_entries(entries: Mapping[int, DraftEntry], allowed: set[int]) -> dict[str, DraftEntry]:
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
        )
    return cleaned


def _allowed_levers(round_: Round) -> set[int]:
    return set(RoundLever.objects.filter(round=round_).values_list("lever_id", flat=True))


def participation_save(
    *, participation: Participation, entries: Mapping[int, DraftEntry]
) -> Participation:
    """Keep the given Einschätzungen in the draft (save and continue later).

    Entries replace earlier ones of the same Stellschraube; an entry with neither a value nor
    "weiß nicht" is kept only if it has text (so nothing typed is lost). Refused once the
    round is closed or the participation submitted: nothing is saved then.
    """
    with transaction.atomic():
        locked: Participation = (
            Participation.objects.select_for_update()
            .select_related("round")
            .get(pk=participation.pk)
        )
        ensure_accepting(locked.round)
        if locked.status == ParticipationStatus.SUBMITTED:
            raise errors.AlreadySubmitted
        draft: dict[str, Any] = dict(locked.draft)
        for key, entry in _clean_entries(entries, _allowed_levers(locked.round)).items():
            has_text = any(
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
        flipped = Participation.objects.filter(
            pk=participation.pk, status__in=OPEN_STATUSES
        ).update(status=ParticipationStatus.SUBMITTED, submitted_at=timezone.now(), draft={})
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
    if participation is None:
        # Insertion order must not mirror the order of submissions.
        secrets.SystemRandom().shuffle(rows)
    Answer.objects.bulk_create(rows)


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
        audit_record(
            town=round_.town,
            actor=actor,
            action="round_paper",
            target=round_.title,
            group=group,
            entered_by=actor.pk,
        )
    return participation


# --- Snapshots (Zwischenstände) ------------------------------------------------------------------


def _lock_round(round_: Round) -> Round:
    """Lock the round row (`core.locks.lock`) and re-read it inside the lock."""
    lock(round_)
    locked: Round = Round.objects.select_related("town").get(pk=round_.pk)
    return locked


def snapshot_cells_dump(state: Mapping[int, Mapping[str, FrozenCell]]) -> dict[str, Any]:
    return {
        str(lever_id): {
            group: {"counts": [*cell.counts.values, cell.counts.dont_know], "paper": cell.paper}
            for group, cell in cells.items()
        }
        for lever_id, cells in state.items()
    }


def round_snapshot_release(*, round_: Round, actor: User) -> tuple[ResultSnapshot, frozenset[str]]:
    """Release a Zwischenstand of an open round: a frozen copy of the aggregated counts.

    Each group's cell takes in the answers that came since it last moved only if they are at
    least `MIN_ANSWERS` besides one enterer's paper sheets (`results.snapshot_step`); groups
    with fewer keep their old figures (returned as the second item, so the coordinator is told).
    Refused (`SnapshotNothingNew`) when no group moves.
    Locks the round row, so two releases at once number and build on each other, and paper
    sheets wait while the counts are read.
    """
    with transaction.atomic():
        locked = _lock_round(round_)
        if locked.status != RoundStatus.OPEN:
            raise errors.RoundClosed
        last = ResultSnapshot.objects.in_town(locked.town).filter(round=locked).last()
        current = answer_counts(town=locked.town, rounds=[locked])[locked.pk]
        step = snapshot_step(
            snapshot_state(last),
            current,
            paper_counts(town=locked.town, rounds=[locked])[locked.pk],
        )
        if not step.moved:
            raise errors.SnapshotNothingNew
        snapshot = ResultSnapshot.objects.create(
            town=locked.town,
            round=locked,
            number=(last.number + 1) if last else 1,
            released_at=timezone.now(),
            released_by=actor,
            cells=snapshot_cells_dump(step.state),
        )
        audit_record(
            town=locked.town,
            actor=actor,
            action="round_snapshot",
            target=locked.title,
            number=snapshot.number,
            waiting=sorted(step.waiting),
        )
    return snapshot, step.waiting
