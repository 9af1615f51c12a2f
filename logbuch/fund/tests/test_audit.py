"""The fund's audit entries: namespaced codes with German labels, old entries renamed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from logbuch.fund.audit import ACTIONS
from logbuch.fund.models import Decision, DecisionMode
from logbuch.fund.services.decisions import application_decide
from logbuch.fund.tests.factories import funded_category, submitted_application
from logbuch.towns.models import AuditEntry, Town, User

pytestmark = pytest.mark.django_db

migration = importlib.import_module("logbuch.fund.migrations.0007_audit_codes_namespaced")


def test_a_decision_is_logged_with_a_german_label(town: Town, coordinator: User) -> None:
    application = submitted_application(funded_category(town, fast_track_max_cents=500_000))
    application_decide(
        application=application,
        actor=coordinator,
        mode=DecisionMode.FAST_TRACK,
        outcome=Decision.Outcome.APPROVED_FULL,
        amount_cents=application.requested_cents,
        reason="Passt.",
    )
    entry = AuditEntry.objects.get(action="fund.application.decided")
    assert entry.action_label() == "Über einen Antrag entschieden"
    assert entry.target == application.title


def test_every_old_code_maps_to_a_declared_one() -> None:
    assert set(migration.OLD_TO_NEW.values()) <= set(ACTIONS)
    assert len(set(migration.OLD_TO_NEW.values())) == len(migration.OLD_TO_NEW)


def test_stored_entries_are_renamed_and_back(town: Town) -> None:
    old = AuditEntry.objects.create(town=town, action="payout_make", target="Chor")
    towns_own = AuditEntry.objects.create(town=town, action="town_update", target="Ort")
    migration.forwards(apps, None)
    old.refresh_from_db()
    towns_own.refresh_from_db()
    assert old.action == "fund.payout.made"
    assert old.action_label() == "Auszahlung gebucht"
    assert towns_own.action == "town_update"
    migration.backwards(apps, None)
    old.refresh_from_db()
    assert old.action == "payout_make"
