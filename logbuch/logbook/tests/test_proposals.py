"""Vorschläge: every member proposes, supports and comments; the coordinator (or the person the
town names) accepts, merges or declines; the responsible person updates the measure."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from logbuch.logbook import errors, privacy
from logbuch.logbook.models import (
    JournalEntry,
    JournalKind,
    LogbookSettings,
    Measure,
    MeasureNote,
    MeasureStatus,
    ProposalComment,
    Support,
)
from logbuch.logbook.selectors.proposals import open_proposals
from logbuch.logbook.services.catalogue import lever_add, lever_hide
from logbuch.logbook.services.journal import journal_entry_create
from logbuch.logbook.services.proposals import (
    comment_add,
    decider_set,
    proposal_accept,
    proposal_create,
    proposal_decline,
    proposal_merge,
    support_add,
    support_withdraw,
)
from logbuch.logbook.tests.factories import JournalEntryFactory, ProposalFactory, current_version
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import levers_of, open_round
from logbuch.towns.models import AuditEntry, Membership, Role, Town, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(town: Town, make_member: Callable[..., User]) -> User:
    return make_member(town, Role.VOLUNTEER, name="Vera Ehrenamt", email="vera@example.org")


@pytest.fixture
def proposal(town: Town, volunteer: User) -> Measure:
    return proposal_create(
        town=town,
        actor=volunteer,
        lever=levers_of(town)[0],
        title="Dank-Abend",
        goal="Einmal im Jahr",
    )


# --- Proposing ---------------------------------------------------------------------------------


def test_a_member_proposes_from_a_result_row_and_supports_it_at_once(
    town: Town, volunteer: User, client_for: Callable[[User], Client]
) -> None:
    round_ = open_round(town, closed=True)
    lever = levers_of(town)[2]
    client = client_for(volunteer)
    form = client.get(url("proposal_create", town) + f"?stellschraube={lever.pk}&runde={round_.pk}")
    assert form.status_code == 200
    assert f'<option value="{lever.pk}" selected>' in form.text
    assert round_.title in form.text
    response = client.post(
        url("proposal_create", town) + f"?runde={round_.pk}",
        {"title": "Ehrenamtsbörse", "goal": "Wer hilft wo?", "lever": lever.pk},
    )
    proposal = Measure.objects.get(title="Ehrenamtsbörse")
    assert response["Location"] == url("proposal_detail", town, pk=proposal.pk)
    assert (proposal.status, proposal.proposed_by, proposal.round) == (
        MeasureStatus.PROPOSED,
        volunteer,
        round_,
    )
    assert list(Support.objects.filter(measure=proposal).values_list("user", flat=True)) == [
        volunteer.pk
    ]
    assert AuditEntry.objects.filter(action="logbook.proposal.created", actor=volunteer).exists()


def test_a_member_proposes_from_a_published_journal_entry(
    town: Town, volunteer: User, client_for: Callable[[User], Client]
) -> None:
    lever = levers_of(town)[1]
    entry = JournalEntryFactory(town=town, title="Ratsbeschluss Ehrenamt")
    entry.levers.add(lever)
    client = client_for(volunteer)
    form = client.get(url("proposal_create", town) + f"?eintrag={entry.pk}")
    assert "Ratsbeschluss Ehrenamt" in form.text
    assert f'<option value="{lever.pk}" selected>' in form.text
    client.post(
        url("proposal_create", town) + f"?eintrag={entry.pk}",
        {"title": "Dank-Abend", "lever": lever.pk},
    )
    assert Measure.objects.get(title="Dank-Abend").source_entry == entry
    # The journal list links every published entry to the proposal form.
    assert f"?eintrag={entry.pk}" in client.get(url("journal", town)).text


def test_non_members_cannot_propose_support_or_comment(
    town: Town,
    other_town: Town,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    proposal: Measure,
) -> None:
    outsider = make_member(other_town, Role.VOLUNTEER)
    client = client_for(outsider)
    assert client.get(url("proposal_create", town)).status_code == 403
    assert client.post(url("proposal_support", town, pk=proposal.pk)).status_code == 403
    with pytest.raises(errors.NotAMember):
        proposal_create(town=town, actor=outsider, lever=levers_of(town)[0], title="x")
    with pytest.raises(errors.NotAMember):
        support_add(proposal=proposal, user=outsider)
    with pytest.raises(errors.NotAMember):
        comment_add(proposal=proposal, actor=outsider, text="x")
    assert Support.objects.filter(measure=proposal).count() == 1


@pytest.mark.parametrize("how", ["hidden", "archived"])
def test_a_proposal_on_a_closed_stellschraube_is_explained_and_the_text_kept(
    town: Town,
    coordinator: User,
    volunteer: User,
    client_for: Callable[[User], Client],
    how: str,
) -> None:
    if how == "hidden":
        lever = levers_of(town)[0]
    else:
        area = current_version().areas.order_by("position").first()
        assert area is not None
        lever = lever_add(town=town, area=area, title="Eigene", question="?", actor=coordinator)
        ProposalFactory(town=town, lever=lever)  # in use: hiding archives it
    assert lever_hide(town=town, lever=lever, actor=coordinator) == how
    client = client_for(volunteer)
    assert (
        "keine Vorschläge mehr an"
        in client.get(url("proposal_create", town) + f"?stellschraube={lever.pk}").text
    )
    response = client.post(
        url("proposal_create", town),
        {"title": "Mein Titel bleibt", "goal": "Mein langer Text bleibt", "lever": lever.pk},
    )
    assert response.status_code == 200
    assert str(errors.LeverClosed.message) in response.text
    assert "Mein Titel bleibt" in response.text and "Mein langer Text bleibt" in response.text
    assert not Measure.objects.filter(title="Mein Titel bleibt").exists()


# --- Support and comments ----------------------------------------------------------------------


def test_double_support_is_one_and_it_can_be_withdrawn(
    town: Town,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    proposal: Measure,
) -> None:
    other = make_member(town, Role.RESIDENT)
    client = client_for(other)
    # GET only asks; the one click is a POST.
    assert client.get(url("proposal_support", town, pk=proposal.pk)).status_code == 200
    assert Support.objects.filter(measure=proposal).count() == 1
    for _ in range(2):
        assert client.post(url("proposal_support", town, pk=proposal.pk)).status_code == 302
    assert Support.objects.filter(measure=proposal).count() == 2
    assert support_add(proposal=proposal, user=other) is False
    detail = client.get(url("proposal_detail", town, pk=proposal.pk)).text
    assert "2 Personen" in detail and "Unterstützung zurückziehen" in detail
    client.post(url("proposal_support_withdraw", town, pk=proposal.pk))
    assert not Support.objects.filter(measure=proposal, user=other).exists()
    assert support_withdraw(proposal=proposal, user=other) is False


def test_members_comment_and_an_empty_comment_is_refused(
    town: Town, volunteer: User, client_for: Callable[[User], Client], proposal: Measure
) -> None:
    client = client_for(volunteer)
    empty = client.post(url("proposal_comment_add", town, pk=proposal.pk), {"text": "  "})
    assert empty.status_code == 400
    client.post(url("proposal_comment_add", town, pk=proposal.pk), {"text": "Ich helfe mit."})
    assert ProposalComment.objects.get(measure=proposal).author == volunteer
    assert "Ich helfe mit." in client.get(url("proposal_detail", town, pk=proposal.pk)).text


def test_a_decided_proposal_takes_no_more_support_or_comments(
    town: Town, coordinator: User, volunteer: User, proposal: Measure
) -> None:
    proposal_decline(proposal=proposal, actor=coordinator, reason="Gibt es schon.")
    with pytest.raises(errors.ProposalNotOpen):
        support_add(proposal=proposal, user=coordinator)
    with pytest.raises(errors.ProposalNotOpen):
        comment_add(proposal=proposal, actor=volunteer, text="Schade")


# --- Decisions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["proposal_accept", "proposal_merge", "proposal_decline"])
def test_only_the_deciding_person_may_decide(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    volunteer: User,
    client_for: Callable[[User], Client],
    coordinator_client: Client,
    proposal: Measure,
    name: str,
) -> None:
    volunteer_client = client_for(volunteer)
    assert volunteer_client.get(url(name, town, pk=proposal.pk)).status_code == 403
    assert (
        volunteer_client.post(url(name, town, pk=proposal.pk), {"reason": "x"}).status_code == 403
    )
    assert coordinator_client.get(url(name, town, pk=proposal.pk)).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == MeasureStatus.PROPOSED
    assert (
        "Entscheiden" not in volunteer_client.get(url("proposal_detail", town, pk=proposal.pk)).text
    )


def test_services_refuse_a_decision_by_anyone_else(
    town: Town, volunteer: User, proposal: Measure
) -> None:
    with pytest.raises(errors.NotAllowedToDecide):
        proposal_accept(proposal=proposal, actor=volunteer)
    with pytest.raises(errors.NotAllowedToDecide):
        proposal_decline(proposal=proposal, actor=volunteer, reason="Nein")


def test_the_person_the_town_names_decides_too_while_a_member(
    town: Town,
    coordinator_client: Client,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    proposal: Measure,
) -> None:
    councillor = make_member(town, Role.COUNCIL)
    client = client_for(councillor)
    assert client.get(url("proposal_decider_edit", town)).status_code == 403
    assert client.get(url("proposal_accept", town, pk=proposal.pk)).status_code == 403
    response = coordinator_client.post(
        url("proposal_decider_edit", town), {"proposal_decider": councillor.pk}
    )
    assert response.status_code == 302
    assert LogbookSettings.objects.get(town=town).proposal_decider == councillor
    assert client.get(url("proposal_accept", town, pk=proposal.pk)).status_code == 200
    Membership.objects.filter(user=councillor).delete()
    with pytest.raises(errors.NotAllowedToDecide):
        proposal_accept(proposal=proposal, actor=councillor)


def test_decline_requires_a_reason_the_proposer_reads(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    volunteer: User,
    client_for: Callable[[User], Client],
    proposal: Measure,
    django_capture_on_commit_callbacks: Any,
) -> None:
    empty = coordinator_client.post(url("proposal_decline", town, pk=proposal.pk), {"reason": " "})
    assert empty.status_code == 200 and "Bitte nennen Sie einen Grund" in empty.text
    with pytest.raises(errors.ReasonRequired):
        proposal_decline(proposal=proposal, actor=coordinator, reason="   ")
    proposal.refresh_from_db()
    assert proposal.status == MeasureStatus.PROPOSED
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url("proposal_decline", town, pk=proposal.pk),
            {"reason": "Das macht schon der Heimatverein."},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (MeasureStatus.DECLINED, coordinator)
    page = client_for(volunteer).get(url("proposal_detail", town, pk=proposal.pk)).text
    assert "Das macht schon der Heimatverein." in page
    [message] = mail.outbox
    assert message.to == ["vera@example.org"]
    assert "Dank-Abend" in message.subject and "abgelehnt" in message.subject
    assert "Das macht schon der Heimatverein." in message.body
    assert AuditEntry.objects.filter(action="logbook.proposal.declined").count() == 1


def test_accepting_makes_a_measure_and_tells_proposer_and_responsible_person(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    make_member: Callable[..., User],
    proposal: Measure,
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = make_member(town, Role.STAFF, name="Sam Rathaus", email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url("proposal_accept", town, pk=proposal.pk),
            {"owner_user": staff.pk, "due_on": "2031-06-30"},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.owner_user) == (MeasureStatus.PLANNED, staff)
    assert {m.to[0] for m in mail.outbox} == {"vera@example.org", "sam@example.org"}
    accepted = next(m for m in mail.outbox if m.to == ["vera@example.org"])
    assert "angenommen" in accepted.body
    board = coordinator_client.get(url("measure_board", town)).text
    assert "Dank-Abend" in board
    # The measure page says where it came from.
    detail = coordinator_client.get(url("measure_detail", town, pk=proposal.pk)).text
    assert "Vera Ehrenamt" in detail
    with pytest.raises(errors.ProposalAlreadyDecided):
        proposal_decline(proposal=proposal, actor=coordinator, reason="Doch nicht")


def test_merging_carries_supports_over_and_refuses_odd_targets(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    coordinator: User,
    volunteer: User,
    make_member: Callable[..., User],
    proposal: Measure,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other = make_member(town, Role.RESIDENT)
    target = proposal_create(town=town, actor=other, lever=proposal.lever, title="Danke-Fest")
    third = make_member(town, Role.RESIDENT)
    support_add(proposal=proposal, user=third)
    support_add(proposal=target, user=third)
    with pytest.raises(errors.MergeTargetInvalid):
        proposal_merge(proposal=proposal, actor=coordinator, target=proposal)
    declined = ProposalFactory(town=town)
    proposal_decline(proposal=declined, actor=coordinator, reason="Nein")
    with pytest.raises(errors.MergeTargetInvalid):
        proposal_merge(proposal=proposal, actor=coordinator, target=declined)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_merge(proposal=proposal, actor=coordinator, target=target)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.merged_into) == (MeasureStatus.MERGED, target)
    assert set(Support.objects.filter(measure=target).values_list("user", flat=True)) == {
        other.pk,
        volunteer.pk,
        third.pk,
    }
    [message] = mail.outbox
    assert "Danke-Fest" in message.body and message.to == ["vera@example.org"]


def test_the_responsible_person_updates_status_and_progress_without_being_coordinator(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    coordinator: User,
    volunteer: User,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    proposal: Measure,
) -> None:
    proposal_accept(proposal=proposal, actor=coordinator, owner_user=volunteer)
    owner = client_for(volunteer)
    stranger = client_for(make_member(town, Role.VOLUNTEER))
    note = {"noted_on": "2026-05-04", "text": "Saal ist gebucht."}
    assert stranger.post(url("measure_note_add", town, pk=proposal.pk), note).status_code == 403
    assert owner.post(url("measure_note_add", town, pk=proposal.pk), note).status_code == 302
    assert (
        owner.post(url("measure_status", town, pk=proposal.pk), {"status": "running"}).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == MeasureStatus.RUNNING
    assert MeasureNote.objects.get(measure=proposal).author == volunteer
    # A Vorschlag's status is not a measure status anyone can set.
    assert (
        owner.post(url("measure_status", town, pk=proposal.pk), {"status": "proposed"}).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == MeasureStatus.RUNNING


# --- Lists ---------------------------------------------------------------------------------------


def test_the_list_sorts_by_support_and_has_an_empty_state(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_member(town, Role.VOLUNTEER))
    assert "Gerade wartet kein Vorschlag" in client.get(url("proposal_list", town)).text
    few, many = ProposalFactory(town=town, title="Wenig"), ProposalFactory(town=town, title="Viel")
    for _ in range(3):
        Support.objects.create(town=town, measure=many, user=make_member(town, Role.RESIDENT))
    Support.objects.create(town=town, measure=few, user=make_member(town, Role.RESIDENT))
    html = client.get(url("proposal_list", town)).text
    assert html.index("Viel") < html.index("Wenig")
    assert "3 Unterstützungen" in html
    newest = client.get(url("proposal_list", town) + "?sortierung=-neu").text
    assert newest.index("Viel") < newest.index("Wenig")  # created later
    # Decided ones leave the open list; the board never shows open ones.
    assert "Viel" not in client.get(url("measure_board", town)).text
    assert "Viel" not in client.get(url("proposal_list", town) + "?stand=abgelehnt").text


def test_the_list_pages_and_its_queries_do_not_grow(
    town: Town,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(make_member(town, Role.VOLUNTEER))
    supporter = make_member(town, Role.RESIDENT)
    first = ProposalFactory(town=town)
    Support.objects.create(town=town, measure=first, user=supporter)
    client.get(url("proposal_list", town))
    with django_assert_max_num_queries(12) as one:
        client.get(url("proposal_list", town))
    baseline = len(one.captured_queries)
    for i in range(25):
        p = ProposalFactory(town=town, title=f"Vorschlag {i}")
        Support.objects.create(town=town, measure=p, user=supporter)
        ProposalComment.objects.create(town=town, measure=p, author=supporter, text="Ja")
    with django_assert_max_num_queries(baseline):
        page = client.get(url("proposal_list", town))
    assert "Seite 1 von 2" in page.text
    assert client.get(url("proposal_list", town) + "?seite=2").status_code == 200


def test_open_proposals_counts_and_names_the_newest(town: Town, volunteer: User) -> None:
    assert open_proposals(town).count == 0
    ProposalFactory(town=town, title="Älter")
    newest = proposal_create(town=town, actor=volunteer, lever=levers_of(town)[0], title="Neu")
    found = open_proposals(town)
    assert (found.count, found.latest_pk, found.latest_title) == (2, newest.pk, "Neu")


def test_a_proposal_page_of_another_town_is_not_found(
    town: Town, other_town: Town, coordinator_client: Client
) -> None:
    foreign = ProposalFactory(town=other_town)
    for name in ("proposal_detail", "proposal_accept", "proposal_support"):
        assert coordinator_client.get(url(name, town, pk=foreign.pk)).status_code == 404


# --- Privacy -------------------------------------------------------------------------------------


def test_export_and_erase_cover_proposals_supports_and_comments(
    town: Town, coordinator: User, volunteer: User, make_member: Callable[..., User]
) -> None:
    mine = proposal_create(town=town, actor=volunteer, lever=levers_of(town)[0], title="Meiner")
    theirs = ProposalFactory(town=town, title="Fremder")
    support_add(proposal=theirs, user=volunteer)
    comment_add(proposal=theirs, actor=volunteer, text="Mein Kommentar")
    decider_set(town=town, actor=coordinator, person=volunteer)
    journal_entry_create(
        town=town,
        actor=volunteer,
        happened_on=datetime.date(2026, 1, 2),
        kind=JournalKind.LESSON,
        title="Entwurf von Vera",
    )
    data = privacy.export_user_data(volunteer)
    assert [m["title"] for m in data["logbook_measures"]] == ["Meiner"]
    assert {s["proposal"] for s in data["logbook_supports"]} == {"Meiner", "Fremder"}
    assert data["logbook_proposal_comments"][0]["text"] == "Mein Kommentar"
    assert data["logbook_decides_on_proposals_in"] == [town.name]
    privacy.erase_user_data(volunteer)
    assert not Support.objects.filter(user=volunteer).exists()
    assert not ProposalComment.objects.filter(author=volunteer).exists()
    assert LogbookSettings.objects.get(town=town).proposal_decider is None
    assert not JournalEntry.objects.filter(title="Entwurf von Vera").exists()
    assert not AuditEntry.objects.filter(target="Entwurf von Vera").exists()
    assert Measure.objects.filter(pk=mine.pk).exists()


def test_the_stellschraube_page_offers_each_role_its_next_step(
    town: Town, volunteer: User, client_for: Callable[[User], Client], coordinator_client: Client
) -> None:
    local = next(lv for lv in levers_of(town) if not lv.is_higher_level)
    higher = next(lv for lv in levers_of(town) if lv.is_higher_level)
    member = client_for(volunteer)
    page = member.get(url("lever_detail", town, pk=local.pk)).text
    assert f"{url('proposal_create', town)}?stellschraube={local.pk}" in page
    assert url("measure_create", town) not in page
    page = coordinator_client.get(url("lever_detail", town, pk=local.pk)).text
    assert f"{url('measure_create', town)}?stellschraube={local.pk}" in page
    # A higher-level Stellschraube leads to a Forderung, not to a local measure.
    page = coordinator_client.get(url("lever_detail", town, pk=higher.pk)).text
    assert f"{url('demand_create', town)}?stellschraube={higher.pk}" in page
    assert url("measure_create", town) not in page
    page = member.get(url("lever_detail", town, pk=higher.pk)).text
    assert url("demand_list", town) in page and url("proposal_create", town) not in page


def test_a_proposal_form_offers_no_higher_level_stellschraube_and_says_why(
    town: Town, volunteer: User, client_for: Callable[[User], Client]
) -> None:
    higher = next(lv for lv in levers_of(town) if lv.is_higher_level)
    client = client_for(volunteer)
    form = client.get(url("proposal_create", town) + f"?stellschraube={higher.pk}")
    assert f'<option value="{higher.pk}"' not in form.text
    assert "Forderung" in form.text and url("demand_list", town) in form.text
    refused = client.post(
        url("proposal_create", town), {"title": "Mehr Landesgeld", "lever": higher.pk}
    )
    assert refused.status_code == 200 and "Mehr Landesgeld" in refused.text
    assert not Measure.objects.filter(title="Mehr Landesgeld").exists()
