"""Signing up, waiting list, cancelling, swapping and assigning (services, one thread)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from logbuch.services.errors import (
    AlreadySignedUp,
    NotAllowed,
    OverlapWarning,
    QualificationMissing,
    ShiftFull,
    ShiftInPast,
    ShiftNotFull,
    SignUpChanged,
)
from logbuch.services.models import SignUp, SignUpStatus
from logbuch.services.services import shifts as svc
from logbuch.towns.models import AuditEntry, Role

from .factories import (
    QualificationFactory,
    ShiftFactory,
    ShiftPlanFactory,
    VolunteerQualificationFactory,
)

pytestmark = pytest.mark.django_db

S = SignUpStatus


def _signed(shift):
    return list(
        SignUp.objects.filter(shift=shift, status=S.SIGNED_UP).values_list("user_id", flat=True)
    )


def test_sign_up_takes_a_seat(shift, volunteer):
    signup = svc.signup_create(shift=shift, user=volunteer)
    assert signup.status == S.SIGNED_UP
    assert _signed(shift) == [volunteer.pk]


def test_a_full_shift_refuses_and_offers_the_waiting_list(shift, volunteers):
    a, b, c = volunteers(3)
    svc.signup_create(shift=shift, user=a)
    svc.signup_create(shift=shift, user=b)
    with pytest.raises(ShiftFull, match="Warteliste"):
        svc.signup_create(shift=shift, user=c)
    waiting = svc.waitlist_join(shift=shift, user=c)
    assert waiting.status == S.WAITING


def test_waiting_list_only_when_full(shift, volunteer):
    with pytest.raises(ShiftNotFull):
        svc.waitlist_join(shift=shift, user=volunteer)


def test_nobody_holds_the_same_shift_twice(shift, volunteer):
    svc.signup_create(shift=shift, user=volunteer)
    with pytest.raises(AlreadySignedUp):
        svc.signup_create(shift=shift, user=volunteer)


def test_the_database_refuses_a_second_active_row(shift, volunteer):
    SignUp.objects.create(town=shift.town, shift=shift, user=volunteer)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(town=shift.town, shift=shift, user=volunteer, status=S.WAITING)


def test_missing_qualification_is_named(town, volunteer):
    licence = QualificationFactory(town=town, name="Personenbeförderungsschein")
    plan = ShiftPlanFactory(town=town)
    plan.required_qualifications.add(licence)
    shift = ShiftFactory(town=town, service=plan.service, plan=plan)
    with pytest.raises(QualificationMissing, match=r"Personenbeförderungsschein.*nicht hinterlegt"):
        svc.signup_create(shift=shift, user=volunteer)


def test_expired_qualification_is_refused_with_its_date(town, volunteer):
    licence = QualificationFactory(town=town, name="Erste Hilfe")
    plan = ShiftPlanFactory(town=town)
    plan.required_qualifications.add(licence)
    shift = ShiftFactory(town=town, service=plan.service, plan=plan)
    expired = timezone.localdate() - timedelta(days=1)
    VolunteerQualificationFactory(
        town=town, user=volunteer, qualification=licence, valid_until=expired
    )
    with pytest.raises(QualificationMissing, match=r"Erste Hilfe.*gilt nur bis"):
        svc.signup_create(shift=shift, user=volunteer)
    VolunteerQualificationFactory._meta.model.objects.filter(user=volunteer).update(
        valid_until=timezone.localdate() + timedelta(days=30)
    )
    assert svc.signup_create(shift=shift, user=volunteer).status == S.SIGNED_UP


def test_overlap_needs_a_confirmation(shift, volunteer):
    other = ShiftFactory(
        town=shift.town,
        starts_at=shift.starts_at + timedelta(hours=2),
        ends_at=shift.ends_at + timedelta(hours=2),
    )
    svc.signup_create(shift=shift, user=volunteer)
    with pytest.raises(OverlapWarning) as caught:
        svc.signup_create(shift=other, user=volunteer)
    assert [s.pk for s in caught.value.overlapping] == [shift.pk]
    signup = svc.signup_create(shift=other, user=volunteer, confirm_overlap=True)
    assert signup.overlap_confirmed


def test_cancel_moves_the_waiting_list_up(shift, volunteers, sending):
    a, b, c = volunteers(3)
    first = svc.signup_create(shift=shift, user=a)
    svc.signup_create(shift=shift, user=b)
    svc.waitlist_join(shift=shift, user=c)
    with time_machine.travel(shift.starts_at - timedelta(days=3)), sending() as outbox:
        assert svc.signup_cancel(signup=first, actor=a) is svc.CancelOutcome.CANCELLED
    assert sorted(_signed(shift)) == sorted([b.pk, c.pk])
    assert any("Nachgerückt" in m.subject and m.to == [c.email] for m in outbox)


def test_cancel_inside_notice_period_asks_the_coordinator(shift, volunteer, coordinator, sending):
    signup = svc.signup_create(shift=shift, user=volunteer)
    with time_machine.travel(shift.starts_at - timedelta(hours=10)), sending() as outbox:
        outcome = svc.signup_cancel(signup=signup, actor=volunteer)
    assert outcome is svc.CancelOutcome.RELEASE_REQUESTED
    signup.refresh_from_db()
    assert signup.status == S.SIGNED_UP and signup.release_requested_at
    assert [m.to for m in outbox if "Absage innerhalb der Frist" in m.subject] == [
        [coordinator.email]
    ]
    with time_machine.travel(shift.starts_at - timedelta(hours=9)):
        svc.signup_cancel(signup=signup, actor=coordinator, is_coordinator=True)
    signup.refresh_from_db()
    assert signup.status == S.CANCELLED
    assert AuditEntry.objects.filter(action="services.signup.released").count() == 1


def test_only_the_person_or_the_coordinator_cancels(shift, volunteers):
    a, b = volunteers(2)
    signup = svc.signup_create(shift=shift, user=a)
    with pytest.raises(NotAllowed):
        svc.signup_cancel(signup=signup, actor=b)


def test_swap_hands_the_seat_over_in_one_step(shift, volunteers, sending):
    a, b, c = volunteers(3)
    offered = svc.signup_create(shift=shift, user=a)
    svc.signup_create(shift=shift, user=b)
    svc.signup_offer_swap(signup=offered, actor=a)
    with sending() as outbox:
        taken = svc.signup_take_swap(signup=offered, user=c)
    offered.refresh_from_db()
    assert offered.status == S.SWAPPED
    assert taken.status == S.SIGNED_UP
    assert sorted(_signed(shift)) == sorted([b.pk, c.pk])
    assert any("übernommen" in m.subject and m.to == [a.email] for m in outbox)
    with pytest.raises(SignUpChanged):
        svc.signup_take_swap(signup=offered, user=c)


def test_a_seat_not_offered_cannot_be_taken(shift, volunteers):
    a, b = volunteers(2)
    signup = svc.signup_create(shift=shift, user=a)
    with pytest.raises(SignUpChanged):
        svc.signup_take_swap(signup=signup, user=b)


def test_coordinator_assigns_and_the_person_is_told(shift, volunteer, coordinator, sending):
    with sending() as outbox:
        signup = svc.signup_create(shift=shift, user=volunteer, actor=coordinator)
    assert signup.assigned_by == coordinator
    assert AuditEntry.objects.filter(action="services.signup.assigned").exists()
    assert any("Eingeteilt" in m.subject for m in outbox)


def test_assignment_respects_capacity(shift, volunteers, coordinator):
    a, b, c = volunteers(3)
    svc.signup_create(shift=shift, user=a)
    svc.signup_create(shift=shift, user=b)
    with pytest.raises(ShiftFull):
        svc.signup_create(shift=shift, user=c, actor=coordinator)


def test_past_shift_refuses_sign_up(town, volunteer, make_member):
    past = ShiftFactory(
        town=town,
        starts_at=timezone.now() - timedelta(hours=5),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(ShiftInPast):
        svc.signup_create(shift=past, user=volunteer)
    assert make_member(town, Role.VOLUNTEER)
