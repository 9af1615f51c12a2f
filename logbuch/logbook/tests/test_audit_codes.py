"""The logbook writes namespaced audit codes, each declared with a German label; a data
migration renames the codes of entries written before, and back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from logbuch.logbook.audit import ACTIONS
from logbuch.towns.audit import action_label

BEFORE = ("logbook", "0004_snapshots_code_batches")
AFTER = ("logbook", "0005_audit_codes_namespaced")
SERVICES = Path(__file__).resolve().parent.parent / "services"


def test_every_code_the_services_write_is_declared_with_a_label() -> None:
    source = "\n".join(p.read_text() for p in SERVICES.glob("*.py"))
    written = set(re.findall(r'action="([^"]+)"', source))
    outcomes = re.findall(r'return "(hidden|archived|deleted)"|outcome = "(\w+)"', source)
    written |= {f"logbook.lever.{a or b}" for a, b in outcomes}
    assert written
    assert written <= set(ACTIONS)
    assert all(code.startswith("logbook.") for code in ACTIONS)
    assert action_label("logbook.round.closed") == "Runde abgeschlossen"


def _migrate(target: tuple[str, str]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def _migrate_to_latest() -> None:
    """Back to every app's newest migration (not to AFTER: later migrations would stay
    unapplied for the transactional tests that run after this one)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_old_codes_become_namespaced_and_back() -> None:
    apps = _migrate(BEFORE)
    town = apps.get_model("towns", "Town").objects.create(
        name="Altstadt", slug="altstadt", bundesland="SN"
    )
    entries = apps.get_model("towns", "AuditEntry").objects
    old = {"round_close", "lever_archived", "measure_note_add", "journal_entry_update"}
    for code in (*old, "town_create"):
        entries.create(town=town, action=code, details={})

    apps = _migrate(AFTER)
    after = set(apps.get_model("towns", "AuditEntry").objects.values_list("action", flat=True))
    assert after == {
        "logbook.round.closed",
        "logbook.lever.archived",
        "logbook.measure.note_added",
        "logbook.journal_entry.updated",
        "town_create",  # the towns app migrates its own codes
    }
    assert after - {"town_create"} <= set(ACTIONS)

    apps = _migrate(BEFORE)
    back = set(apps.get_model("towns", "AuditEntry").objects.values_list("action", flat=True))
    assert back == {*old, "town_create"}
    _migrate_to_latest()
