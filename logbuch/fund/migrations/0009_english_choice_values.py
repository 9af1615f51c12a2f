"""Stored choice values in English (labels stay German): rows, rule lists and audit details.

Every fund choice field, the category rule lists (applicant types, cost types, JSON) and the
choice values in the fund's audit details are rewritten; reversible. The ledger stays
append-only: its UPDATE guard is taken off only inside this migration's transaction (on
PostgreSQL nobody sees the gap; on SQLite the constraint changes rebuild the table, which drops
its triggers anyway) and is put back at the end, exactly as migrations 0002 and 0006 left it.
The mapping is frozen here (the models may grow).
"""

from django.conf import settings
from django.db import migrations, models

APPLICANT_TYPES = {
    "verein": "club",
    "schule": "school",
    "unternehmen": "business",
    "verwaltung": "town_department",
}
COST_TYPES = {
    "honorar": "fee",
    "miete": "rent",
    "verpflegung": "catering",
    "fahrt": "travel",
    "druck": "printing",
    "ausstattung": "equipment",
    "personal": "personnel",
    "alkohol": "alcohol",
    "sonstiges": "other",
}
DECISION_MODES = {
    "schnell": "fast_track",
    "buerger": "public_vote",
    "versammlung": "assembly",
}
ATTACHMENT_KINDS = {"antrag": "application", "beleg": "receipt", "foto": "photo"}
PAYOUT_KINDS = {"erste": "first", "schluss": "final", "voll": "full", "beleg": "receipt"}
OUTCOMES = {"voll": "approved_full", "teilweise": "approved_partial", "abgelehnt": "rejected"}
JURY_ROLES = {
    "vorsitz": "chair",
    "verein": "club",
    "unternehmen": "business",
    "rathaus": "town_hall",
    "buergerschaft": "resident",
}

# (model, field) -> old value -> new value
FIELDS = {
    ("application", "status"): {
        "entwurf": "draft",
        "eingereicht": "submitted",
        "in_pruefung": "in_review",
        "rueckfrage": "question",
        "in_abstimmung": "voting",
        "bewilligt": "approved",
        "abgelehnt": "rejected",
        "ausgezahlt": "paid",
        "nachweis_eingereicht": "proof_submitted",
        "geprueft": "proof_checked",
        "abgeschlossen": "closed",
    },
    ("application", "applicant_type"): APPLICANT_TYPES,
    ("attachment", "kind"): ATTACHMENT_KINDS,
    ("category", "jury_majority"): {"einfach": "simple", "zweidrittel": "two_thirds"},
    ("category", "payout_schedule"): {"voll": "full", "belege": "receipts"},
    ("category", "proof_deadline_kind"): {"datum": "fixed_date", "wochen": "weeks_after_end"},
    ("costitem", "cost_type"): COST_TYPES,
    ("decision", "mode"): DECISION_MODES,
    ("decision", "outcome"): OUTCOMES,
    ("fundsource", "kind"): {
        "haushalt": "town_budget",
        "land": "land_grant",
        "pate": "sponsor",
        "sonstiges": "other",
    },
    ("jurymember", "role"): JURY_ROLES,
    ("juryvote", "choice"): {"ja": "yes", "nein": "no", "enthaltung": "abstain"},
    ("ledgerentry", "kind"): {
        "zuweisung": "allocation",
        "bewilligung": "commitment",
        "auszahlung": "payout",
        "freigabe": "release",
        "rueckzahlung": "repayment",
        "umschichtung": "reallocation",
    },
    ("payout", "kind"): PAYOUT_KINDS,
    ("publicvoting", "status"): {
        "vorbereitet": "prepared",
        "offen": "open",
        "beendet": "closed",
        "ausgezaehlt": "counted",
    },
    ("publicvoting", "shortfall_rule"): {"rest": "reduce_last", "ueberspringen": "skip"},
    ("repaymentclaim", "status"): {"offen": "open", "bezahlt": "paid"},
}
# Category rule lists (JSON lists of choice values)
RULE_LISTS = {
    "applicant_types": APPLICANT_TYPES,
    "eligible_cost_types": COST_TYPES,
    "excluded_cost_types": COST_TYPES,
}
# audit action -> detail key -> old value -> new value
AUDIT_DETAILS = {
    "fund.application.decided": {"mode": DECISION_MODES, "outcome": OUTCOMES},
    "fund.attachment.added": {"kind": ATTACHMENT_KINDS},
    "fund.payout.made": {"kind": PAYOUT_KINDS},
    "fund.jury.member_added": {"role": JURY_ROLES},
}


def _flip(mapping):
    return {new: old for old, new in mapping.items()}


def _rewrite(apps, *, backwards):
    for (model_name, field), mapping in FIELDS.items():
        model = apps.get_model("fund", model_name)
        for old, new in (_flip(mapping) if backwards else mapping).items():
            model.objects.filter(**{field: old}).update(**{field: new})
    category_model = apps.get_model("fund", "Category")
    for category in category_model.objects.all():
        changed = []
        for field, mapping in RULE_LISTS.items():
            values = getattr(category, field) or []
            use = _flip(mapping) if backwards else mapping
            renamed = [use.get(v, v) for v in values]
            if renamed != values:
                setattr(category, field, renamed)
                changed.append(field)
        if changed:
            category.save(update_fields=changed)
    entry_model = apps.get_model("towns", "AuditEntry")
    for action, keys in AUDIT_DETAILS.items():
        for entry in entry_model.objects.filter(action=action):
            details = dict(entry.details or {})
            for key, mapping in keys.items():
                use = _flip(mapping) if backwards else mapping
                if isinstance(details.get(key), str):
                    details[key] = use.get(details[key], details[key])
            if details != entry.details:
                entry.details = details
                entry.save(update_fields=["details"])


def _rewrite_now(apps, schema_editor, *, backwards):
    """Foreign keys are checked at once here: PostgreSQL refuses the constraint changes that
    follow in this transaction while deferred checks of rewritten rows are still pending."""
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _rewrite(apps, backwards=backwards)
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def rewrite_forward(apps, schema_editor):
    _rewrite_now(apps, schema_editor, backwards=False)


def rewrite_backward(apps, schema_editor):
    _rewrite_now(apps, schema_editor, backwards=True)


# The ledger's guard as migrations 0002 and 0006 left it. The trigger function of 0006 stays on
# PostgreSQL; only the UPDATE trigger that calls it is taken off and put back.
PG_DROP = "DROP TRIGGER IF EXISTS fund_ledgerentry_no_update ON fund_ledgerentry;"
PG_CREATE = """CREATE TRIGGER fund_ledgerentry_no_update BEFORE UPDATE ON fund_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION fund_ledgerentry_append_only();"""
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS fund_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS fund_ledgerentry_no_delete;",
]
SQLITE_DELETE_GUARD = """CREATE TRIGGER fund_ledgerentry_no_delete BEFORE DELETE ON fund_ledgerentry
    WHEN fund_ledger_locked()
    BEGIN SELECT RAISE(ABORT, 'fund_ledgerentry is append-only: DELETE refused'); END;"""


def _sqlite_update_guard(apps):
    entry = apps.get_model("fund", "LedgerEntry")
    same = " AND ".join(
        f'NEW."{f.column}" IS OLD."{f.column}"'
        for f in entry._meta.concrete_fields
        if f.name != "author"
    )
    return f"""CREATE TRIGGER fund_ledgerentry_no_update BEFORE UPDATE ON fund_ledgerentry
    WHEN NOT (OLD.author_id IS NOT NULL AND NEW.author_id IS NULL AND {same})
    BEGIN SELECT RAISE(ABORT, 'fund_ledgerentry is append-only: UPDATE refused'); END;"""


def guard_off(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    else:
        raise RuntimeError(f"append-only ledger trigger not written for {vendor}")


def guard_on(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    guard_off(apps, schema_editor)  # idempotent: a rebuilt SQLite table has none left
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE)
    elif vendor == "sqlite":
        schema_editor.execute(_sqlite_update_guard(apps))
        schema_editor.execute(SQLITE_DELETE_GUARD)


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0008_glossary_terms"),
        ("towns", "0005_audit_codes_namespaced"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(guard_off, guard_on),
        migrations.RemoveConstraint(
            model_name="category",
            name="fund_category_proof_date_when_fixed",
        ),
        migrations.RemoveConstraint(
            model_name="decision",
            name="fund_decision_amount_matches_outcome",
        ),
        migrations.RemoveConstraint(
            model_name="ledgerentry",
            name="fund_ledgerentry_amount_sign",
        ),
        migrations.RemoveConstraint(
            model_name="ledgerentry",
            name="fund_ledgerentry_reallocation_has_transfer",
        ),
        migrations.RemoveConstraint(
            model_name="ledgerentry",
            name="fund_ledgerentry_application_bookings_have_application",
        ),
        migrations.RemoveConstraint(
            model_name="ledgerentry",
            name="fund_ledgerentry_one_commitment_per_application",
        ),
        migrations.RemoveConstraint(
            model_name="payout",
            name="fund_payout_one_per_scheduled_kind",
        ),
        migrations.RemoveConstraint(
            model_name="repaymentclaim",
            name="fund_repaymentclaim_one_open_per_application",
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant_type",
            field=models.CharField(
                choices=[
                    ("person", "Einzelperson"),
                    ("initiative", "Initiative ohne Rechtsform"),
                    ("club", "Verein"),
                    ("school", "Schule oder Kita"),
                    ("business", "Unternehmen"),
                    ("town_department", "Einrichtung der Stadt"),
                ],
                default="person",
                max_length=20,
                verbose_name="Wer beantragt",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Entwurf"),
                    ("submitted", "Eingereicht"),
                    ("in_review", "In Prüfung"),
                    ("question", "Rückfrage"),
                    ("voting", "In Abstimmung"),
                    ("approved", "Bewilligt"),
                    ("rejected", "Abgelehnt"),
                    ("paid", "Ausgezahlt"),
                    ("proof_submitted", "Verwendungsnachweis eingereicht"),
                    ("proof_checked", "Geprüft"),
                    ("closed", "Abgeschlossen"),
                ],
                default="draft",
                max_length=24,
                verbose_name="Stand",
            ),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("application", "Anlage zum Antrag"),
                    ("receipt", "Beleg"),
                    ("photo", "Foto"),
                ],
                default="application",
                max_length=12,
                verbose_name="Art",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="jury_majority",
            field=models.CharField(
                choices=[("simple", "Einfache Mehrheit"), ("two_thirds", "Zwei-Drittel-Mehrheit")],
                default="simple",
                max_length=12,
                verbose_name="Jury: Mehrheit",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="payout_schedule",
            field=models.CharField(
                choices=[
                    ("split", "Teilzahlung bei Bewilligung, Rest nach Verwendungsnachweis"),
                    ("full", "Voller Betrag bei Bewilligung"),
                    ("receipts", "Gegen Belege"),
                ],
                default="split",
                max_length=10,
                verbose_name="Auszahlung",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="proof_deadline_kind",
            field=models.CharField(
                choices=[
                    ("fixed_date", "Festes Datum"),
                    ("weeks_after_end", "Wochen nach Projektende"),
                ],
                default="weeks_after_end",
                max_length=16,
                verbose_name="Frist Verwendungsnachweis",
            ),
        ),
        migrations.AlterField(
            model_name="costitem",
            name="cost_type",
            field=models.CharField(
                choices=[
                    ("material", "Material"),
                    ("fee", "Honorar"),
                    ("rent", "Miete"),
                    ("catering", "Verpflegung"),
                    ("travel", "Fahrtkosten"),
                    ("printing", "Druck und Werbung"),
                    ("equipment", "Ausstattung"),
                    ("personnel", "Personalkosten"),
                    ("alcohol", "Alkohol"),
                    ("other", "Sonstiges"),
                ],
                max_length=20,
                verbose_name="Kostenart",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="mode",
            field=models.CharField(
                choices=[
                    ("fast_track", "Schnellverfahren"),
                    ("jury", "Jury"),
                    ("public_vote", "Bürgerabstimmung"),
                    ("assembly", "Versammlung"),
                ],
                max_length=12,
                verbose_name="Verfahren",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("approved_full", "Bewilligt (voll)"),
                    ("approved_partial", "Bewilligt (teilweise)"),
                    ("rejected", "Abgelehnt"),
                ],
                max_length=16,
                verbose_name="Ergebnis",
            ),
        ),
        migrations.AlterField(
            model_name="fundsource",
            name="kind",
            field=models.CharField(
                choices=[
                    ("town_budget", "Haushalt der Stadt"),
                    ("land_grant", "Fördermittel des Landes"),
                    ("sponsor", "Unternehmen/Paten"),
                    ("other", "Sonstiges"),
                ],
                max_length=20,
                verbose_name="Art",
            ),
        ),
        migrations.AlterField(
            model_name="jurymember",
            name="role",
            field=models.CharField(
                choices=[
                    ("chair", "Vorsitz"),
                    ("club", "Vertretung der Vereine"),
                    ("business", "Vertretung der Unternehmen"),
                    ("town_hall", "Vertretung des Rathauses"),
                    ("resident", "Vertretung der Bürgerinnen und Bürger"),
                ],
                max_length=20,
                verbose_name="Rolle in der Jury",
            ),
        ),
        migrations.AlterField(
            model_name="juryvote",
            name="choice",
            field=models.CharField(
                choices=[("yes", "Ja"), ("no", "Nein"), ("abstain", "Enthaltung")],
                max_length=12,
                verbose_name="Stimme",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("allocation", "Zuweisung"),
                    ("commitment", "Bewilligung"),
                    ("payout", "Auszahlung"),
                    ("release", "Freigabe"),
                    ("repayment", "Rückzahlung"),
                    ("reallocation", "Umschichtung"),
                ],
                max_length=14,
                verbose_name="Art",
            ),
        ),
        migrations.AlterField(
            model_name="payout",
            name="kind",
            field=models.CharField(
                choices=[
                    ("first", "Erste Rate"),
                    ("final", "Schlussrate"),
                    ("full", "Voller Betrag"),
                    ("receipt", "Gegen Beleg"),
                ],
                max_length=10,
                verbose_name="Art",
            ),
        ),
        migrations.AlterField(
            model_name="publicvoting",
            name="shortfall_rule",
            field=models.CharField(
                choices=[
                    ("reduce_last", "Letzter Antrag erhält den Restbetrag"),
                    ("skip", "Zu teure Anträge überspringen"),
                ],
                default="reduce_last",
                max_length=14,
                verbose_name="Wenn das Geld nicht reicht",
            ),
        ),
        migrations.AlterField(
            model_name="publicvoting",
            name="status",
            field=models.CharField(
                choices=[
                    ("prepared", "Vorbereitet"),
                    ("open", "Offen"),
                    ("closed", "Beendet"),
                    ("counted", "Ausgezählt"),
                ],
                default="prepared",
                max_length=12,
                verbose_name="Stand",
            ),
        ),
        migrations.AlterField(
            model_name="repaymentclaim",
            name="status",
            field=models.CharField(
                choices=[("open", "Offen"), ("paid", "Zurückgezahlt")],
                default="open",
                max_length=10,
            ),
        ),
        migrations.RunPython(rewrite_forward, rewrite_backward),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("proof_deadline_kind", "weeks_after_end"),
                    ("proof_deadline_date__isnull", False),
                    _connector="OR",
                ),
                name="fund_category_proof_date_when_fixed",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome", "rejected"), ("amount_cents", 0)),
                    models.Q(
                        models.Q(("outcome", "rejected"), _negated=True), ("amount_cents__gt", 0)
                    ),
                    _connector="OR",
                ),
                name="fund_decision_amount_matches_outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind__in", ["allocation", "reallocation"]),
                        models.Q(("amount_cents", 0), _negated=True),
                    ),
                    ("amount_cents__gt", 0),
                    _connector="OR",
                ),
                name="fund_ledgerentry_amount_sign",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "reallocation"), _negated=True),
                    ("transfer__isnull", False),
                    _connector="OR",
                ),
                name="fund_ledgerentry_reallocation_has_transfer",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind__in", ["commitment", "payout", "release", "repayment"]),
                        _negated=True,
                    ),
                    models.Q(("application__isnull", False), ("category__isnull", False)),
                    _connector="OR",
                ),
                name="fund_ledgerentry_application_bookings_have_application",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "commitment")),
                fields=("application",),
                name="fund_ledgerentry_one_commitment_per_application",
            ),
        ),
        migrations.AddConstraint(
            model_name="payout",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["first", "final", "full"])),
                fields=("application", "kind"),
                name="fund_payout_one_per_scheduled_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="repaymentclaim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "open")),
                fields=("application",),
                name="fund_repaymentclaim_one_open_per_application",
            ),
        ),
        migrations.RunPython(guard_on, guard_off),
    ]
