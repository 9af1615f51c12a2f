"""Business rules of rounds, participation and answering."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoCaptureOnCommitCallbacks

from logbuch.logbook import errors
from logbuch.logbook.models import (
    Answer,
    HiddenLever,
    Lever,
    ParticipantGroup,
    Participation,
    ParticipationStatus,
    Round,
    RoundLever,
    RoundStatus,
)
from logbuch.logbook.services.catalogue import lever_add, lever_hide, lever_show
from logbuch.logbook.services.participation import (
    code_normalise,
    participation_by_code,
    participation_by_token,
    participation_enter_paper,
    participation_for_member,
    participation_save,
    participation_submit,
    round_codes_create,
    round_invite_group,
)
from logbuch.logbook.services.rounds import round_close, round_open, rounds_close_due
from logbuch.logbook.tasks import close_due_rounds_task
from logbuch.logbook.tests.factories import AnswerFactory, LeverFactory, RoundFactory
from logbuch.logbook.tests.helpers import entry
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 4)


def open_round(town: Town, actor: User, *, anonymous: bool = False, **kw: object) -> Round:
    defaults: dict[str, object] = {
        "title": "Runde 2026",
        "starts_on": timezone.localdate() - datetime.timedelta(days=1),
        "ends_on": timezone.localdate() + datetime.timedelta(days=30),
        "groups": [ParticipantGroup.STAFF, ParticipantGroup.VOLUNTEER],
        "anonymous": anonymous,
    }
    defaults.update(kw)
    return round_open(town=town, actor=actor, **defaults)  # type: ignore[arg-type]


def lever_ids(round_: Round) -> list[int]:
    return list(
        RoundLever.objects.filter(round=round_)
        .order_by("position")
        .values_list("lever_id", flat=True)
    )


# --- Rounds ---------------------------------------------------------------------------------


def test_open_round_freezes_the_towns_22_levers(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator)
    assert round_.status == RoundStatus.OPEN
    assert round_.catalogue_version.is_current
    assert RoundLever.objects.filter(round=round_).count() == 22
    assert AuditEntry.objects.filter(town=town, action="logbook.round.opened").exists()


def test_hidden_and_own_levers_change_new_rounds_only(town: Town, coordinator: User) -> None:
    first = open_round(town, coordinator)
    shared = Lever.objects.get(code="S09", town__isnull=True)
    lever_hide(town=town, lever=shared, actor=coordinator)
    area = shared.area
    own = lever_add(
        town=town,
        area=area,
        title="Vereinsheim",
        question="Gibt es ein Vereinsheim?",
        actor=coordinator,
    )
    second = open_round(town, coordinator)
    assert shared.pk in lever_ids(first)
    assert own.pk not in lever_ids(first)
    assert shared.pk not in lever_ids(second)
    assert own.pk in lever_ids(second)
    assert len(lever_ids(second)) == 22


def test_hiding_is_per_town(town: Town, other_town: Town, coordinator: User) -> None:
    shared = Lever.objects.get(code="S09", town__isnull=True)
    lever_hide(town=town, lever=shared, actor=coordinator)
    assert not Lever.objects.for_town(town).filter(pk=shared.pk).exists()
    assert Lever.objects.for_town(other_town).filter(pk=shared.pk).exists()


def test_own_lever_with_answers_is_archived_never_deleted(town: Town, coordinator: User) -> None:
    area = Lever.objects.filter(town__isnull=True).first().area  # type: ignore[union-attr]
    own = lever_add(town=town, area=area, title="Eigen", question="Eigen?", actor=coordinator)
    round_ = open_round(town, coordinator)
    AnswerFactory(town=town, round=round_, lever=own)
    assert lever_hide(town=town, lever=own, actor=coordinator) == "archived"
    own.refresh_from_db()
    assert own.archived_at is not None
    assert Answer.objects.filter(lever=own).count() == 1
    assert not Lever.objects.for_town(town).filter(pk=own.pk).exists()
    lever_show(town=town, lever=own, actor=coordinator)
    own.refresh_from_db()
    assert own.archived_at is None


def test_unused_own_lever_is_removed(town: Town, coordinator: User) -> None:
    own = LeverFactory(town=town)
    assert lever_hide(town=town, lever=own, actor=coordinator) == "deleted"
    assert not Lever.objects.filter(pk=own.pk).exists()


def test_another_towns_lever_cannot_be_hidden(
    town: Town, other_town: Town, coordinator: User
) -> None:
    foreign = LeverFactory(town=other_town)
    with pytest.raises(errors.LeverNotEditable):
        lever_hide(town=town, lever=foreign, actor=coordinator)
    assert not HiddenLever.objects.exists()


def test_round_period_and_groups_are_checked(town: Town, coordinator: User) -> None:
    with pytest.raises(errors.InvalidPeriod):
        open_round(
            town,
            coordinator,
            starts_on=datetime.date(2026, 5, 2),
            ends_on=datetime.date(2026, 5, 1),
        )
    with pytest.raises(errors.InvalidGroups):
        open_round(town, coordinator, groups=[])
    with pytest.raises(errors.InvalidGroups):
        open_round(town, coordinator, groups=["coordinator"])


def test_round_constraints_hold_in_the_database(town: Town) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundFactory(town=town, status=RoundStatus.CLOSED, closed_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundFactory(
            town=town, starts_on=datetime.date(2026, 2, 1), ends_on=datetime.date(2026, 1, 1)
        )


def test_close_by_hand_once(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator)
    round_close(round_=round_, actor=coordinator)
    assert round_.status == RoundStatus.CLOSED
    assert round_.closed_at is not None
    with pytest.raises(errors.RoundAlreadyClosed):
        round_close(round_=round_, actor=coordinator)


def test_due_rounds_close_after_their_end_date(town: Town, coordinator: User) -> None:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC)):
        ending_today = open_round(town, coordinator, ends_on=TODAY)
        later = open_round(town, coordinator, ends_on=TODAY + datetime.timedelta(days=3))
        assert rounds_close_due() == 0
    with time_machine.travel(datetime.datetime(2026, 5, 5, 10, tzinfo=datetime.UTC)):
        assert rounds_close_due() == 1
    ending_today.refresh_from_db()
    later.refresh_from_db()
    assert ending_today.status == RoundStatus.CLOSED
    assert later.status == RoundStatus.OPEN


def test_the_background_task_closes_due_rounds(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator, starts_on=TODAY, ends_on=TODAY)
    with time_machine.travel(datetime.datetime(2026, 5, 6, 10, tzinfo=datetime.UTC)):
        result = close_due_rounds_task.enqueue()
    assert result.return_value == 1
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


def test_the_management_command_closes_due_rounds(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator, starts_on=TODAY, ends_on=TODAY)
    with time_machine.travel(datetime.datetime(2026, 5, 6, 10, tzinfo=datetime.UTC)):
        call_command("close_due_rounds")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


# --- Invitations and codes --------------------------------------------------------------------


def test_invite_group_mails_a_personal_link_once(
    town: Town,
    coordinator: User,
    make_member: Callable[..., User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    staff = [make_member(town, Role.STAFF) for _ in range(3)]
    make_member(town, Role.STAFF, email=None)
    make_member(town, Role.VOLUNTEER)
    round_ = open_round(town, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invited, skipped = round_invite_group(
            round_=round_, group="staff", actor=coordinator, base_url="http://testserver/"
        )
    assert (invited, skipped) == (3, 1)
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {u.email for u in staff}
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if line.startswith("http://testserver/"))
    token = link.rstrip("/").rsplit("/", 1)[1]
    participation = participation_by_token(town=town, token=token)
    assert participation.user in staff
    assert participation.secret_hash is not None
    assert token not in participation.secret_hash  # only the hash is stored
    invited_again, _ = round_invite_group(
        round_=round_, group="staff", actor=coordinator, base_url="http://testserver/"
    )
    assert invited_again == 0


def test_codes_are_hashed_and_work_once(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator)
    codes = round_codes_create(round_=round_, group="volunteer", count=5, actor=coordinator)
    assert len(set(codes)) == 5
    stored = set(Participation.objects.filter(round=round_).values_list("secret_hash", flat=True))
    assert not any(code_normalise(c) in h for c in codes for h in stored)
    participation = participation_by_code(town=town, code=codes[0].lower().replace("-", " "))
    participation_save(participation=participation, entries={lever_ids(round_)[0]: entry()})
    participation_submit(participation=participation)
    with pytest.raises(errors.AccessInvalid):
        participation_by_code(town=town, code=codes[0])
    with pytest.raises(errors.AccessInvalid):
        participation_by_code(town=town, code="AAAAA-AAAAA")


def test_codes_of_one_town_do_not_open_another(
    town: Town, other_town: Town, coordinator: User
) -> None:
    round_ = open_round(town, coordinator)
    code = round_codes_create(round_=round_, group="staff", count=3, actor=coordinator)[0]
    with pytest.raises(errors.AccessInvalid):
        participation_by_code(town=other_town, code=code)


def test_codes_only_for_groups_of_the_round(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator)
    with pytest.raises(errors.GroupNotInRound):
        round_codes_create(round_=round_, group="council", count=3, actor=coordinator)


# --- Answering --------------------------------------------------------------------------------


def test_member_takes_part_once_in_their_group(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.VOLUNTEER, Role.STAFF)
    round_ = open_round(town, coordinator)
    roles = frozenset({"volunteer", "staff"})
    first = participation_for_member(round_=round_, user=person, roles=roles)
    again = participation_for_member(round_=round_, user=person, roles=roles)
    assert first.pk == again.pk
    assert first.group == "staff"
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            town=town, round=round_, user=person, group="volunteer", channel="member"
        )


def test_member_outside_the_groups_is_refused(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    council = make_member(town, Role.COUNCIL)
    round_ = open_round(town, coordinator)
    with pytest.raises(errors.NotInvited):
        participation_for_member(round_=round_, user=council, roles=frozenset({"council"}))


def test_draft_then_submit_writes_answers_once(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.STAFF)
    round_ = open_round(town, coordinator)
    ids = lever_ids(round_)
    p = participation_for_member(round_=round_, user=person, roles=frozenset({"staff"}))
    participation_save(participation=p, entries={ids[0]: entry(4), ids[1]: entry(1)})
    assert Answer.objects.count() == 0  # drafts are not answers
    participation_save(
        participation=p, entries={ids[1]: entry(None, dont_know=True, comment="Unklar")}
    )
    p.refresh_from_db()
    assert p.status == ParticipationStatus.STARTED
    assert participation_submit(participation=p) == 2
    answers = {a.lever_id: a for a in Answer.objects.filter(round=round_)}
    assert answers[ids[0]].value == 4
    assert answers[ids[1]].value is None
    assert answers[ids[1]].dont_know
    assert answers[ids[1]].comment == "Unklar"
    assert answers[ids[0]].participation_id == p.pk
    assert answers[ids[0]].group == "staff"
    with pytest.raises(errors.AlreadySubmitted):
        participation_submit(participation=p)
    with pytest.raises(errors.AlreadySubmitted):
        participation_save(participation=p, entries={ids[2]: entry(2)})
    assert Answer.objects.count() == 2


def test_anonymous_answers_carry_no_link_to_the_person(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.VOLUNTEER)
    round_ = open_round(town, coordinator, anonymous=True)
    ids = lever_ids(round_)
    p = participation_for_member(round_=round_, user=person, roles=frozenset({"volunteer"}))
    participation_save(participation=p, entries={i: entry(2) for i in ids[:5]})
    participation_submit(participation=p)
    answers = Answer.objects.filter(round=round_)
    assert answers.count() == 5
    assert all(a.participation_id is None and a.group == "volunteer" for a in answers)
    p.refresh_from_db()
    assert p.is_submitted  # only the marker that the person took part
    assert p.draft == {}
    field_names = {f.name for f in Answer._meta.get_fields()}
    assert not field_names & {"user", "ip", "ip_address", "user_agent", "created_at"}


def test_answering_a_closed_round_saves_nothing(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.STAFF)
    round_ = open_round(town, coordinator)
    ids = lever_ids(round_)
    p = participation_for_member(round_=round_, user=person, roles=frozenset({"staff"}))
    participation_save(participation=p, entries={ids[0]: entry(1)})
    round_close(round_=round_, actor=coordinator)
    with pytest.raises(errors.RoundClosed):
        participation_save(participation=p, entries={ids[0]: entry(4)})
    with pytest.raises(errors.RoundClosed):
        participation_submit(participation=p)
    p.refresh_from_db()
    assert p.draft[str(ids[0])]["value"] == 1
    assert Answer.objects.count() == 0


def test_a_round_past_its_end_date_takes_no_answers_before_the_task_ran(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.STAFF)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC)):
        round_ = open_round(town, coordinator, starts_on=TODAY, ends_on=TODAY)
        p = participation_for_member(round_=round_, user=person, roles=frozenset({"staff"}))
    with (
        time_machine.travel(datetime.datetime(2026, 5, 5, 10, tzinfo=datetime.UTC)),
        pytest.raises(errors.RoundClosed),
    ):
        participation_save(participation=p, entries={lever_ids(round_)[0]: entry()})


def test_submit_needs_at_least_one_answer(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.STAFF)
    round_ = open_round(town, coordinator)
    p = participation_for_member(round_=round_, user=person, roles=frozenset({"staff"}))
    with pytest.raises(errors.NothingToSubmit):
        participation_submit(participation=p)
    p.refresh_from_db()
    assert not p.is_submitted


def test_levers_outside_the_round_are_ignored(
    town: Town, other_town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.STAFF)
    round_ = open_round(town, coordinator)
    foreign = LeverFactory(town=other_town)
    p = participation_for_member(round_=round_, user=person, roles=frozenset({"staff"}))
    participation_save(
        participation=p, entries={foreign.pk: entry(4), lever_ids(round_)[0]: entry(1)}
    )
    participation_submit(participation=p)
    assert list(Answer.objects.values_list("lever_id", flat=True)) == [lever_ids(round_)[0]]


def test_paper_sheet_is_stored_as_submitted_participation(town: Town, coordinator: User) -> None:
    round_ = open_round(town, coordinator, anonymous=True)
    ids = lever_ids(round_)
    p = participation_enter_paper(
        round_=round_,
        group="volunteer",
        entries={ids[0]: entry(0), ids[1]: entry(4)},
        actor=coordinator,
    )
    assert p.is_submitted
    assert p.channel == "paper"
    assert p.user_id is None
    assert Answer.objects.filter(round=round_, participation__isnull=True).count() == 2


def test_answer_constraints_hold_in_the_database(town: Town) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(town=town, value=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(town=town, value=None, dont_know=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(town=town, value=2, dont_know=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.dictionaries(
            keys=st.integers(min_value=0, max_value=21),
            values=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
            max_size=6,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_submitted_answers_equal_the_last_saved_draft(
    town: Town, coordinator: User, steps: list[dict[int, int | None]]
) -> None:
    """Whatever sequence of saves: the answers are exactly the last value saved per lever."""
    Answer.objects.all().delete()
    Participation.objects.all().delete()
    round_ = Round.objects.in_town(town).first() or open_round(town, coordinator)
    ids = lever_ids(round_)
    p = Participation.objects.create(town=town, round=round_, group="staff", channel="code")
    expected: dict[int, int | None] = {}
    for step in steps:
        entries = {ids[k]: entry(v, dont_know=v is None) for k, v in step.items()}
        participation_save(participation=p, entries=entries)
        expected.update({ids[k]: v for k, v in step.items()})
    if not expected:
        with pytest.raises(errors.NothingToSubmit):
            participation_submit(participation=p)
        assert not Answer.objects.filter(round=round_).exists()
        return
    participation_submit(participation=p)
    got = {a.lever_id: a.value for a in Answer.objects.filter(round=round_)}
    assert got == expected


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    noise=st.lists(st.sampled_from([" ", "-", "", "  "]), min_size=11, max_size=11),
    lower=st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_a_code_is_found_however_it_is_typed(
    town: Town, coordinator: User, noise: list[str], lower: list[bool]
) -> None:
    """Case, spaces and dashes typed from paper never matter; the code still works once."""
    round_ = Round.objects.in_town(town).first() or open_round(town, coordinator)
    code = round_codes_create(round_=round_, group="staff", count=3, actor=coordinator)[0]
    plain = code_normalise(code)
    typed = noise[0] + "".join(
        (ch.lower() if low else ch) + gap
        for ch, low, gap in zip(plain, lower, noise[1:], strict=True)
    )
    assert participation_by_code(town=town, code=typed).round_id == round_.pk
