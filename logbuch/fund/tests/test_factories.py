import inspect
from typing import Any

import factory
import pytest

from logbuch.fund.tests import factories

pytestmark = pytest.mark.django_db


def test_every_factory_builds_with_only_a_town(town):
    built = 0
    for _, cls in inspect.getmembers(factories, inspect.isclass):
        if (
            issubclass(cls, factory.django.DjangoModelFactory)
            and cls.__module__ == factories.__name__
        ):
            make: Any = cls
            obj = make(town=town)
            assert obj.town_id == town.id
            built += 1
    assert built >= 20
