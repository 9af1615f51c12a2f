"""Ledger rows are never updated or deleted: the database refuses it, whatever the code does."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION fund_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'fund_ledgerentry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fund_ledgerentry_no_update BEFORE UPDATE ON fund_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION fund_ledgerentry_append_only();
CREATE TRIGGER fund_ledgerentry_no_delete BEFORE DELETE ON fund_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION fund_ledgerentry_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS fund_ledgerentry_no_update ON fund_ledgerentry;
DROP TRIGGER IF EXISTS fund_ledgerentry_no_delete ON fund_ledgerentry;
DROP FUNCTION IF EXISTS fund_ledgerentry_append_only();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER fund_ledgerentry_no_update BEFORE UPDATE ON fund_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'fund_ledgerentry is append-only: UPDATE refused'); END;""",
    # fund_ledger_locked() is registered on every connection (logbuch/fund/dbguard.py); only
    # `manage.py flush`, which wipes the whole database, switches it off.
    """CREATE TRIGGER fund_ledgerentry_no_delete BEFORE DELETE ON fund_ledgerentry
    WHEN fund_ledger_locked()
    BEGIN SELECT RAISE(ABORT, 'fund_ledgerentry is append-only: DELETE refused'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS fund_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS fund_ledgerentry_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)
    else:
        raise RuntimeError(f"append-only ledger trigger not written for {vendor}")


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("fund", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
