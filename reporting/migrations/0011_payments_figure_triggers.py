"""The figure triggers also watch the claims and their expenses.

The steering report now has "Involvement payments and expenses" (paid claims and their expenses
for the period's sessions), read inside the cached report: marking a claim paid, or changing an
expense on it, must move the figures' data version on, as any other change to the figures' data
does (see 0004 and 0005; the same triggers, two more tables).

Here in reporting, not in payments: the version and its trigger function are reporting's, and
payments (a lower layer) must not depend on a reporting migration.
"""

import importlib

from django.db import migrations

PRIORITY = importlib.import_module("reporting.migrations.0006_priority_group_figure_trigger")

NEW_TABLES = ("payments_claim", "payments_expense")
# Every table the figure triggers watch, as of this migration.
FIGURE_TABLES = (*PRIORITY.FIGURE_TABLES, *NEW_TABLES)


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
                upsert = PRIORITY.AT_COMMIT.UPSERT.format(epoch="abs(random())")
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
        ("reporting", "0010_sqlite_triggers_again"),
        ("payments", "0001_payments"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
