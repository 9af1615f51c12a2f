"""Fixtures of the Daseinsvorsorge tests: a Bürgerbus with a shift, volunteers, clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core import mail

from logbuch.services.models import Service, Shift
from logbuch.towns.models import Role, Town, User

from .factories import ServiceFactory, ShiftFactory


@pytest.fixture
def bus(town: Town) -> Service:
    return ServiceFactory(town=town, name="Bürgerbus", slug="buergerbus", seats_per_shift=3)


@pytest.fixture
def shift(bus: Service) -> Shift:
    return ShiftFactory(town=bus.town, service=bus, max_people=2, min_people=1, seats=3)


@pytest.fixture
def volunteer(town: Town, make_member: Callable[..., User]) -> User:
    return make_member(town, Role.VOLUNTEER)


@pytest.fixture
def volunteers(town: Town, make_member: Callable[..., User]) -> Callable[[int], list[User]]:
    def make(n: int) -> list[User]:
        return [make_member(town, Role.VOLUNTEER) for _ in range(n)]

    return make


@pytest.fixture
def sending(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with sending(): service(...)` runs the block's after-commit mails; read mail.outbox."""

    @contextmanager
    def block() -> Iterator[list[Any]]:
        with django_capture_on_commit_callbacks(execute=True):
            yield mail.outbox

    return block
