"""The town logbook: dated entries linked to Stellschrauben and measures, filterable, printable."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from logbuch.core.tests.html import squash
from logbuch.logbook.errors import NotInTown
from logbuch.logbook.models import JournalEntry, JournalKind
from logbuch.logbook.services.journal import journal_entry_create
from logbuch.logbook.tests.factories import JournalEntryFactory, MeasureFactory
from logbuch.logbook.tests.helpers import url
from logbuch.logbook.tests.results_data import levers_of
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = pytest.mark.django_db


def test_coordinator_records_the_council_resolution(town: Town, coordinator_client: Client) -> None:
    lever = levers_of(town)[0]
    measure = MeasureFactory(town=town, lever=lever, title="Beschlussvorlage")
    response = coordinator_client.post(
        url("journal_create", town),
        {
            "happened_on": "2026-03-12",
            "kind": JournalKind.DECISION,
            "title": "Ratsbeschluss: ko-kreative Kleinstadt",
            "text": "Einstimmig.",
            "levers": [lever.pk],
            "measures": [measure.pk],
        },
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert list(entry.levers.all()) == [lever]
    assert list(entry.measures.all()) == [measure]
    assert AuditEntry.objects.filter(action="logbook.journal_entry.created").exists()
    html = coordinator_client.get(url("journal", town)).content.decode()
    assert "Ratsbeschluss: ko-kreative Kleinstadt" in html
    assert "12.03.2026" in html and "Beschlussvorlage" in html


def test_failure_is_a_kind_of_its_own(town: Town, coordinator: User) -> None:
    entry = journal_entry_create(
        town=town,
        actor=coordinator,
        happened_on=datetime.date(2026, 1, 1),
        kind=JournalKind.FAILURE,
        title="Bürgerbus-Testlauf abgebrochen",
    )
    assert entry.get_kind_display() == "Scheitern"


def test_journal_filters_by_kind_lever_and_year(town: Town, coordinator_client: Client) -> None:
    levers = levers_of(town)
    a = JournalEntryFactory(
        town=town, title="Alpha", kind=JournalKind.LESSON, happened_on=datetime.date(2025, 5, 1)
    )
    a.levers.add(levers[0])
    JournalEntryFactory(
        town=town, title="Beta", kind=JournalKind.MILESTONE, happened_on=datetime.date(2026, 5, 1)
    )

    def titles(query: str) -> set[str]:
        html = coordinator_client.get(url("journal", town) + query).content.decode()
        return {t for t in ("Alpha", "Beta") if f">{t}</h2>" in html}

    assert titles("") == {"Alpha", "Beta"}
    assert titles("?art=lesson") == {"Alpha"}
    assert titles(f"?stellschraube={levers[0].pk}") == {"Alpha"}
    assert titles("?jahr=2026") == {"Beta"}


def test_journal_lists_links_and_keeps_the_filter(town: Town, coordinator_client: Client) -> None:
    levers = levers_of(town)
    early = MeasureFactory(town=town, lever=levers[0], title="Bürgerbus <Test>", due_on=None)
    late = MeasureFactory(
        town=town, lever=levers[0], title="Später", due_on=datetime.date(2030, 1, 1)
    )
    entry = JournalEntryFactory(
        town=town, title="Alpha", kind=JournalKind.LESSON, happened_on=datetime.date(2025, 5, 1)
    )
    entry.levers.add(levers[1], levers[0])
    entry.measures.add(late, early)
    html = squash(
        coordinator_client.get(
            url("journal", town) + f"?stellschraube={levers[0].pk}"
        ).content.decode()
    )
    assert '<time datetime="2025-05-01">01.05.2025</time> · <strong>Erfahrung</strong>' in html
    # Stellschrauben in catalogue order, measures by due date (as the ORM orders them).
    names = ", ".join(escape(f"{lever.code} {lever.title}") for lever in levers[:2])
    assert f"Stellschrauben: {names}</p>" in html
    ordered = list(entry.measures.order_by("due_on", "id"))
    links = ", ".join(
        f'<a class="kern-link" hx-boost="false" href="{url("measure_detail", town, pk=m.pk)}">'
        f"{escape(m.title)}</a>"
        for m in ordered
    )
    assert f"Maßnahmen: {links}</p>" in html
    assert f'href="{url("journal_edit", town, pk=entry.pk)}">„Alpha“ bearbeiten</a>' in html
    assert f'<option value="{levers[0].pk}" selected>' in html
    assert f'<option value="{levers[1].pk}">' in html


def test_journal_is_printable(town: Town, coordinator_client: Client) -> None:
    html = coordinator_client.get(url("journal", town)).content.decode()
    assert "core/print.css" in html
    assert 'class="filter-bar no-print"' in html


def test_members_write_drafts_only_the_coordinator_publishes(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    volunteer = client_for(make_member(town, Role.VOLUNTEER))
    assert volunteer.get(url("journal", town)).status_code == 200
    assert volunteer.get(url("journal_create", town)).status_code == 200
    entry = JournalEntryFactory(town=town, status="draft")
    assert volunteer.get(url("journal_publish", town, pk=entry.pk)).status_code == 403
    assert volunteer.post(url("journal_publish", town, pk=entry.pk)).status_code == 403


def test_entries_and_links_of_another_town_are_refused(
    town: Town, other_town: Town, coordinator: User, coordinator_client: Client
) -> None:
    foreign = JournalEntryFactory(town=other_town)
    assert coordinator_client.get(url("journal_edit", town, pk=foreign.pk)).status_code == 404
    with pytest.raises(NotInTown):
        journal_entry_create(
            town=town,
            actor=coordinator,
            happened_on=datetime.date(2026, 1, 1),
            kind=JournalKind.LESSON,
            title="x",
            measures=[MeasureFactory(town=other_town)],
        )
    # The form offers only this town's measures: a foreign id is a validation error.
    response = coordinator_client.post(
        url("journal_create", town),
        {"happened_on": "2026-01-01", "kind": "lesson", "title": "x", "measures": [foreign.pk]},
    )
    assert response.status_code == 200
    assert not JournalEntry.objects.filter(town=town).exists()


def test_edit_keeps_the_entry_and_audits(town: Town, coordinator_client: Client) -> None:
    entry = JournalEntryFactory(town=town, title="Vorher")
    response = coordinator_client.post(
        url("journal_edit", town, pk=entry.pk),
        {"happened_on": "2026-02-02", "kind": "milestone", "title": "Nachher"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Nachher"
    assert AuditEntry.objects.filter(action="logbook.journal_entry.updated").exists()


def test_journal_queries_do_not_grow_with_entries(
    town: Town, coordinator_client: Client, django_assert_max_num_queries: Any
) -> None:
    lever = levers_of(town)[0]
    JournalEntryFactory(town=town).levers.add(lever)
    coordinator_client.get(url("journal", town))
    with django_assert_max_num_queries(13) as one:
        coordinator_client.get(url("journal", town))
    baseline = len(one.captured_queries)  # read now: the next request clears the query log
    for _ in range(15):
        JournalEntryFactory(town=town).levers.add(lever)
    with django_assert_max_num_queries(baseline):
        coordinator_client.get(url("journal", town))


@pytest.mark.parametrize("query", ["?stellschraube=abc", "?jahr=zwei", "?art=<script>"])
def test_malformed_filters_do_not_fail(town: Town, coordinator_client: Client, query: str) -> None:
    JournalEntryFactory(town=town, title="Alpha")
    assert coordinator_client.get(url("journal", town) + query).status_code == 200
