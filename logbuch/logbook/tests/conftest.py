"""Fixtures of the logbook's tests (the towns, people and clients come from the root conftest)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from logbuch.logbook.models import Round
from logbuch.logbook.services.participation import (
    participation_for_member,
    participation_save,
    participation_submit,
)
from logbuch.logbook.tests.helpers import entry
from logbuch.logbook.tests.results_data import levers_of
from logbuch.towns.models import Role, Town, User


@pytest.fixture
def submit(town: Town, make_member: Callable[..., User]) -> Callable[..., None]:
    """submit(round_, group, value, comment=""): a new member of `group` answers every
    Stellschraube of the round with `value` and submits."""

    def answer(round_: Round, group: str, value: int, comment: str = "") -> None:
        person = make_member(town, Role(group))
        participation = participation_for_member(
            round_=round_, user=person, roles=frozenset({group})
        )
        participation_save(
            participation=participation,
            entries={lever.pk: entry(value, comment) for lever in levers_of(town)},
        )
        participation_submit(participation=participation)

    return answer


@pytest.fixture
def volunteer_client(
    town: Town, make_member: Callable[..., User], client_for: Callable[[User], Client]
) -> Client:
    return client_for(make_member(town, Role.VOLUNTEER))
