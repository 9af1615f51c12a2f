"""Public votes get a random primary key (no insertion order to match against voters).

The table is dropped and created again: a bigint key cannot be cast to a UUID, and no town has
cast a public vote before this release.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0003_shortfall_rule_and_notifications"),
        ("towns", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="PublicVote"),
        migrations.CreateModel(
            name="PublicVote",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("points", models.PositiveSmallIntegerField(default=1)),
                ("ballot", models.UUIDField(db_index=True)),
                ("created_at", models.DateField(auto_now_add=True)),
                (
                    "town",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="towns.town",
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="fund.publicvoteoption",
                    ),
                ),
                (
                    "voting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="fund.publicvoting",
                    ),
                ),
            ],
            options={
                "verbose_name": "Stimme",
                "verbose_name_plural": "Stimmen",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("points__gte", 1)),
                        name="fund_publicvote_points_positive",
                    ),
                    models.UniqueConstraint(
                        fields=("ballot", "option"), name="fund_publicvote_once_per_ballot_option"
                    ),
                ],
            },
        ),
    ]
