"""Export and erasure of a person's logbook data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from logbuch.logbook import privacy
from logbuch.logbook.models import Answer, Participation
from logbuch.logbook.tests.factories import AnswerFactory, ParticipationFactory
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
