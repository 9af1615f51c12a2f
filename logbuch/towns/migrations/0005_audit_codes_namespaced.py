"""The towns' audit codes become namespaced (`roles_change` → `towns.roles.changed`).

The labels live with the codes in `logbuch/towns/audit.py`; rows written under the old codes
are renamed so the audit page shows them with their label and one filter finds old and new.
"""

from django.db import migrations

OLD_TO_NEW = {
    "town_create": "towns.town.created",
    "town_update": "towns.town.updated",
    "roles_grant": "towns.roles.granted",
    "roles_change": "towns.roles.changed",
    "member_remove": "towns.member.removed",
    "member_leave": "towns.member.left",
    "member_create_paper": "towns.member.added_on_paper",
    "invitation_create": "towns.invitation.sent",
    "invitation_resend": "towns.invitation.resent",
    "invitation_revoke": "towns.invitation.revoked",
    "invitation_accept": "towns.invitation.accepted",
    "account_delete": "towns.account.deleted",
}


def _rename(apps, mapping):
    AuditEntry = apps.get_model("towns", "AuditEntry")
    for old, new in mapping.items():
        AuditEntry.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):
    dependencies = [("towns", "0004_email_normalized")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
