"""Make the SQLite data-version and rollup triggers again.

SQLite cannot add a column with a default or a foreign key in place: Django copies the table,
and the copy has none of the triggers the old table had. activities 0004 (a sign-up's booker, an
activity's series) and community 0012 (morning reminders) copy `activities_activity`,
`activities_signup` and `community_cocreator`, so on SQLite the feeds' `calendar` and `bookings`
versions, the figures' version and the report rollups stopped moving with those tables. This runs
each trigger migration's SQLite step again (each drops a trigger before making it). PostgreSQL
alters tables in place and keeps its triggers, so it has nothing to do here.
tests/test_sqlite_triggers.py fails if a later migration drops one again.
"""

import importlib

from django.db import migrations

CALENDAR = importlib.import_module("activities.migrations.0003_calendar_data_versions")
FIGURES = importlib.import_module("reporting.migrations.0005_figure_triggers_at_commit")
PRIORITY = importlib.import_module("reporting.migrations.0006_priority_group_figure_trigger")
ROLLUPS = importlib.import_module("reporting.migrations.0008_figure_rollups")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    CALENDAR.forwards(apps, schema_editor)
    FIGURES.forwards(apps, schema_editor)
    PRIORITY.forwards(apps, schema_editor)
    with schema_editor.connection.cursor() as cursor:
        ROLLUPS._sqlite_forwards(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_team_week"),
        ("community", "0012_team_week"),
        ("reporting", "0009_groups_and_group_messages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
