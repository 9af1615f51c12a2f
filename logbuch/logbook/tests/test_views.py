"""Views of the catalogue, rounds and answering: access, flows, isolation, query counts."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from logbuch.logbook.models import (
    Answer,
    HiddenLever,
    Lever,
    ParticipantGroup,
    Participation,
    ParticipationChannel,
    ParticipationStatus,
    Round,
    RoundLever,
    RoundStatus,
)
from logbuch.logbook.selectors.catalogue import round_levers_by_area
from logbuch.logbook.services.participation import (
    DraftEntry,
    _hash,
    participation_for_member,
    participation_save,
    participation_submit,
    round_codes_create,
    round_invite_group,
)
from logbuch.logbook.services.rounds import round_close, round_open
from logbuch.logbook.tests.factories import LeverFactory, RoundFactory
from logbuch.logbook.tests.helpers import url
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db


def normalise(html: bytes) -> str:
    """The page without per-request CSRF tokens and input values."""
    return re.sub(r'value="[^"]*"|[A-Za-z0-9]{64}', "", html.decode())


def make_round(town: Town, actor: User, **kw: Any) -> Round:
    defaults: dict[str, Any] = {
        "title": "Runde 2026",
        "starts_on": timezone.localdate() - datetime.timedelta(days=1),
        "ends_on": timezone.localdate() + datetime.timedelta(days=30),
        "groups": [ParticipantGroup.STAFF, ParticipantGroup.VOLUNTEER],
        "anonymous": False,
    }
    defaults.update(kw)
    return round_open(town=town, actor=actor, **defaults)


def rating_post(round_: Round, step: int, value: str = "3", **extra: str) -> dict[str, str]:
    """POST data rating every lever of the step's area with `value`."""
    block = round_levers_by_area(round_=round_)[step - 1]
    data = {f"v{lv.pk}": value for lv in block.levers}
    data.update(extra)
    return data


# --- Catalogue pages ------------------------------------------------------------------------


def test_index_shows_the_catalogue_by_area(
    town: Town, client_for: Callable[[User], Client], make_member: Callable[..., User]
) -> None:
    client = client_for(make_member(town, Role.VOLUNTEER))
    response = client.get(url("index", town))
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "Strukturelle Rahmenbedingungen",
        "Kulturelle Rahmenbedingungen",
        "Ermöglichung durch übergeordnete Ebenen",
    ):
        assert title in html
    assert "Ist Kontinuität absehbar?" in html


def test_index_needs_membership(town: Town, client: Client) -> None:
    response = client.get(url("index", town))
    assert response.status_code == 302


def test_lever_detail_shows_guidance(town: Town, coordinator_client: Client) -> None:
    lever = Lever.objects.get(code="S06", town__isnull=True)
    html = coordinator_client.get(url("lever_detail", town, pk=lever.pk)).content.decode()
    assert lever.question in html
    assert "Kummerkasten" in html  # the Anlaufpunkt recommendation


def test_in_english_the_german_catalogue_is_marked_german(
    town: Town, coordinator_client: Client, settings: Any
) -> None:
    lever = Lever.objects.get(code="S06", town__isnull=True)
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = coordinator_client.get(url("lever_detail", town, pk=lever.pk)).content.decode()
    assert '<html lang="en"' in html
    assert f'<span lang="de">{escape(lever.question)}</span>' in html
    assert f'<h1 class="kern-heading-large"><span lang="de">{escape(lever.title)}' in html
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = coordinator_client.get(url("lever_detail", town, pk=lever.pk)).content.decode()
    assert 'lang="de">' not in html.split("<body", 1)[1]


def test_coordinator_adds_and_hides_levers(town: Town, coordinator_client: Client) -> None:
    area = Lever.objects.get(code="S01", town__isnull=True).area
    response = coordinator_client.post(
        url("lever_manage", town),
        {
            "area": area.pk,
            "title": "Vereinsheim",
            "question": "Gibt es ein Vereinsheim?",
            "help_text": "",
        },
    )
    assert response.status_code == 302
    own = Lever.objects.get(town=town)
    shared = Lever.objects.get(code="S09", town__isnull=True)
    coordinator_client.post(url("lever_hide", town, pk=shared.pk))
    assert HiddenLever.objects.filter(town=town, lever=shared).exists()
    coordinator_client.post(url("lever_show", town, pk=shared.pk))
    assert not HiddenLever.objects.filter(town=town, lever=shared).exists()
    assert own.title == "Vereinsheim"


def test_volunteer_may_not_manage_levers(
    town: Town, client_for: Callable[[User], Client], make_member: Callable[..., User]
) -> None:
    client = client_for(make_member(town, Role.VOLUNTEER))
    assert client.get(url("lever_manage", town)).status_code == 403
    shared = Lever.objects.get(code="S09", town__isnull=True)
    assert client.post(url("lever_hide", town, pk=shared.pk)).status_code == 403


# --- Rounds ---------------------------------------------------------------------------------


def test_coordinator_opens_a_round(town: Town, coordinator_client: Client) -> None:
    today = timezone.localdate()
    response = coordinator_client.post(
        url("round_new", town),
        {
            "title": "Check 2026",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=14)).isoformat(),
            "groups": ["staff", "volunteer"],
            "anonymous": "on",
        },
    )
    round_ = Round.objects.get(town=town)
    assert response.status_code == 302
    assert response["Location"] == url("round_detail", town, pk=round_.pk)
    assert round_.anonymous
    assert round_.groups == ["staff", "volunteer"]


def test_round_form_rejects_end_before_start(town: Town, coordinator_client: Client) -> None:
    today = timezone.localdate()
    response = coordinator_client.post(
        url("round_new", town),
        {
            "title": "Check",
            "starts_on": (today + datetime.timedelta(days=5)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=1)).isoformat(),
            "groups": ["staff"],
        },
    )
    assert response.status_code == 200
    assert "nicht vor dem Beginn" in response.content.decode()
    assert not Round.objects.exists()


def test_round_detail_shows_counts_but_no_names(
    town: Town, coordinator: User, coordinator_client: Client, make_member: Callable[..., User]
) -> None:
    round_ = make_round(town, coordinator, anonymous=True)
    person = make_member(town, Role.STAFF, name="Erika Geheim")
    p = participation_for_member(round_=round_, user=person, roles=frozenset({"staff"}))
    lever_id = RoundLever.objects.filter(round=round_).values_list("lever_id", flat=True)[0]
    participation_save(
        participation=p,
        entries={
            lever_id: DraftEntry(
                value=2,
                dont_know=False,
                comment="",
                evidence_text="",
                evidence_date=None,
                evidence_url="",
            )
        },
    )
    participation_submit(participation=p)
    html = coordinator_client.get(url("round_detail", town, pk=round_.pk)).content.decode()
    assert "Beteiligung" in html
    assert "Erika Geheim" not in html


def test_close_round_by_hand_with_confirmation(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    round_ = make_round(town, coordinator)
    assert (
        "abschließen?"
        in coordinator_client.get(url("round_close", town, pk=round_.pk)).content.decode()
    )
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN  # GET only asks
    coordinator_client.post(url("round_close", town, pk=round_.pk))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


def test_invite_by_email_and_answer_through_the_link(  # noqa: PLR0917 (fixtures)
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    make_member: Callable[..., User],
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    make_member(town, Role.VOLUNTEER)
    round_ = make_round(town, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url("round_invite", town, pk=round_.pk), {"group": "volunteer"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/teilnahme/" in line)
    response = client.get(link.replace("http://testserver", ""))
    assert response.status_code == 302
    assert response["Location"] == url("answer_step", town, pk=round_.pk, step=1)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "0 = kein Konsens" in page.content.decode()  # S01 with its own pole label
    assert "weiß nicht" in page.content.decode()


def test_code_sheet_is_shown_once(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    round_ = make_round(town, coordinator)
    response = coordinator_client.post(
        url("round_codes", town, pk=round_.pk), {"group": "volunteer", "count": "3"}
    )
    assert response["Location"] == url("round_code_sheet", town, pk=round_.pk)
    first = coordinator_client.get(response["Location"])
    assert first.content.decode().count('class="code-sheet__code"') == 3
    assert "no-store" in first["Cache-Control"]
    again = coordinator_client.get(response["Location"]).content.decode()
    assert 'class="code-sheet__code"' not in again
    assert Participation.objects.filter(round=round_, channel="code").count() == 3


def test_paper_sheet_typed_in(town: Town, coordinator: User, coordinator_client: Client) -> None:
    round_ = make_round(town, coordinator)
    data = rating_post(round_, 1, "2") | {"group": "volunteer"}
    response = coordinator_client.post(url("round_paper", town, pk=round_.pk), data)
    assert response.status_code == 302
    assert Answer.objects.filter(round=round_, group="volunteer").count() == 12


# --- Answering ------------------------------------------------------------------------------


def _code_client(town: Town, round_: Round, coordinator: User) -> tuple[Client, str]:
    code = round_codes_create(round_=round_, group="volunteer", count=3, actor=coordinator)[0]
    c = Client()
    response = c.post(url("code_entry", town), {"code": code})
    assert response.status_code == 302
    return c, code


def test_full_flow_with_a_code_drafts_and_submit(town: Town, coordinator: User) -> None:
    round_ = make_round(town, coordinator)
    c, _code = _code_client(town, round_, coordinator)
    r = c.post(url("answer_step", town, pk=round_.pk, step=1), rating_post(round_, 1, "3"))
    assert r["Location"] == url("answer_step", town, pk=round_.pk, step=2)
    r = c.post(url("answer_step_later", town, pk=round_.pk, step=2), rating_post(round_, 2, "x"))
    assert r.status_code == 200
    assert "gespeichert" in r.content.decode()
    # continue later: the draft is shown again
    page = c.get(url("answer_step", town, pk=round_.pk, step=2)).content.decode()
    assert 'value="x" class="kern-form-check__radio" required' not in page
    assert 'value="x"' in page and "checked" in page
    r = c.post(url("answer_step", town, pk=round_.pk, step=3), rating_post(round_, 3, "1"))
    assert r["Location"] == url("answer_submit", town, pk=round_.pk)
    assert Answer.objects.count() == 0
    summary = c.get(r["Location"]).content.decode()
    assert "12 von 12" in summary
    r = c.post(url("answer_submit", town, pk=round_.pk))
    assert r["Location"] == url("answer_thanks", town, pk=round_.pk)
    assert Answer.objects.filter(round=round_).count() == 22
    assert Answer.objects.filter(round=round_, dont_know=True).count() == 6


def test_each_button_of_an_answer_step_posts_to_its_own_view(town: Town, coordinator: User) -> None:
    """One POST view per action: back and later have their own URLs (no `aktion` field)."""
    round_ = make_round(town, coordinator)
    c, _code = _code_client(town, round_, coordinator)
    page = c.get(url("answer_step", town, pk=round_.pk, step=2)).content.decode()
    assert 'name="aktion"' not in page
    back_url = url("answer_step_back", town, pk=round_.pk, step=2)
    later_url = url("answer_step_later", town, pk=round_.pk, step=2)
    assert f'formaction="{back_url}"' in page
    assert f'formaction="{later_url}"' in page
    r = c.post(back_url, rating_post(round_, 2, "4"))
    assert r["Location"] == url("answer_step", town, pk=round_.pk, step=1)
    participation = Participation.objects.get(
        round=round_, channel=ParticipationChannel.CODE, status=ParticipationStatus.STARTED
    )
    assert len(participation.draft) == len(round_levers_by_area(round_=round_)[1].levers)
    r = c.post(later_url, rating_post(round_, 2, "2"))
    assert r.status_code == 200
    assert "gespeichert" in r.content.decode()
    assert c.get(back_url).status_code == 405


def test_double_submit_stores_once(town: Town, coordinator: User) -> None:
    round_ = make_round(town, coordinator)
    c, _code = _code_client(town, round_, coordinator)
    c.post(url("answer_step", town, pk=round_.pk, step=1), rating_post(round_, 1, "4"))
    first = c.post(url("answer_submit", town, pk=round_.pk))
    second = c.post(url("answer_submit", town, pk=round_.pk))
    assert first.status_code == second.status_code == 302
    assert Answer.objects.filter(round=round_).count() == 12


def test_comment_without_rating_is_refused_not_dropped(town: Town, coordinator: User) -> None:
    round_ = make_round(town, coordinator)
    c, _code = _code_client(town, round_, coordinator)
    lever_id = RoundLever.objects.filter(round=round_).order_by("position")[0].lever_id
    r = c.post(url("answer_step", town, pk=round_.pk, step=1), {f"c{lever_id}": "Wichtig!"})
    assert r.status_code == 200
    assert "Bitte wählen Sie eine Einschätzung" in r.content.decode()


def test_answering_a_closed_round_shows_a_clear_message(town: Town, coordinator: User) -> None:
    round_ = make_round(town, coordinator)
    c, _code = _code_client(town, round_, coordinator)
    round_close(round_=round_, actor=coordinator)
    r = c.post(url("answer_step", town, pk=round_.pk, step=1), rating_post(round_, 1, "4"))
    assert r.status_code == 409
    assert "abgeschlossen" in r.content.decode()
    assert "nichts gespeichert" in r.content.decode()
    assert not Participation.objects.filter(round=round_).exclude(draft={}).exists()


def test_wrong_and_used_codes_get_the_same_answer(town: Town, coordinator: User) -> None:
    round_ = make_round(town, coordinator)
    c, code = _code_client(town, round_, coordinator)
    c.post(url("answer_step", town, pk=round_.pk, step=1), rating_post(round_, 1, "4"))
    c.post(url("answer_submit", town, pk=round_.pk))
    used = Client().post(url("code_entry", town), {"code": code})
    wrong = Client().post(url("code_entry", town), {"code": "ZZZZZ-ZZZZZ"})
    assert used.status_code == wrong.status_code == 200
    assert "gilt nicht (mehr)" in normalise(used.content)
    assert normalise(used.content) == normalise(wrong.content)


def test_forged_and_used_links_get_the_same_neutral_page(
    town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    round_ = make_round(town, coordinator)
    forged = Client().get(url("participation_link", town, token="ausgedachtQ"))
    p = Participation.objects.create(
        town=town,
        round=round_,
        group="staff",
        channel="email",
        secret_hash=_hash("benutzterQ"),
        status="submitted",
        submitted_at=timezone.now(),
    )
    used = Client().get(url("participation_link", town, token="benutzterQ"))
    assert forged.status_code == used.status_code == 404
    # The pages differ only in the path echoed in the login link.
    assert normalise(forged.content).replace("ausgedachtQ", "") == normalise(used.content).replace(
        "benutzterQ", ""
    )
    assert p.pk


def test_no_session_no_answer_page(town: Town, coordinator: User) -> None:
    round_ = make_round(town, coordinator)
    r = Client().get(url("answer_step", town, pk=round_.pk, step=1))
    assert r.status_code == 404


def test_member_joins_from_the_index(
    town: Town,
    coordinator: User,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    round_ = make_round(town, coordinator)
    client = client_for(make_member(town, Role.STAFF))
    assert "Jetzt einschätzen" in client.get(url("index", town)).content.decode()
    r = client.post(url("round_join", town, pk=round_.pk))
    assert r["Location"] == url("answer_step", town, pk=round_.pk, step=1)
    client.post(r["Location"], rating_post(round_, 1, "0"))
    client.post(url("answer_submit", town, pk=round_.pk))
    assert Answer.objects.filter(group="staff", value=0).count() == 12
    assert "schon teilgenommen" in client.get(url("index", town)).content.decode()


def test_a_person_with_email_and_account_answers_once(
    town: Town,
    coordinator: User,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    person = make_member(town, Role.STAFF)
    round_ = make_round(town, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        round_invite_group(
            round_=round_, group="staff", actor=coordinator, base_url="http://testserver/"
        )
    client = client_for(person)
    client.post(url("round_join", town, pk=round_.pk))
    assert Participation.objects.filter(round=round_, user=person).count() == 1


# --- Tenant isolation -----------------------------------------------------------------------


def test_ids_of_another_town_are_404(
    town: Town, other_town: Town, coordinator: User, coordinator_client: Client
) -> None:
    foreign_round = RoundFactory(town=other_town)
    foreign_lever = LeverFactory(town=other_town)
    for name in (
        "round_detail",
        "round_close",
        "round_invite",
        "round_codes",
        "round_code_sheet",
        "round_paper",
        "answer_submit",
        "answer_thanks",
    ):
        assert coordinator_client.get(url(name, town, pk=foreign_round.pk)).status_code == 404, name
    assert coordinator_client.post(url("round_join", town, pk=foreign_round.pk)).status_code == 404
    assert coordinator_client.post(url("round_close", town, pk=foreign_round.pk)).status_code == 404
    assert (
        coordinator_client.get(url("answer_step", town, pk=foreign_round.pk, step=1)).status_code
        == 404
    )
    for name in ("lever_detail",):
        assert coordinator_client.get(url(name, town, pk=foreign_lever.pk)).status_code == 404
    for name in ("lever_hide", "lever_show"):
        assert coordinator_client.post(url(name, town, pk=foreign_lever.pk)).status_code == 404
    foreign_round.refresh_from_db()
    assert foreign_round.status == RoundStatus.OPEN


def test_a_session_participation_of_another_round_does_not_open_this_one(
    town: Town, other_town: Town, coordinator: User
) -> None:
    """A participation id planted in the session for the wrong round is ignored."""
    round_ = make_round(town, coordinator)
    other = RoundFactory(town=other_town)
    foreign = Participation.objects.create(
        town=other_town, round=other, group="staff", channel="code"
    )
    c = Client()
    session = c.session
    session[f"logbook_participation_{round_.pk}"] = foreign.pk
    session.save()
    assert c.get(url("answer_step", town, pk=round_.pk, step=1)).status_code == 404


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["round_list", "index"])
def test_list_pages_do_not_grow_with_rounds(
    page: str,
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    RoundFactory(town=town)
    with django_assert_max_num_queries(20) as one:
        coordinator_client.get(url(page, town))
    for _ in range(12):
        RoundFactory(town=town)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coordinator_client.get(url(page, town))
    assert response.status_code == 200


def test_round_detail_queries_do_not_grow_with_participations(
    town: Town, coordinator: User, coordinator_client: Client, django_assert_max_num_queries: Any
) -> None:
    round_ = make_round(town, coordinator)
    Participation.objects.create(town=town, round=round_, group="staff", channel="code")
    with django_assert_max_num_queries(30) as one:
        coordinator_client.get(url("round_detail", town, pk=round_.pk))
    Participation.objects.bulk_create(
        [
            Participation(town=town, round=round_, group="volunteer", channel="code")
            for _ in range(15)
        ]
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        coordinator_client.get(url("round_detail", town, pk=round_.pk))


def test_answer_step_queries_are_bounded(
    town: Town, coordinator: User, django_assert_max_num_queries: Any
) -> None:
    round_ = make_round(town, coordinator)
    c, _code = _code_client(town, round_, coordinator)
    with django_assert_max_num_queries(15):
        assert c.get(url("answer_step", town, pk=round_.pk, step=1)).status_code == 200


def test_lever_pages_do_not_grow_with_own_levers(
    town: Town, coordinator_client: Client, django_assert_max_num_queries: Any
) -> None:
    LeverFactory(town=town)
    counts = []
    for more in (0, 12):
        for _ in range(more):
            LeverFactory(town=town)
        for name in ("lever_manage", "index"):
            with django_assert_max_num_queries(30) as ctx:
                assert coordinator_client.get(url(name, town)).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:]


def test_archived_own_lever_is_marked_on_the_manage_page(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    own = LeverFactory(town=town, title="Bürgerbus")
    make_round(town, coordinator)  # the round uses it, so hiding archives it
    coordinator_client.post(url("lever_hide", town, pk=own.pk))
    own.refresh_from_db()
    assert own.archived_at is not None
    html = coordinator_client.get(url("lever_manage", town)).content.decode()
    assert "archiviert" in html
    assert "Bürgerbus" in html


def test_members_see_participation_counts_but_no_coordinator_tools(
    town: Town,
    coordinator: User,
    client_for: Callable[[User], Client],
    make_member: Callable[..., User],
) -> None:
    round_ = make_round(town, coordinator)
    html = (
        client_for(make_member(town, Role.VOLUNTEER))
        .get(url("round_detail", town, pk=round_.pk))
        .content.decode()
    )
    assert "Beteiligung" in html  # counts per group only, the same for everyone
    assert "Gedruckte Codes" not in html
    assert "Codes ausdrucken" not in html
    assert "Jetzt einschätzen" in html


def test_invite_view_names_people_without_email(
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    make_member: Callable[..., User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    make_member(town, Role.STAFF)
    make_member(town, Role.STAFF, email=None)
    round_ = make_round(town, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url("round_invite", town, pk=round_.pk), {"group": "staff"}, follow=True
        )
    html = response.content.decode()
    assert "1 Einladung(en) verschickt." in html
    assert "1 Person(en) ohne E-Mail-Adresse" in html
    assert len(mail.outbox) == 1


def test_index_links_to_measures_and_journal(town: Town, coordinator_client: Client) -> None:
    html = coordinator_client.get(url("index", town)).content.decode()
    assert url("measure_board", town) in html
    assert url("journal", town) in html
