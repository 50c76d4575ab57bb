"""Database triggers that move `jobs.DataVersion('figures')` on whenever figure data changes.

Every table that a steering report, the representation gap or the dashboard's engagement mix reads
is listed in FIGURE_TABLES. A new table those figures read must be added here (in a new
migration) — tests/lib/test_cached.py checks every model the report reads is covered.
PostgreSQL: one statement-level trigger per table (insert, update, delete, truncate), so a bulk
load of a million rows moves the version once. SQLite: row-level triggers (SQLite has no
statement-level ones); SQLite is only for a newcomer's first run.
"""

from django.db import migrations

FIGURE_TABLES = (
    "community_cocreator",
    "community_demographics",
    "community_populationbenchmark",
    "community_ethnicgroup",
    "community_locality",
    "activities_activity",
    "activities_attendance",
    "activities_project",
    "impact_experienceresponse",
    "impact_wellbeingresponse",
    "impact_impactrecord",
    "impact_evidenceitem",
    "impact_casestudy",
    "impact_insighttag",
    "impact_sourcethemecount",
    "impact_theme",
)
# An upsert, so the counter comes back even if its row was emptied (a test database flush).
BUMP = (
    "INSERT INTO jobs_dataversion (name, version) VALUES ('figures', 1) "
    "ON CONFLICT (name) DO UPDATE SET version = jobs_dataversion.version + 1"
)


def create(apps, schema_editor):
    apps.get_model("jobs", "DataVersion").objects.get_or_create(name="figures")
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION cocreation_bump_figures() RETURNS trigger AS $$ "
                f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
            )
            for table in FIGURE_TABLES:
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER bump_figures AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION cocreation_bump_figures()"
                )
        elif schema_editor.connection.vendor == "sqlite":
            for table in FIGURE_TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"bump_figures_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {BUMP}; END'
                    )


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            for table in FIGURE_TABLES:
                cursor.execute(f'DROP TRIGGER IF EXISTS bump_figures ON "{table}"')
            cursor.execute("DROP FUNCTION IF EXISTS cocreation_bump_figures()")
        elif schema_editor.connection.vendor == "sqlite":
            for table in FIGURE_TABLES:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "bump_figures_{table}_{event}"')


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_newsletters"),
        ("jobs", "0002_data_version"),
        ("community", "0006_delivery_and_digest_choices"),
        ("activities", "0002_awareness_dates"),
        ("impact", "0003_surveys_journals_case_studies_themes"),
    ]

    operations = [migrations.RunPython(create, drop)]
