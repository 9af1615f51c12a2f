"""The audit helper: namespaced codes with German labels, unknown codes refused."""

from __future__ import annotations

import pytest

from logbuch.towns.audit import UnknownAuditAction, action_label, audit
from logbuch.towns.models import AuditEntry
from logbuch.towns.tests.factories import TownFactory


@pytest.mark.django_db
def test_audit_writes_one_entry_shown_with_its_label() -> None:
    town = TownFactory()
    entry = audit(town=town, actor=None, action="towns.town.updated", target=town, field="name")
    assert AuditEntry.objects.get() == entry
    assert entry.target == town.name
    assert entry.details == {"field": "name"}
    assert entry.action_label() == "Angaben zum Ort geändert"


@pytest.mark.django_db
def test_audit_refuses_an_undeclared_code() -> None:
    with pytest.raises(UnknownAuditAction):
        audit(town=TownFactory(), actor=None, action="fund.application.teleported")
    assert not AuditEntry.objects.exists()


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert action_label("no.such.code") == "no.such.code"
