"""Sign-ups, waiting lists, cancellations and swaps: the seats of a shift.

Lock: every write here takes the `Shift` row (`lock(shift)`, SELECT … FOR UPDATE) first and
re-reads the sign-ups inside the lock, so the number of people signed up never exceeds
`max_people`, a cancelled seat goes to the first person on the waiting list in the same
transaction, and a swap hands one seat from one person to another without a moment in which
a third person could take it. The partial unique constraint
`services_signup_once_per_shift` keeps one active row per person and shift.
"""

from __future__ import annotations

import enum
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from logbuch.core.locks import lock
from logbuch.towns.audit import audit
from logbuch.towns.models import User

from .. import notifications
from ..errors import (
    AlreadySignedUp,
    NotAllowed,
    OverlapWarning,
    QualificationMissing,
    ShiftFull,
    ShiftInPast,
    ShiftNotFull,
    SignUpChanged,
)
from ..models import (
    ACTIVE_SIGNUP,
    Qualification,
    Shift,
    SignUp,
    SignUpStatus,
    VolunteerQualification,
)


class CancelOutcome(enum.Enum):
    CANCELLED = "cancelled"
    RELEASE_REQUESTED = "release_requested"


def seats_taken(shift_id: int) -> int:
    """People signed up for the shift (read inside the shift lock by every writer)."""
    return SignUp.objects.filter(shift_id=shift_id, status=SignUpStatus.SIGNED_UP).count()


def _locked(shift: Shift) -> Shift:
    lock(shift)
    found: Shift = Shift.objects.select_related("service", "plan", "town").get(pk=shift.pk)
    return found


def missing_qualifications(*, shift: Shift, user: User) -> list[str]:
    """Why the person may not take this shift: each missing or expired qualification named."""
    if shift.plan_id is None:
        return []
    required: list[Qualification] = list(Qualification.objects.filter(plans__pk=shift.plan_id))
    if not required:
        return []
    held = dict(
        VolunteerQualification.objects.filter(user=user, qualification__in=required).values_list(
            "qualification_id", "valid_until"
        )
    )
    day = timezone.localtime(shift.starts_at).date()
    reasons = []
    for qualification in required:
        if qualification.pk not in held:
            reasons.append(
                _("„%(name)s“ ist für Sie nicht hinterlegt.") % {"name": qualification.name}
            )
        elif (valid_until := held[qualification.pk]) is not None and valid_until < day:
            reasons.append(
                _("„%(name)s“ gilt nur bis %(date)s, die Schicht ist später.")
                % {"name": qualification.name, "date": formats.date_format(valid_until)}
            )
    return reasons


def _refuse_missing(shift: Shift, user: User) -> None:
    reasons = missing_qualifications(shift=shift, user=user)
    if reasons:
        raise QualificationMissing(
            _("Eintragen nicht möglich: %(reasons)s Die Koordinierungsstelle kann das ändern.")
            % {"reasons": " ".join(reasons)}
        )


def overlapping_shifts(*, shift: Shift, user: User) -> list[Shift]:
    return list(
        Shift.objects.filter(
            signups__user=user,
            signups__status=SignUpStatus.SIGNED_UP,
            starts_at__lt=shift.ends_at,
            ends_at__gt=shift.starts_at,
        )
        .exclude(pk=shift.pk)
        .select_related("service")
        .distinct()
    )


def _refuse_started(shift: Shift) -> None:
    if shift.starts_at <= timezone.now():
        raise ShiftInPast


def _active(shift: Shift, user: User) -> SignUp | None:
    return SignUp.objects.filter(shift=shift, user=user, status__in=ACTIVE_SIGNUP).first()


def signup_create(
    *,
    shift: Shift,
    user: User,
    actor: User | None = None,
    confirm_overlap: bool = False,
) -> SignUp:
    """Put a person on a shift if a seat is free and they hold what the shift requires.

    `actor` other than `user` is the coordinator assigning someone (audited, the person is
    told). A full shift raises ShiftFull (the view offers the waiting list); an overlap with
    another of the person's shifts raises OverlapWarning unless `confirm_overlap`.
    """
    assigned = actor is not None and actor.pk != user.pk
    with transaction.atomic():
        shift = _locked(shift)
        _refuse_started(shift)
        if _active(shift, user):
            raise AlreadySignedUp
        _refuse_missing(shift, user)
        if seats_taken(shift.pk) >= shift.max_people:
            raise ShiftFull
        overlap = overlapping_shifts(shift=shift, user=user)
        if overlap and not confirm_overlap:
            raise OverlapWarning(overlap)
        try:
            with transaction.atomic():
                signup = SignUp.objects.create(
                    town_id=shift.town_id,
                    shift=shift,
                    user=user,
                    assigned_by=actor if assigned else None,
                    overlap_confirmed=bool(overlap),
                )
        except IntegrityError as exc:
            raise AlreadySignedUp from exc
        if assigned:
            audit(town=shift.town, actor=actor, action="services.signup.assigned", target=signup)
            notifications.notify_assigned(signup=signup)
    return signup


def waitlist_join(*, shift: Shift, user: User) -> SignUp:
    """Put a person on the waiting list of a full shift; they move up on a cancellation."""
    with transaction.atomic():
        shift = _locked(shift)
        _refuse_started(shift)
        if _active(shift, user):
            raise AlreadySignedUp
        _refuse_missing(shift, user)
        if seats_taken(shift.pk) < shift.max_people:
            raise ShiftNotFull
        return SignUp.objects.create(
            town_id=shift.town_id, shift=shift, user=user, status=SignUpStatus.WAITING
        )


def _move_up(shift: Shift) -> list[SignUp]:
    """Fill free seats from the waiting list, first come first served (inside the lock).

    Someone whose qualification has expired meanwhile stays waiting and is passed over.
    """
    moved: list[SignUp] = []
    free = shift.max_people - seats_taken(shift.pk)
    if free <= 0:
        return moved
    waiting = SignUp.objects.filter(shift=shift, status=SignUpStatus.WAITING).select_related("user")
    for candidate in waiting.order_by("created_at", "pk"):
        if free <= 0:
            break
        if missing_qualifications(shift=shift, user=candidate.user):
            continue
        candidate.status = SignUpStatus.SIGNED_UP
        candidate.save(update_fields=["status"])
        notifications.notify_moved_up(signup=candidate)
        moved.append(candidate)
        free -= 1
    return moved


def signup_cancel(*, signup: SignUp, actor: User, is_coordinator: bool = False) -> CancelOutcome:
    """Take a person off a shift (or its waiting list); the waiting list moves up at once.

    Inside the service's notice period only the coordinator can release someone: a
    volunteer's cancellation then becomes a request for release and the coordinators are
    told (the person stays on the shift until released).
    """
    with transaction.atomic():
        shift = _locked(signup.shift)
        signup = SignUp.objects.select_related("user").get(pk=signup.pk)
        if signup.user_id != actor.pk and not is_coordinator:
            raise NotAllowed
        if signup.status not in ACTIVE_SIGNUP:
            raise SignUpChanged
        now = timezone.now()
        if signup.status == SignUpStatus.SIGNED_UP:
            if not is_coordinator:
                _refuse_started(shift)
            notice = timedelta(hours=shift.service.cancel_notice_hours)
            if not is_coordinator and shift.starts_at - now < notice:
                if signup.release_requested_at is None:
                    signup.release_requested_at = now
                    signup.save(update_fields=["release_requested_at"])
                    notifications.notify_release_requested(signup=signup)
                return CancelOutcome.RELEASE_REQUESTED
        was_signed_up = signup.status == SignUpStatus.SIGNED_UP
        signup.status = SignUpStatus.CANCELLED
        signup.ended_at = now
        signup.swap_offered_at = None
        signup.save(update_fields=["status", "ended_at", "swap_offered_at"])
        if signup.user_id != actor.pk:
            audit(town=shift.town, actor=actor, action="services.signup.released", target=signup)
            notifications.notify_released(signup=signup)
        if was_signed_up:
            _move_up(shift)
    return CancelOutcome.CANCELLED


def signup_offer_swap(*, signup: SignUp, actor: User, offered: bool = True) -> None:
    """Offer one's own seat for a swap (or take the offer back); the seat stays held."""
    with transaction.atomic():
        shift = _locked(signup.shift)
        if signup.user_id != actor.pk:
            raise NotAllowed
        _refuse_started(shift)
        changed = SignUp.objects.filter(pk=signup.pk, status=SignUpStatus.SIGNED_UP).update(
            swap_offered_at=timezone.now() if offered else None
        )
        if not changed:
            raise SignUpChanged


def signup_take_swap(*, signup: SignUp, user: User, confirm_overlap: bool = False) -> SignUp:
    """Take over a seat offered for swap: the offer ends and the new person holds the seat,
    in one transaction under the shift lock (the number of people never changes)."""
    with transaction.atomic():
        shift = _locked(signup.shift)
        offered = SignUp.objects.select_related("user").get(pk=signup.pk)
        if offered.status != SignUpStatus.SIGNED_UP or offered.swap_offered_at is None:
            raise SignUpChanged
        if offered.user_id == user.pk:
            raise AlreadySignedUp(_("Das ist Ihre eigene Schicht."))
        _refuse_started(shift)
        mine = _active(shift, user)
        if mine is not None and mine.status == SignUpStatus.SIGNED_UP:
            raise AlreadySignedUp
        _refuse_missing(shift, user)
        overlap = overlapping_shifts(shift=shift, user=user)
        if overlap and not confirm_overlap:
            raise OverlapWarning(overlap)
        now = timezone.now()
        if mine is not None:  # on the waiting list: that place is no longer needed
            mine.status = SignUpStatus.CANCELLED
            mine.ended_at = now
            mine.save(update_fields=["status", "ended_at"])
        offered.status = SignUpStatus.SWAPPED
        offered.swap_offered_at = None
        offered.ended_at = now
        offered.save(update_fields=["status", "swap_offered_at", "ended_at"])
        taken = SignUp.objects.create(
            town_id=shift.town_id, shift=shift, user=user, overlap_confirmed=bool(overlap)
        )
        notifications.notify_swap_taken(old=offered, new=taken)
    return taken
