"""One domain-error style: every refusal of a towns service is a core DomainError."""

from __future__ import annotations

import inspect

import pytest

from logbuch.core.errors import DomainError
from logbuch.towns import errors

REFUSALS = [
    cls
    for _name, cls in inspect.getmembers(errors, inspect.isclass)
    if cls.__module__ == errors.__name__
]


def test_the_module_declares_refusals():
    assert len(REFUSALS) >= 8


@pytest.mark.parametrize("error", REFUSALS, ids=lambda cls: cls.__name__)
def test_each_refusal_is_a_domain_error_with_a_german_sentence(error):
    assert issubclass(error, DomainError)
    assert str(error()).endswith(".")
    assert str(error("Eigener Satz.")) == "Eigener Satz."
