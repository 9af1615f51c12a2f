"""Export and erasure (DSGVO Art. 15 and 17) across every app, checked by walking all models.

A person who did everything the apps let a person do is exported, then erased through the
account page. The sweep then reads every row of every model: no foreign key points at the person
any more and no text, JSON or date field still holds their name, email, phone or birth date.
The walk uses `apps.get_models()`, so apps added later are covered without touching this file;
every foreign key to the user model gets a row through the app's factory (or must be CASCADE or
SET_NULL), so a new PROTECT key cannot make the erasure fail unnoticed.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from logbuch.core.tests.urlsweep import project_factories
from logbuch.fund.models import (
    ApplicantType,
    Application,
    Attachment,
    CostType,
    Decision,
    DecisionMode,
    JuryMember,
    JuryVote,
    LedgerEntry,
    PayoutSchedule,
    PublicVoter,
)
from logbuch.fund.services.applications import application_submit, attachment_add
from logbuch.fund.services.decisions import application_decide, jury_vote_cast
from logbuch.fund.services.payouts import payout_make, proof_submit
from logbuch.fund.services.setup import jury_member_add
from logbuch.fund.tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CostItemFactory,
    PublicVotingFactory,
    funded_category,
)
from logbuch.fund.voting import email_hash
from logbuch.logbook.models import Answer, ParticipantGroup
from logbuch.logbook.services.journal import journal_entry_create
from logbuch.logbook.services.measures import measure_create, measure_note_add
from logbuch.logbook.services.participation import (
    participation_for_member,
    participation_save,
    participation_submit,
)
from logbuch.logbook.services.proposals import (
    comment_add,
    decider_set,
    proposal_create,
    support_add,
)
from logbuch.logbook.tests.factories import (
    RoundFactory,
    RoundLeverFactory,
    ensure_catalogue,
    first_shared_lever,
)
from logbuch.towns import services as towns_services
from logbuch.towns.models import Invitation, Role, Session, Town, User

pytestmark = pytest.mark.django_db

NAME = "Zenobia Quirrenbach"
EMAIL = "zenobia.quirrenbach@example.org"
PHONE = "+49 171 5550199"
BIRTH = datetime.date(1961, 7, 13)
PASSWORD = "geheim-passwort-1"


def _everything(town: Town, other: Town, coordinator: User) -> User:
    """The person: invited and accepted, roles in two towns, rounds, measures, fund, jury."""
    invitation = towns_services.invitation_create(
        town=town,
        email=EMAIL,
        name=NAME,
        roles=[Role.RESIDENT, Role.VOLUNTEER],
        actor=coordinator,
        base_url="http://testserver",
    )
    person = towns_services.invitation_accept_new_person(
        invitation=Invitation.objects.get(pk=invitation.pk), name=NAME, password=PASSWORD
    )
    towns_services.membership_grant(
        town=other, user=person, roles=[Role.COORDINATOR, Role.STAFF], actor=None
    )
    # As coordinator of the other town: an invitation, a paper member, a round, a measure.
    towns_services.invitation_create(
        town=other,
        email="gast@example.org",
        name="Gast",
        roles=[Role.VOLUNTEER],
        actor=person,
        base_url="http://testserver",
    )
    towns_services.member_create_paper(
        town=other, name="Papier", roles=[Role.RESIDENT], actor=person
    )

    # Logbook: a named and an anonymous round, each answered with a comment.
    ensure_catalogue()
    lever = first_shared_lever()
    for anonymous in (False, True):
        round_ = RoundFactory(
            town=town, anonymous=anonymous, groups=[ParticipantGroup.VOLUNTEER.value]
        )
        RoundLeverFactory(town=town, round=round_, lever=lever)
        participation = participation_for_member(
            round_=round_, user=person, roles=frozenset({Role.VOLUNTEER})
        )
        participation_save(
            participation=participation,
            entries={
                lever.pk: {
                    "value": 3,
                    "dont_know": False,
                    "comment": "Mehr Bänke",
                    "evidence_text": "",
                    "evidence_date": None,
                    "evidence_url": "",
                }
            },
        )
        participation_submit(participation=participation)
    measure = measure_create(
        town=other,
        actor=person,
        lever=lever,
        title="Bänke am Markt",
        goal="",
        owner_user=person,
        owner_role="",
        due_on=None,
        round_=None,
    )
    measure_note_add(
        measure=measure, actor=person, noted_on=datetime.date(2026, 3, 2), text="Erste Bank steht."
    )
    journal_entry_create(
        town=other,
        actor=person,
        happened_on=datetime.date(2026, 3, 1),
        kind="decision",
        title="Beschluss Bänke",
        text="",
        levers=[lever],
        measures=[measure],
    )
    # Vorschläge: one of the person's, one of the coordinator's that the person supports and
    # comments on; a logbook draft; the person decides on Vorschläge in the other town.
    proposal_create(town=town, actor=person, lever=lever, title="Bänke am Teich")
    theirs = proposal_create(town=town, actor=coordinator, lever=lever, title="Dank-Abend")
    support_add(proposal=theirs, user=person)
    comment_add(proposal=theirs, actor=person, text=f"Ich helfe mit. {NAME}")
    journal_entry_create(
        town=town,
        actor=person,
        happened_on=datetime.date(2026, 3, 3),
        kind="lesson",
        title=f"Entwurf von {NAME}",
    )
    decider_set(town=other, actor=person, person=person)

    # Fund: one application approved, paid and proven; one draft; a juror's vote elsewhere.
    category = funded_category(
        town, actor=coordinator, payout_schedule=PayoutSchedule.FULL, fast_track_max_cents=100_000
    )
    application = ApplicationFactory(
        town=town,
        category=category,
        fund=category.fund,
        applicant=person,
        applicant_type=ApplicantType.PERSON,
        organisation_name="",
        applicant_birth_date=BIRTH,
        contact_name=NAME,
        contact_email=EMAIL,
        contact_phone=PHONE,
        title="Bänke für den Markt",
        requested_cents=50_000,
    )
    CostItemFactory(
        town=town, application=application, cost_type=CostType.MATERIAL, amount_cents=50_000
    )
    attachment_add(
        application=application,
        actor=person,
        upload=SimpleUploadedFile(f"Angebot {NAME}.pdf", PDF_BYTES),
    )
    application_submit(application=application, actor=person)
    application_decide(
        application=application,
        actor=coordinator,
        mode=DecisionMode.FAST_TRACK,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=50_000,
        reason="Passt.",
    )
    payout_make(application=application, actor=coordinator, idempotency_key="p1")
    proof_submit(
        application=application, actor=person, report="Drei Bänke stehen.", spent_cents=50_000
    )
    ApplicationFactory(
        town=town,
        category=category,
        fund=category.fund,
        applicant=person,
        applicant_type=ApplicantType.PERSON,
        contact_name=NAME,
        contact_email=EMAIL,
        contact_phone=PHONE,
        applicant_birth_date=BIRTH,
        title="Entwurf",
    )
    # In the other town the person runs the fund: money in, a decision, a payout, a jury seat.
    other_category = funded_category(
        other, actor=person, payout_schedule=PayoutSchedule.FULL, fast_track_max_cents=100_000
    )
    other_application = ApplicationFactory(
        town=other, category=other_category, fund=other_category.fund, requested_cents=30_000
    )
    CostItemFactory(town=other, application=other_application, amount_cents=30_000)
    application_submit(application=other_application, actor=other_application.applicant)
    jury_member_add(
        fund=other_category.fund, actor=person, user=person, role=JuryMember.JuryRole.CHAIR
    )
    jury_vote_cast(application=other_application, user=person, choice=JuryVote.Choice.YES)
    application_decide(
        application=other_application,
        actor=person,
        mode=DecisionMode.FAST_TRACK,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=30_000,
        reason="Gut.",
    )
    payout_make(application=other_application, actor=person, idempotency_key="p2")
    # A public vote the person verified for by email (only a keyed hash is stored).
    voting = PublicVotingFactory(town=town, category=category, fund=category.fund)
    PublicVoter.objects.create(
        town=town,
        voting=voting,
        method=PublicVoter.Method.EMAIL,
        identity_hash=email_hash(vote_id=voting.pk, email=EMAIL),
    )
    return person


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


def _user_keys() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    user_model = get_user_model()
    return [
        (model, f)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    ]


def _leftovers(person_pk: int, needles: list[str]) -> Iterator[str]:
    """Every field of every row that still points at or names the person."""
    user_model = get_user_model()
    for model in apps.get_models():
        for row in model._default_manager.all().iterator():
            for f in model._meta.concrete_fields:
                value = getattr(row, f.attname)
                where = f"{model._meta.label}.{f.name} (pk {row.pk})"
                if f.is_relation:
                    if f.related_model is user_model and value == person_pk:
                        yield f"{where} points at the person"
                    continue
                if model is user_model and f.primary_key and value == person_pk:
                    yield f"{where}: the account still exists"
                if isinstance(f, models.DateField) and value == BIRTH:
                    yield f"{where} holds the birth date"
                if isinstance(f, models.CharField | models.TextField | models.JSONField) and value:
                    text = _text(value).casefold()
                    yield from (f"{where} holds {n!r}" for n in needles if n.casefold() in text)


def test_export_holds_everything_and_erasure_leaves_nothing_in_any_model(
    town: Town, other_town: Town, make_member: Callable[..., User], client: Client
) -> None:
    coordinator = make_member(town, Role.COORDINATOR)
    person = _everything(town, other_town, coordinator)
    client.force_login(person)
    assert Session.objects.filter(user=person).exists()
    ledger_rows = LedgerEntry.objects.count()
    decisions = Decision.objects.count()
    anonymous_answers = Answer.objects.filter(round__anonymous=True).count()

    response = client.get(reverse("accounts:data_export"))
    exported = response.content.decode()
    for needle in (
        NAME,
        EMAIL,
        PHONE,
        BIRTH.isoformat(),
        "Bänke für den Markt",
        "Material",
        "Bänke am Teich",
        "Ich helfe mit.",
    ):
        assert needle in exported, needle
    fund = json.loads(exported)["apps"]["fund"]
    assert fund["applications"][0]["costs"][0]["amount_cents"] == 50_000
    assert fund["applications"][0]["attachments"][0]["name"] == f"Angebot {NAME}.pdf"
    assert fund["applications"][0]["payouts"][0]["amount_cents"] == 50_000
    assert fund["jury_votes"][0]["choice"] == JuryVote.Choice.YES
    assert fund["public_votes"][0]["voting"] == "Bürgerabstimmung"
    assert len(fund["ledger_entries_booked"]) >= 3

    # The installation admin once changed the person's account (its history names them).
    LogEntry.objects.log_actions(
        user_id=coordinator.pk, queryset=[person], action_flag=CHANGE, change_message="Name"
    )
    person_pk = person.pk
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302

    assert not list(_leftovers(person_pk, [NAME, EMAIL, PHONE]))
    assert not Session.objects.filter(user_id=person_pk).exists()
    # What the towns need to keep stays: the money, the decisions, the anonymous figures.
    assert LedgerEntry.objects.count() == ledger_rows
    assert Decision.objects.count() == decisions
    assert Answer.objects.filter(round__anonymous=True).count() == anonymous_answers
    kept = Application.objects.get(title="Bänke für den Markt")
    assert kept.applicant_label == "gelöschte Person"
    assert not Application.objects.filter(title="Entwurf").exists()
    assert not Attachment.objects.filter(
        application=kept, kind=Attachment.Kind.APPLICATION
    ).exists()


def test_erasure_succeeds_whatever_row_points_at_the_person(
    town: Town, make_member: Callable[..., User]
) -> None:
    """One row per foreign key to the user model, built by the app's factory (new apps too)."""
    person = make_member(town, Role.COORDINATOR, name=NAME, email=EMAIL)
    factories = {fac._meta.model: fac for fac in project_factories()}
    unbuilt = []
    for model, key in _user_keys():
        fac = factories.get(model)
        if fac is None:
            relation: Any = key.remote_field
            if relation.on_delete not in (models.CASCADE, models.SET_NULL):
                unbuilt.append(f"{model._meta.label}.{key.name}")
            continue
        with transaction.atomic():
            fac(town=town, **{key.name: person})
    assert not unbuilt, f"no factory for a non-CASCADE/SET_NULL key to the user: {unbuilt}"

    person_pk = person.pk
    towns_services.user_erase(user=person)

    assert not list(_leftovers(person_pk, [NAME, EMAIL]))
