"""Export and erasure of a person's logbook data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from logbuch.logbook import privacy
from logbuch.logbook.models import Answer, ListEntry, Participation
from logbuch.logbook.tests.factories import (
    AnswerFactory,
    ListEntryFactory,
    ParticipationFactory,
    TownListEntryFactory,
)
from logbuch.towns.models import Role, Town, User

pytestmark = pytest.mark.django_db


def test_export_and_erase(town: Town, make_member: Callable[..., User]) -> None:
    person = make_member(town, Role.STAFF)
    p = ParticipationFactory(
        town=town, user=person, status="submitted", submitted_at="2026-01-01T10:00Z"
    )
    AnswerFactory(town=town, round=p.round, participation=p, comment="Mein Kommentar")
    data = privacy.export_user_data(person)
    assert data["logbook_participations"][0]["round"] == p.round.title
    assert data["logbook_answers"][0]["comment"] == "Mein Kommentar"
    privacy.erase_user_data(person)
    assert not Participation.objects.filter(user=person).exists()
    assert Answer.objects.filter(participation__isnull=True).count() == 1


def test_list_entries_are_exported_with_the_answer_and_stay_unlinked_after_erasure(
    town: Town, make_member: Callable[..., User]
) -> None:
    person = make_member(town, Role.STAFF)
    p = ParticipationFactory(
        town=town, user=person, status="submitted", submitted_at="2026-01-01T10:00Z"
    )
    answer = AnswerFactory(town=town, round=p.round, participation=p)
    ListEntryFactory(town=town, answer=answer, text="Alte Schule", note="leer")
    carried = TownListEntryFactory(town=town, added_by=person)
    data = privacy.export_user_data(person)
    assert data["logbook_answers"][0]["list_entries"] == [
        {"kind": "place", "text": "Alte Schule", "note": "leer"}
    ]
    assert data["logbook_town_list_entries"] == [
        {"town": town.name, "kind": "place", "name": carried.name}
    ]
    privacy.erase_user_data(person)
    assert ListEntry.objects.get().answer.participation_id is None
    carried.refresh_from_db()
    assert carried.added_by_id is None


def test_anonymous_list_entries_are_not_exported(
    town: Town, make_member: Callable[..., User]
) -> None:
    """An anonymous round's answer has no participation, so neither it nor its entries can be
    found from the person."""
    person = make_member(town, Role.STAFF)
    p = ParticipationFactory(
        town=town, user=person, status="submitted", submitted_at="2026-01-01T10:00Z"
    )
    ListEntryFactory(town=town, answer__round=p.round, text="Alte Schule")
    assert privacy.export_user_data(person)["logbook_answers"] == []
