"""Measures (Maßnahmen): created from a Stellschraube, board with filters, notes, status, audit."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from logbuch.core.tests.html import squash
from logbuch.logbook.errors import NotInTown, OwnerConflict
from logbuch.logbook.models import Measure, MeasureNote, MeasureStatus
from logbuch.logbook.services.measures import measure_create, measure_set_status
from logbuch.logbook.tests.factories import DemandFactory, LeverFactory, MeasureFactory
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import ALL_GROUPS, add_answers, fill, levers_of, open_round
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_measure_from_a_lever_of_a_round(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    round_ = open_round(town)
    lever = levers_of(town)[3]
    page = coordinator_client.get(
        url("measure_create", town) + f"?stellschraube={lever.pk}&runde={round_.pk}"
    )
    assert lever.title in page.content.decode()
    response = coordinator_client.post(
        url("measure_create", town) + f"?stellschraube={lever.pk}&runde={round_.pk}",
        {
            "title": "Ehrenamtsbörse",
            "goal": "Mehr Engagierte finden",
            "lever": lever.pk,
            "owner_role": Role.STAFF,
            "due_on": "2030-06-30",
            "status": MeasureStatus.PLANNED,
        },
    )
    measure = Measure.objects.get(title="Ehrenamtsbörse")
    assert response.status_code == 302
    assert response["Location"] == url("measure_detail", town, pk=measure.pk)
    assert (measure.town, measure.lever, measure.round, measure.created_by) == (
        town,
        lever,
        round_,
        coordinator,
    )
    assert AuditEntry.objects.filter(town=town, action="logbook.measure.created").count() == 1


def test_a_measure_has_one_owner_at_most(town: Town, coordinator_client: Client) -> None:
    lever = levers_of(town)[0]
    response = coordinator_client.post(
        url("measure_create", town),
        {
            "title": "Doppelt",
            "lever": lever.pk,
            "owner_user": User.objects.first().pk,  # type: ignore[union-attr]
            "owner_role": Role.STAFF,
            "status": MeasureStatus.PLANNED,
        },
    )
    assert response.status_code == 200
    assert "entweder eine Person oder eine Rolle" in response.content.decode()
    assert not Measure.objects.exists()


def test_services_refuse_foreign_levers_people_and_double_owners(
    town: Town, other_town: Town, coordinator: User, make_member: Callable[..., User]
) -> None:
    foreign_lever = LeverFactory(town=other_town)
    stranger = make_member(other_town, Role.STAFF)
    lever = levers_of(town)[0]
    with pytest.raises(NotInTown):
        measure_create(town=town, actor=coordinator, lever=foreign_lever, title="x")
    with pytest.raises(NotInTown):
        measure_create(town=town, actor=coordinator, lever=lever, title="x", owner_user=stranger)
    with pytest.raises(OwnerConflict):
        measure_create(
            town=town,
            actor=coordinator,
            lever=lever,
            title="x",
            owner_user=coordinator,
            owner_role=Role.STAFF,
        )


def test_a_volunteer_creating_a_measure_is_sent_to_the_proposal_form(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_member(town, Role.VOLUNTEER))
    response = client.get(url("measure_create", town) + "?stellschraube=3&runde=4")
    assert response.status_code == 302
    assert response["Location"] == url("proposal_create", town) + "?stellschraube=3&runde=4"
    lever = levers_of(town)[0]
    posted = client.post(url("measure_create", town), {"title": "x", "lever": lever.pk})
    assert posted.status_code == 302
    assert not Measure.objects.exists()


def test_edit_status_and_notes_are_audited(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    measure = MeasureFactory(town=town, title="Alt")
    response = coordinator_client.post(
        url("measure_edit", town, pk=measure.pk),
        {
            "title": "Neu",
            "goal": measure.goal,
            "lever": measure.lever_id,
            "status": MeasureStatus.RUNNING,
            "due_on": "2031-01-01",
        },
    )
    assert response.status_code == 302
    coordinator_client.post(url("measure_status", town, pk=measure.pk), {"status": "done"})
    coordinator_client.post(
        url("measure_note_add", town, pk=measure.pk),
        {"noted_on": "2026-05-04", "text": "Erstes Treffen mit 12 Leuten."},
    )
    measure.refresh_from_db()
    assert (measure.title, measure.status) == ("Neu", MeasureStatus.DONE)
    assert MeasureNote.objects.get(measure=measure).noted_on == datetime.date(2026, 5, 4)
    actions = set(AuditEntry.objects.filter(town=town).values_list("action", flat=True))
    assert {
        "logbook.measure.updated",
        "logbook.measure.status_changed",
        "logbook.measure.note_added",
    } <= actions
    detail = coordinator_client.get(url("measure_detail", town, pk=measure.pk)).content.decode()
    assert "Erstes Treffen mit 12 Leuten." in detail and "04.05.2026" in detail


def test_the_owning_role_may_add_notes_others_may_not(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    measure = MeasureFactory(town=town, owner_role=Role.STAFF)
    staff = client_for(make_member(town, Role.STAFF))
    volunteer = client_for(make_member(town, Role.VOLUNTEER))
    note = {"noted_on": "2026-05-04", "text": "Läuft."}
    assert staff.post(url("measure_note_add", town, pk=measure.pk), note).status_code == 302
    assert volunteer.post(url("measure_note_add", town, pk=measure.pk), note).status_code == 403
    assert (
        volunteer.post(url("measure_status", town, pk=measure.pk), {"status": "done"}).status_code
        == 403
    )
    assert MeasureNote.objects.filter(measure=measure).count() == 1


def test_overdue_measures_are_marked_in_words(town: Town, coordinator_client: Client) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    MeasureFactory(town=town, title="Zu spät", due_on=yesterday, status=MeasureStatus.RUNNING)
    MeasureFactory(town=town, title="Fertig", due_on=yesterday, status=MeasureStatus.DONE)
    html = coordinator_client.get(url("measure_board", town)).content.decode()
    assert html.count("überfällig") == 1
    assert html.index("Zu spät") < html.index("überfällig")


def test_board_filters_by_area_status_and_owner(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    levers = levers_of(town)
    structural = next(lv for lv in levers if lv.area.key == "structural")
    cultural = next(lv for lv in levers if lv.area.key == "cultural")
    MeasureFactory(town=town, title="Organigramm", lever=structural, owner_user=coordinator)
    MeasureFactory(
        town=town,
        title="Konsenspapier",
        lever=cultural,
        owner_role=Role.COUNCIL,
        status=MeasureStatus.RUNNING,
    )

    def titles(query: str) -> set[str]:
        html = coordinator_client.get(url("measure_board", town) + query).content.decode()
        return {t for t in ("Organigramm", "Konsenspapier") if f">{t}</a>" in html}

    assert titles("") == {"Organigramm", "Konsenspapier"}
    assert titles("?bereich=cultural") == {"Konsenspapier"}
    assert titles("?status=planned") == {"Organigramm"}
    assert titles(f"?person={coordinator.pk}") == {"Organigramm"}
    assert titles("?rolle=council") == {"Konsenspapier"}
    assert titles(f"?stellschraube={structural.pk}") == {"Organigramm"}
    assert titles("?unbekannt=1&sortierung=town__name") == {"Organigramm", "Konsenspapier"}


def test_board_rows_show_owner_status_due_date_and_link(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    lever = levers_of(town)[0]
    by_person = MeasureFactory(
        town=town, title="Person", lever=lever, owner_user=coordinator, due_on=None
    )
    MeasureFactory(
        town=town,
        title="Rolle",
        lever=lever,
        owner_role=Role.COUNCIL,
        status=MeasureStatus.DONE,
        due_on=datetime.date(2031, 3, 4),
    )
    MeasureFactory(town=town, title="Niemand", lever=lever, status=MeasureStatus.DROPPED)
    html = squash(
        coordinator_client.get(url("measure_board", town) + "?status=done").content.decode()
    )
    assert '<option value="done" selected>erledigt</option>' in html
    assert ">Rolle</a>" in html and ">Person</a>" not in html
    assert f'data-label="Verantwortlich">{Role.COUNCIL.label}</td>' in html
    assert '<span class="kern-label">erledigt</span>' in html and "04.03.2031" in html
    html = squash(coordinator_client.get(url("measure_board", town)).content.decode())
    detail = url("measure_detail", town, pk=by_person.pk)
    assert f'<a class="kern-link" hx-boost="false" href="{detail}">Person</a>' in html
    assert f'data-label="Verantwortlich">{coordinator.name}</td>' in html
    assert f'data-label="Stellschraube">{lever.code} {lever.title}</td>' in html
    assert 'data-label="Verantwortlich">–</td>' in html  # nobody owns "Niemand"
    assert 'data-label="Fällig">–</td>' in html.split(">Person</a>")[1].split("</tr>")[0]


def test_measure_shows_its_lever_before_and_after(
    town: Town, coordinator: User, coordinator_client: Client
) -> None:
    lever = levers_of(town)[0]
    before = open_round(town, starts_on=datetime.date(2025, 2, 1), closed=True, title="R2025")
    add_answers(before, lever, "staff", [1, 1, 2, 2])
    after = open_round(town, starts_on=datetime.date(2027, 2, 1), closed=True, title="R2027")
    add_answers(after, lever, "staff", [3, 3, 4, 4])
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        measure = measure_create(town=town, actor=coordinator, lever=lever, title="Tandems")
    html = coordinator_client.get(url("measure_detail", town, pk=measure.pk)).content.decode()
    assert "R2025: 1,5" in html
    assert "R2027: 3,5" in html
    board = coordinator_client.get(url("measure_board", town)).content.decode()
    assert "R2025: 1,5" in board and "R2027: 3,5" in board


def test_measure_of_another_town_is_404(
    town: Town, other_town: Town, coordinator_client: Client
) -> None:
    foreign = MeasureFactory(town=other_town)
    for name in ("measure_detail", "measure_edit"):
        assert coordinator_client.get(url(name, town, pk=foreign.pk)).status_code == 404
    for name in ("measure_status", "measure_note_add"):
        assert coordinator_client.post(url(name, town, pk=foreign.pk), {}).status_code == 404


def test_board_queries_do_not_grow_with_measures_or_answers(
    town: Town, coordinator: User, coordinator_client: Client, django_assert_max_num_queries: Any
) -> None:
    levers = levers_of(town)
    old = open_round(town, groups=ALL_GROUPS, starts_on=datetime.date(2020, 1, 1), closed=True)
    fill(old, 10)
    measure_create(town=town, actor=coordinator, lever=levers[0], title="Eins")
    coordinator_client.get(url("measure_board", town))
    with django_assert_max_num_queries(13) as one:
        coordinator_client.get(url("measure_board", town))
    baseline = len(one.captured_queries)  # read now: the next request clears the query log
    fill(old, 1000, seed=2)
    old.closed_at = timezone.now()
    old.save(update_fields=["closed_at"])  # a new cache key: counted afresh
    for i in range(12):
        measure_create(town=town, actor=coordinator, lever=levers[i], title=f"M{i}")
    coordinator_client.get(url("measure_board", town))
    with django_assert_max_num_queries(baseline):
        coordinator_client.get(url("measure_board", town))


def test_measure_status_service_ignores_unchanged(town: Town, coordinator: User) -> None:
    measure = MeasureFactory(town=town)
    measure_set_status(measure=measure, actor=coordinator, status=measure.status)
    assert not AuditEntry.objects.filter(action="logbook.measure.status_changed").exists()


@pytest.mark.parametrize("query", ["?person=abc", "?stellschraube=1.5", "?status=x", "?seite=-1"])
def test_malformed_board_filters_do_not_fail(
    town: Town, coordinator_client: Client, query: str
) -> None:
    MeasureFactory(town=town)
    assert coordinator_client.get(url("measure_board", town) + query).status_code == 200


def test_the_board_keeps_the_guides_three_parts_with_the_forderungen_last(
    town: Town, coordinator_client: Client, django_assert_max_num_queries: Any
) -> None:
    levers = levers_of(town)
    structural = [lv for lv in levers if lv.area.key == "structural"]
    cultural = next(lv for lv in levers if lv.area.key == "cultural")
    higher = [lv for lv in levers if lv.is_higher_level]
    MeasureFactory(
        town=town, title="Konsenspapier", lever=cultural, due_on=datetime.date(2030, 1, 1)
    )
    MeasureFactory(town=town, title="Organigramm", lever=structural[0], due_on=None)
    DemandFactory(town=town, lever=higher[0], addressee="Landkreis Görlitz")
    coordinator_client.get(url("measure_board", town))
    with django_assert_max_num_queries(16) as one:
        html = coordinator_client.get(url("measure_board", town)).text
    baseline = len(one.captured_queries)
    parts = [structural[0].area.title, cultural.area.title, higher[0].area.title]
    positions = [html.index(f">{title}</h2>") for title in parts]
    assert positions == sorted(positions)  # the guide's order, not the due dates'
    assert html.index(">Organigramm</a>") < positions[1] < html.index(">Konsenspapier</a>")
    higher_part = html[positions[2] :]
    assert "Landkreis Görlitz" in higher_part
    assert url("demand_list", town) in higher_part and "<table" not in higher_part
    # Filtered to one local area, the Forderungen stay away.
    assert (
        "Landkreis Görlitz"
        not in coordinator_client.get(url("measure_board", town) + "?bereich=cultural").text
    )

    for i, lever in enumerate(structural[1:4]):
        MeasureFactory(town=town, title=f"M{i}", lever=lever)
    MeasureFactory(town=town, title="Mehr", lever=cultural)
    for lever in higher[1:3]:
        DemandFactory(town=town, lever=lever)
    coordinator_client.get(url("measure_board", town))
    with django_assert_max_num_queries(baseline):
        coordinator_client.get(url("measure_board", town))


def test_catalogue_words_are_marked_german_in_the_english_interface(
    town: Town, coordinator_client: Client
) -> None:
    lever = next(lv for lv in levers_of(town) if lv.area.key == "cultural")
    measure = MeasureFactory(town=town, title="Konsenspapier", lever=lever)
    german = coordinator_client.get(url("measure_board", town)).text
    assert f'<span lang="de">{lever.area.title}</span>' not in german
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    board = coordinator_client.get(url("measure_board", town)).text
    assert '<html lang="en"' in board
    assert f'<span lang="de">{lever.area.title}</span>' in board
    assert f'<span lang="de">{lever.code} {lever.title}</span>' in board
    detail = coordinator_client.get(url("measure_detail", town, pk=measure.pk)).text
    assert f'<span lang="de">{lever.title}</span>' in detail
