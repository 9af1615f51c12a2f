"""Each Stellschraube of the guide answered as it is asked (issue 12, item 1).

Schema: pole labels of the 0–4 scale per Stellschraube (`scale_low`, `scale_high`), the kinds
of its list answer (`list_kinds`), the entries of list answers (`ListEntry`, anonymous like the
answer they belong to) and the town's own list of Räume, Verbündete and Akteure
(`TownListEntry`).

Data: pole labels in the words of each question and list answers for the seven questions
that ask which, where, with whom or over which channels (S03a, S03b, S07, S08, K01, K03,
the first part of K04). The question texts stay the guide's own words, unchanged.
Reversible: going back only empties the new fields.
"""

import uuid
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# code: (pole of 0, pole of 4, list kinds)
LEVERS: dict[str, tuple[str, str, list[str]]] = {
    "S01": ("kein Konsens", "Konsens per Ratsbeschluss", []),
    "S02": ("keine", "verlässlich vorhanden", []),
    "S03a": ("keine", "ausreichend", ["resource"]),
    "S03b": ("keine", "ausreichend", ["resource"]),
    "S04": ("gar nicht verteilt", "verbindlich verteilt", []),
    "S05": ("keine Rahmung", "klar strukturiert", []),
    "S06": ("keine Anker", "starke Anker", []),
    "S07": ("nirgends, mit niemandem", "an vielen Orten, mit vielen", ["place", "partner"]),
    "S08": ("keine Allianzen", "viele tragfähige Allianzen", ["partner"]),
    "S09": ("nur eine Phrase", "gelebt", []),
    "S10": ("kein Vertrauen", "volles Vertrauen", []),
    "S11": ("nicht absehbar", "gesichert", []),
    "K01": ("unbekannt", "gut bekannt", ["actor"]),
    "K02": ("kein Verständnis", "volles Verständnis", []),
    "K03": ("kein Zugang", "guter Zugang für alle", ["channel"]),
    "K04": ("ungünstig", "günstig, mit Konsenspapier", ["condition"]),
    "K05": ("keine", "viele", []),
    "K06": ("keine erkennbar", "deutlich erkennbar", []),
    "E01": ("nur Projekte", "Prozesse", []),
    "E02": ("gar nicht bedarfsgerecht", "bedarfsgerecht", []),
    "E03": ("nicht gewachsen", "deutlich gewachsen", []),
    "E04": ("nicht gesunken", "deutlich gesunken", []),
}


def load(apps: Any, schema_editor: Any) -> None:
    lever_model = apps.get_model("logbook", "Lever")
    for code, (low, high, kinds) in LEVERS.items():
        lever_model.objects.filter(town__isnull=True, code=code).update(
            scale_low=low, scale_high=high, list_kinds=kinds
        )


def unload(apps: Any, schema_editor: Any) -> None:
    lever_model = apps.get_model("logbook", "Lever")
    lever_model.objects.filter(town__isnull=True).update(scale_low="", scale_high="", list_kinds=[])


class Migration(migrations.Migration):
    dependencies = [
        ("logbook", "0006_catalogue_named_after_the_guide"),
        ("towns", "0005_audit_codes_namespaced"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="lever",
            name="list_kinds",
            field=models.JSONField(blank=True, default=list, verbose_name="Listenantwort"),
        ),
        migrations.AddField(
            model_name="lever",
            name="scale_high",
            field=models.CharField(blank=True, max_length=60, verbose_name="Bedeutung von 4"),
        ),
        migrations.AddField(
            model_name="lever",
            name="scale_low",
            field=models.CharField(blank=True, max_length=60, verbose_name="Bedeutung von 0"),
        ),
        migrations.CreateModel(
            name="ListEntry",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "group",
                    models.CharField(
                        choices=[
                            ("staff", "Hauptberufliche"),
                            ("council", "Stadtrat"),
                            ("volunteer", "Ehrenamtliche"),
                            ("business", "Unternehmen/Paten"),
                            ("resident", "Bürgerinnen und Bürger"),
                        ],
                        max_length=20,
                        verbose_name="Gruppe",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("place", "Raum"),
                            ("partner", "Verbündete"),
                            ("actor", "Akteur"),
                            ("channel", "Kanal"),
                            ("resource", "Ressource"),
                            ("condition", "Bedingung"),
                        ],
                        max_length=12,
                        verbose_name="Art",
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="Eintrag")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="Anmerkung")),
                ("key", models.CharField(max_length=200)),
                (
                    "answer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="list_entries",
                        to="logbook.answer",
                    ),
                ),
                (
                    "lever",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="logbook.lever",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="logbook.round",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="towns.town",
                    ),
                ),
            ],
            options={
                "verbose_name": "Listeneintrag",
                "verbose_name_plural": "Listeneinträge",
                "indexes": [
                    models.Index(
                        fields=["round", "lever", "group"], name="logbook_lis_round_i_d6895e_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                ["place", "partner", "actor", "channel", "resource", "condition"],
                            )
                        ),
                        name="logbook_listentry_kind_valid",
                    ),
                    models.UniqueConstraint(
                        fields=("answer", "kind", "key"), name="logbook_listentry_once_per_answer"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="TownListEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("place", "Raum"),
                            ("partner", "Verbündete"),
                            ("actor", "Akteur"),
                            ("channel", "Kanal"),
                            ("resource", "Ressource"),
                            ("condition", "Bedingung"),
                        ],
                        max_length=12,
                        verbose_name="Art",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="Name")),
                ("key", models.CharField(max_length=200)),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="Anmerkung")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "lever",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="logbook.lever",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="logbook.round",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="towns.town",
                    ),
                ),
            ],
            options={
                "verbose_name": "Eintrag der Ortsliste",
                "verbose_name_plural": "Einträge der Ortsliste",
                "ordering": ["kind", "name", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("town", "kind", "key"), name="logbook_townlistentry_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ("place", "partner", "actor"))),
                        name="logbook_townlistentry_kind_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(load, unload),
    ]
