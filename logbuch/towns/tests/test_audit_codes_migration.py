"""The data migration renames the towns' old audit codes to namespaced ones, and back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from logbuch.towns.audit import ACTIONS

BEFORE = ("towns", "0004_email_normalized")
AFTER = ("towns", "0005_audit_codes_namespaced")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_old_codes_become_namespaced_and_back():
    apps = _migrate(BEFORE)
    Town = apps.get_model("towns", "Town")
    AuditEntry = apps.get_model("towns", "AuditEntry")
    town = Town.objects.create(name="Altstadt", slug="altstadt", bundesland="SN")
    for code in ("roles_change", "invitation_create", "account_delete", "fund_create"):
        AuditEntry.objects.create(town=town, action=code, details={})

    apps = _migrate(AFTER)
    after = set(apps.get_model("towns", "AuditEntry").objects.values_list("action", flat=True))
    assert after == {
        "towns.roles.changed",
        "towns.invitation.sent",
        "towns.account.deleted",
        "fund_create",  # other apps' codes are theirs to migrate
    }
    assert after - {"fund_create"} <= set(ACTIONS)

    apps = _migrate(BEFORE)
    back = set(apps.get_model("towns", "AuditEntry").objects.values_list("action", flat=True))
    assert back == {"roles_change", "invitation_create", "account_delete", "fund_create"}
    _migrate(AFTER)
