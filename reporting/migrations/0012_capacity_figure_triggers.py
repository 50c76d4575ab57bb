"""The figure triggers also watch objective 4's tables.

The steering report now has "Building confidence and capacity (objective 4)": training
completions, development plans and their reviews, mentoring pairs, support meetings and service
accreditations (`capacity.report`), read inside the cached report. A change to any of them must
move the figures' data version on, as any other change to the figures' data does (see 0004, 0005
and 0011; the same triggers, seven more tables: a plan's revisions say whether it was active at
a period's end).

Here in reporting, not in capacity: the version and its trigger function are reporting's, and
capacity (a lower layer) must not depend on a reporting migration. On SQLite a later capacity
migration that copies one of these tables (adding a column with a default) drops its triggers:
tests/test_sqlite_triggers.py says so, and a migration must make them again (as 0010 did).
"""

import importlib

from django.db import migrations

PRIORITY = importlib.import_module("reporting.migrations.0006_priority_group_figure_trigger")
PAYMENTS = importlib.import_module("reporting.migrations.0011_payments_figure_triggers")

NEW_TABLES = (
    "capacity_completion",
    "capacity_developmentplan",
    "capacity_planreview",
    "capacity_planrevision",
    "capacity_mentoring",
    "capacity_supportmeeting",
    "capacity_accreditationapplication",
)
# Every table the figure triggers watch, as of this migration.
FIGURE_TABLES = (*PAYMENTS.FIGURE_TABLES, *NEW_TABLES)


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
        ("reporting", "0011_payments_figure_triggers"),
        ("capacity", "0002_plans_mentoring_accreditation_partners"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
