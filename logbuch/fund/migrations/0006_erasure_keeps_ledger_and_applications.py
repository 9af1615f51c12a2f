"""Erasure of a person keeps the fund's records without the person.

Applications and ledger rows stay when their applicant or author erases their account; the link
to the person is set empty. The ledger stays append-only: its UPDATE trigger now lets exactly one
change through, the author link set to NULL with every other column unchanged.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PG_GUARD = """
CREATE OR REPLACE FUNCTION fund_ledgerentry_append_only() RETURNS trigger AS $$
DECLARE
    unlinked fund_ledgerentry;
BEGIN
    -- The one permitted change: the author erased their account (DSGVO Art. 17).
    IF TG_OP = 'UPDATE' AND OLD.author_id IS NOT NULL AND NEW.author_id IS NULL THEN
        unlinked := OLD;
        unlinked.author_id := NULL;
        IF unlinked IS NOT DISTINCT FROM NEW THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'fund_ledgerentry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_GUARD_BEFORE = """
CREATE OR REPLACE FUNCTION fund_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'fund_ledgerentry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS fund_ledgerentry_no_update;"
SQLITE_BEFORE = """CREATE TRIGGER fund_ledgerentry_no_update BEFORE UPDATE ON fund_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'fund_ledgerentry is append-only: UPDATE refused'); END;"""


def _sqlite_guard(apps):
    """SQLite has no row values to compare whole: every column but the author, by name."""
    entry = apps.get_model("fund", "LedgerEntry")
    same = " AND ".join(
        f'NEW."{f.column}" IS OLD."{f.column}"'
        for f in entry._meta.concrete_fields
        if f.name != "author"
    )
    return f"""CREATE TRIGGER fund_ledgerentry_no_update BEFORE UPDATE ON fund_ledgerentry
    WHEN NOT (OLD.author_id IS NOT NULL AND NEW.author_id IS NULL AND {same})
    BEGIN SELECT RAISE(ABORT, 'fund_ledgerentry is append-only: UPDATE refused'); END;"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_GUARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
        schema_editor.execute(_sqlite_guard(apps))
    else:
        raise RuntimeError(f"append-only ledger trigger not written for {vendor}")


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_GUARD_BEFORE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
        schema_editor.execute(SQLITE_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0005_application_review_order_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="applicant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="fund_applications",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="author",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(forward, reverse),
    ]
