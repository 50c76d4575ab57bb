"""The insight inbox: keywords on themes (for suggestions) and the suggestions staff rejected.

On SQLite, adding a column that is not null rebuilds the table, and the rebuild drops the table's
triggers (reporting's figure triggers watch impact_theme). The triggers on impact_theme are read
before and made again after, so changing a theme still moves the figures' data version.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_TRIGGERS: list[str] = []


def _sqlite_triggers(schema_editor) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'impact_theme'"
        )
        return [row[0] for row in cursor.fetchall()]


def keep_theme_triggers(apps, schema_editor):
    _TRIGGERS.clear()
    if schema_editor.connection.vendor == "sqlite":
        _TRIGGERS.extend(_sqlite_triggers(schema_editor))


def restore_theme_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        still_there = set(_sqlite_triggers(schema_editor))
        with schema_editor.connection.cursor() as cursor:
            for sql in _TRIGGERS:
                if sql not in still_there:
                    cursor.execute(sql)
    _TRIGGERS.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0003_surveys_journals_case_studies_themes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_theme_triggers, restore_theme_triggers),
        migrations.AddField(
            model_name="theme",
            name="keywords",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(restore_theme_triggers, keep_theme_triggers),
        migrations.CreateModel(
            name="InsightSuggestionRejection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("activity_notes", "Activity notes"),
                            ("survey_text", "Survey free text"),
                            ("journal", "Shared journal entry"),
                            ("anonymous_journal", "Journal theme contributed anonymously"),
                        ],
                        max_length=30,
                    ),
                ),
                ("source_id", models.CharField(max_length=40)),
                ("rejected_at", models.DateTimeField(auto_now_add=True)),
                (
                    "rejected_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="suggestion_rejections",
                        to="impact.theme",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("theme", "source", "source_id"),
                        name="one_rejection_per_theme_per_item",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("source_id", ""), _negated=True),
                        name="rejection_names_an_item",
                    ),
                ],
            },
        ),
    ]
