"""The figure triggers also watch `community_prioritygroup`.

The representation gap, and so the steering report's under-represented groups, now read the
groups staff mark as priorities: marking or unmarking one must move the figures' data version on,
as any other change to the figures' data does (see 0004 and 0005; same triggers, one more table).
"""

import importlib

from django.db import migrations

AT_COMMIT = importlib.import_module("reporting.migrations.0005_figure_triggers_at_commit")

NEW_TABLES = ("community_prioritygroup",)
# Every table the figure triggers watch, as of this migration.
FIGURE_TABLES = (*AT_COMMIT.FIGURE_TABLES, *NEW_TABLES)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for table in NEW_TABLES:
            if vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures ON "{table}"')
                cursor.execute(
                    f'CREATE CONSTRAINT TRIGGER bump_figures AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cocreation_bump_figures()"
                )
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures_truncate ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER bump_figures_truncate AFTER TRUNCATE ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION cocreation_bump_figures()"
                )
            elif vendor == "sqlite":
                upsert = AT_COMMIT.UPSERT.format(epoch="abs(random())")
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"bump_figures_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {upsert}; END'
                    )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for table in NEW_TABLES:
            if vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures_truncate ON "{table}"')
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures ON "{table}"')
            elif vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "bump_figures_{table}_{event}"')


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_figure_triggers_at_commit"),
        ("community", "0009_priority_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
