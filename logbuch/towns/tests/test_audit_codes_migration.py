"""The data migration renames the towns' old audit codes to namespaced ones, and back."""

from __future__ import annotations

import pytest

from logbuch.towns.audit import ACTIONS

BEFORE = ("towns", "0004_email_normalized")
AFTER = ("towns", "0005_audit_codes_namespaced")


@pytest.mark.django_db(transaction=True)
def test_old_codes_become_namespaced_and_back(migrate_to):
    apps = migrate_to(BEFORE)
    Town = apps.get_model("towns", "Town")
    AuditEntry = apps.get_model("towns", "AuditEntry")
    town = Town.objects.create(name="Altstadt", slug="altstadt", bundesland="SN")
    for code in ("roles_change", "invitation_create", "account_delete", "fund_create"):
        AuditEntry.objects.create(town=town, action=code, details={})

    apps = migrate_to(AFTER)
    after = set(apps.get_model("towns", "AuditEntry").objects.values_list("action", flat=True))
    assert after == {
        "towns.roles.changed",
        "towns.invitation.sent",
        "towns.account.deleted",
        "fund_create",  # other apps' codes are theirs to migrate
    }
    assert after - {"fund_create"} <= set(ACTIONS)

    apps = migrate_to(BEFORE)
    back = set(apps.get_model("towns", "AuditEntry").objects.values_list("action", flat=True))
    assert back == {"roles_change", "invitation_create", "account_delete", "fund_create"}
