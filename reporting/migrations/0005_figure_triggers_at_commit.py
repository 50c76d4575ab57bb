"""On PostgreSQL the figure triggers now fire at commit, once per transaction.

0004's statement-level triggers updated the one `jobs_dataversion` row as each statement ran, so
a transaction held that row's lock from its first write to a figure table until it committed:
every other writer waited, and two transactions touching the same rows in opposite orders could
deadlock. Now each table has a deferrable constraint trigger (INITIALLY DEFERRED) that runs when
the transaction commits; the function bumps the version once per statement it runs in (at
commit, all the deferred events share the COMMIT statement, so once per transaction) and the
lock is held only while committing. TRUNCATE, which constraint triggers cannot watch, keeps a
plain statement-level trigger. The row also gets a random epoch when it is made.

Tests run inside a transaction that is rolled back, never committed; tests/conftest.py sets these
constraints IMMEDIATE there (`SET CONSTRAINTS bump_figures IMMEDIATE`), so the version moves
after each statement as it would after each commit. SQLite keeps 0004's row triggers (one writer
at a time, so no lock to wait on), now also setting the epoch.
"""

import importlib

from django.db import migrations

FIGURE_TABLES = importlib.import_module(
    "reporting.migrations.0004_figure_data_triggers"
).FIGURE_TABLES

UPSERT = (
    "INSERT INTO jobs_dataversion (name, version, epoch) VALUES ('figures', 1, {epoch}) "
    "ON CONFLICT (name) DO UPDATE SET version = jobs_dataversion.version + 1"
)
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION cocreation_bump_figures() RETURNS trigger AS $$
BEGIN
    -- Once per statement: at commit every deferred event shares the COMMIT statement.
    IF current_setting('cocreation.figures_bumped_at', true) = statement_timestamp()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('cocreation.figures_bumped_at', statement_timestamp()::text, true);
    {upsert};
    RETURN NULL;
END $$ LANGUAGE plpgsql
""".replace("{upsert}", UPSERT.format(epoch="floor(random() * 1e15)::bigint"))


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in FIGURE_TABLES:
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
            cursor.execute(
                "UPDATE jobs_dataversion SET epoch = floor(random() * 1e15)::bigint WHERE epoch = 0"
            )
        elif vendor == "sqlite":
            upsert = UPSERT.format(epoch="abs(random())")
            for table in FIGURE_TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"bump_figures_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {upsert}; END'
                    )
            cursor.execute("UPDATE jobs_dataversion SET epoch = abs(random()) WHERE epoch = 0")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for table in FIGURE_TABLES:
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures_truncate ON "{table}"')
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures ON "{table}"')
    module = importlib.import_module("reporting.migrations.0004_figure_data_triggers")
    module.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_figure_data_triggers"),
        ("jobs", "0003_data_version_epoch"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
