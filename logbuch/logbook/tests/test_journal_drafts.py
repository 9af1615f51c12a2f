"""Members write logbook entries as drafts; the coordinator publishes them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from logbuch.logbook import errors
from logbuch.logbook.models import JournalEntry, JournalStatus
from logbuch.logbook.services.journal import journal_entry_publish
from logbuch.logbook.tests.factories import JournalEntryFactory, MeasureFactory
from logbuch.logbook.tests.helpers import url
from logbuch.towns.models import AuditEntry, Role, Town, User

pytestmark = pytest.mark.django_db

ENTRY = {"happened_on": "2026-03-12", "kind": "milestone", "title": "Erstes Repair-Café"}


def test_a_members_entry_is_a_draft_only_author_and_coordinator_see(
    town: Town,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    coordinator_client: Client,
) -> None:
    author = client_for(make_member(town, Role.VOLUNTEER))
    other = client_for(make_member(town, Role.VOLUNTEER))
    response = author.post(url("journal_create", town), ENTRY)
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.status == JournalStatus.DRAFT and entry.published_at is None
    assert "Erstes Repair-Café" in author.get(url("journal", town)).text
    assert "Erstes Repair-Café" not in other.get(url("journal", town)).text
    coordinator_view = coordinator_client.get(url("journal", town)).text
    assert "Erstes Repair-Café" in coordinator_view
    assert url("journal_publish", town, pk=entry.pk) in coordinator_view


def test_the_coordinators_own_entry_is_published_at_once(
    town: Town, coordinator_client: Client
) -> None:
    coordinator_client.post(url("journal_create", town), ENTRY)
    assert JournalEntry.objects.get().status == JournalStatus.PUBLISHED


def test_publishing_shows_the_entry_to_all_and_tells_the_author_once(  # noqa: PLR0917 - pytest fixtures
    town: Town,
    coordinator: User,
    coordinator_client: Client,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    writer = make_member(town, Role.VOLUNTEER, email="schreibt@example.org")
    entry = JournalEntryFactory(town=town, author=writer, status=JournalStatus.DRAFT)
    other = client_for(make_member(town, Role.RESIDENT))
    assert coordinator_client.get(url("journal_publish", town, pk=entry.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url("journal_publish", town, pk=entry.pk))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.published_by) == (JournalStatus.PUBLISHED, coordinator)
    assert entry.title in other.get(url("journal", town)).text
    [message] = mail.outbox
    assert message.to == ["schreibt@example.org"] and entry.title in message.body
    with pytest.raises(errors.EntryNotPublishable):
        journal_entry_publish(entry=entry, actor=coordinator)
    assert AuditEntry.objects.filter(action="logbook.journal_entry.published").count() == 1


def test_the_author_edits_the_draft_but_not_once_published(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    writer = make_member(town, Role.VOLUNTEER)
    client = client_for(writer)
    draft = JournalEntryFactory(town=town, author=writer, status=JournalStatus.DRAFT)
    stranger = client_for(make_member(town, Role.VOLUNTEER))
    assert stranger.get(url("journal_edit", town, pk=draft.pk)).status_code == 403
    changed = client.post(url("journal_edit", town, pk=draft.pk), {**ENTRY, "title": "Neu"})
    assert changed.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Neu", JournalStatus.DRAFT)
    published = JournalEntryFactory(town=town, author=writer)
    assert client.get(url("journal_edit", town, pk=published.pk)).status_code == 403


def test_a_measure_page_lists_only_published_entries(
    town: Town, coordinator_client: Client
) -> None:
    measure = MeasureFactory(town=town)
    JournalEntryFactory(town=town, title="Öffentlich").measures.add(measure)
    JournalEntryFactory(town=town, title="Noch Entwurf", status=JournalStatus.DRAFT).measures.add(
        measure
    )
    page = coordinator_client.get(url("measure_detail", town, pk=measure.pk)).text
    assert "Öffentlich" in page and "Noch Entwurf" not in page


def test_the_year_filter_counts_only_years_with_entries_the_viewer_sees(
    town: Town,
    make_member: Callable[..., User],
    client_for: Callable[[User], Client],
    coordinator_client: Client,
) -> None:
    writer = make_member(town, Role.VOLUNTEER)
    JournalEntryFactory(town=town, happened_on=datetime.date(2025, 5, 1))
    JournalEntryFactory(
        town=town, author=writer, status=JournalStatus.DRAFT, happened_on=datetime.date(2019, 5, 1)
    )
    other = client_for(make_member(town, Role.VOLUNTEER))
    assert '<option value="2025"' in other.get(url("journal", town)).text
    assert '<option value="2019"' not in other.get(url("journal", town)).text
    assert '<option value="2019"' in client_for(writer).get(url("journal", town)).text
    assert '<option value="2019"' in coordinator_client.get(url("journal", town)).text
