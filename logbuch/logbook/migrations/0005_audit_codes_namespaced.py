"""The logbook's audit codes become namespaced (`round_close` → `logbook.round.closed`).

The labels live with the codes in `logbuch/logbook/audit.py`; entries written under the old
codes (in the towns app's audit table) are renamed, so the audit page shows them with their
label and one filter finds old and new entries alike.
"""

from django.db import migrations

OLD_TO_NEW = {
    "lever_add": "logbook.lever.added",
    "lever_hidden": "logbook.lever.hidden",
    "lever_archived": "logbook.lever.archived",
    "lever_deleted": "logbook.lever.deleted",
    "lever_show": "logbook.lever.shown",
    "round_open": "logbook.round.opened",
    "round_close": "logbook.round.closed",
    "round_invite": "logbook.round.invited",
    "round_codes": "logbook.round.codes_created",
    "round_paper": "logbook.round.paper_entered",
    "round_snapshot": "logbook.round.snapshot_released",
    "measure_create": "logbook.measure.created",
    "measure_update": "logbook.measure.updated",
    "measure_status": "logbook.measure.status_changed",
    "measure_note_add": "logbook.measure.note_added",
    "journal_entry_create": "logbook.journal_entry.created",
    "journal_entry_update": "logbook.journal_entry.updated",
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
    dependencies = [
        ("logbook", "0004_snapshots_code_batches"),
        ("towns", "0004_email_normalized"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
