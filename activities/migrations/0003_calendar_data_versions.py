"""Database triggers that move two data versions on, for the iCalendar feeds' cache.

`jobs.DataVersion('calendar')` moves on with any change to what the public feed shows (activities,
awareness dates, the areas activities are in); `jobs.DataVersion('bookings')` with any change to
sign-ups, which the personal feeds show too. The feeds are cached, and answer `If-None-Match`, under
these versions (activities/feeds.py). Made the way reporting's figure triggers are (reporting
migrations 0004 and 0005): on PostgreSQL a deferrable constraint trigger per table that runs at
commit, once per transaction, plus a statement trigger for TRUNCATE; on SQLite row triggers. One
function serves both versions: the trigger passes the version's name. Tests, which never commit,
set `bump_calendar` IMMEDIATE (tests/conftest.py) as they do `bump_figures`.
"""

from django.db import migrations

VERSIONED_TABLES = {
    "calendar": ("activities_activity", "activities_awarenessdate", "community_locality"),
    "bookings": ("activities_signup",),
}
TRIGGER = "bump_calendar"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION cocreation_bump_version() RETURNS trigger AS $$
DECLARE
    guard text := 'cocreation.' || TG_ARGV[0] || '_bumped_at';
BEGIN
    -- Once per statement: at commit every deferred event shares the COMMIT statement.
    IF current_setting(guard, true) = statement_timestamp()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config(guard, statement_timestamp()::text, true);
    INSERT INTO jobs_dataversion (name, version, epoch)
        VALUES (TG_ARGV[0], 1, floor(random() * 1e15)::bigint)
        ON CONFLICT (name) DO UPDATE SET version = jobs_dataversion.version + 1;
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""
SQLITE_UPSERT = (
    "INSERT INTO jobs_dataversion (name, version, epoch) VALUES ('{name}', 1, abs(random())) "
    "ON CONFLICT (name) DO UPDATE SET version = jobs_dataversion.version + 1"
)


def _tables():
    for name, tables in VERSIONED_TABLES.items():
        for table in tables:
            yield name, table


def forwards(apps, schema_editor):
    DataVersion = apps.get_model("jobs", "DataVersion")
    for name in VERSIONED_TABLES:
        DataVersion.objects.get_or_create(name=name)
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for name, table in _tables():
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
                cursor.execute(
                    f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    f"EXECUTE FUNCTION cocreation_bump_version('{name}')"
                )
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION cocreation_bump_version('{name}')"
                )
            cursor.execute(
                "UPDATE jobs_dataversion SET epoch = floor(random() * 1e15)::bigint "
                "WHERE epoch = 0 AND name IN ('calendar', 'bookings')"
            )
        elif vendor == "sqlite":
            for name, table in _tables():
                for event in ("INSERT", "UPDATE", "DELETE"):
                    trigger = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{trigger}" AFTER {event} ON "{table}" '
                        f"BEGIN {SQLITE_UPSERT.format(name=name)}; END"
                    )
            cursor.execute(
                "UPDATE jobs_dataversion SET epoch = abs(random()) "
                "WHERE epoch = 0 AND name IN ('calendar', 'bookings')"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for _name, table in _tables():
            if vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON "{table}"')
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
            elif vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}_{table}_{event}"')
        if vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS cocreation_bump_version()")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_awareness_dates"),
        ("jobs", "0003_data_version_epoch"),
        ("community", "0010_people_who_left_and_newsletter_words"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
