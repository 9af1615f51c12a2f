"""The shared catalogue named after the guide it quotes, and the glossary's terms in its labels.

The guide is the "Logbuch Kleinstadt gestalten" (Weißwasser, 2019), not a "Leitfaden ... (2024)";
its higher-level area points to a chapter 4 the app does not have; the Ockham recommendation is
about one term per concept, not plain language. Only the year of publication is known, so the
date is the first of January. The tests' `ensure_catalogue` loads 0002 and then applies `rename`
of this migration, so a flushed test database gets the same catalogue.
"""

import datetime
from typing import Any

from django.db import migrations, models

SLUG = "leitfaden-2024"  # the stored key stays; rounds and exports refer to it

# (model, filter, field, before, after)
CHANGES: list[tuple[str, dict[str, Any], str, Any, Any]] = [
    (
        "CatalogueVersion",
        {"slug": SLUG},
        "title",
        "Leitfaden Kleinstadt gestalten (2024)",
        "Logbuch Kleinstadt gestalten (Weißwasser 2019)",
    ),
    (
        "CatalogueVersion",
        {"slug": SLUG},
        "source",
        "Logbuch – Kleinstadt gestalten: Lokal beeinflussbare Faktoren",
        "Logbuch Kleinstadt gestalten (Weißwasser 2019): Lokal beeinflussbare Faktoren – "
        "Stellschrauben, die vor Ort justiert werden können",
    ),
    (
        "CatalogueVersion",
        {"slug": SLUG},
        "published_on",
        datetime.date(2024, 1, 1),
        datetime.date(2019, 1, 1),
    ),
    (
        "Area",
        {"version__slug": SLUG, "key": "higher_levels"},
        "subtitle",
        "Verbesserung übergeordneter Rahmenbedingungen (vgl. Kap. 4)",
        "Verbesserung übergeordneter Rahmenbedingungen",
    ),
    (
        "Recommendation",
        {"version__slug": SLUG, "key": "ockham"},
        "title",
        "Einfache Sprache bei der Ansprache",
        "Ein Begriff je Sache",
    ),
    (
        "Lever",
        {"area__version__slug": SLUG, "town__isnull": True, "code": "E02"},
        "help_text",
        "Reichen die Fördermittel für das, was die Stadt wirklich braucht, zum Beispiel "
        "für Personal?",
        "Reichen die Fördermittel für das, was die Stadt wirklich braucht, zum Beispiel "
        "für zusätzliche Stellen?",
    ),
]


def _apply(apps: Any, *, forward: bool) -> None:
    for model_name, lookup, field, before, after in CHANGES:
        old, new = (before, after) if forward else (after, before)
        apps.get_model("logbook", model_name).objects.filter(**lookup, **{field: old}).update(
            **{field: new}
        )


def rename(apps: Any, schema_editor: Any) -> None:
    _apply(apps, forward=True)


def rename_back(apps: Any, schema_editor: Any) -> None:
    _apply(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("logbook", "0005_audit_codes_namespaced"),
    ]

    operations = [
        migrations.RunPython(rename, rename_back),
        migrations.AlterField(
            model_name="journalentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("decision", "Beschluss"),
                    ("milestone", "Meilenstein"),
                    ("lesson", "Erfahrung"),
                    ("failure", "Scheitern"),
                ],
                max_length=10,
                verbose_name="Art",
            ),
        ),
        migrations.AlterField(
            model_name="measure",
            name="owner_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("coordinator", "Koordinierungsstelle"),
                    ("staff", "Hauptberufliche"),
                    ("volunteer", "Ehrenamtliche"),
                    ("council", "Stadtrat"),
                    ("business", "Unternehmen/Paten"),
                    ("resident", "Bürgerinnen und Bürger"),
                    ("town_admin", "Ortsverwaltung"),
                ],
                max_length=20,
                verbose_name="Verantwortliche Rolle",
            ),
        ),
        migrations.AlterField(
            model_name="measurenote",
            name="text",
            field=models.TextField(verbose_name="Fortschrittsnotiz"),
        ),
    ]
