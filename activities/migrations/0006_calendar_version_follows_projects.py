"""The calendar's data version moves on with changes to projects too.

The co-creator's opportunities are ranked from a cached list of upcoming activities that holds
each one's project's service area (activities/selectors/portal.py), so a project moved to
another service area must move the version the list is cached under. Triggers made as in
migration 0003, with the same function: at commit on PostgreSQL, a row trigger on SQLite.
"""

from django.db import migrations

TABLE = "activities_project"
TRIGGER = "bump_calendar"
SQLITE_UPSERT = (
    "INSERT INTO jobs_dataversion (name, version, epoch) VALUES ('calendar', 1, abs(random())) "
    "ON CONFLICT (name) DO UPDATE SET version = jobs_dataversion.version + 1"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{TABLE}" '
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION cocreation_bump_version('calendar')"
            )
            cursor.execute(
                f'CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON "{TABLE}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION cocreation_bump_version('calendar')"
            )
        elif vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(
                    f'CREATE TRIGGER "{TRIGGER}_{TABLE}_{event.lower()}" AFTER {event} '
                    f'ON "{TABLE}" BEGIN {SQLITE_UPSERT}; END'
                )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON "{TABLE}"')
            cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{TABLE}"')
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}_{TABLE}_{event}"')


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_payment_terms")]

    operations = [migrations.RunPython(forwards, backwards)]
