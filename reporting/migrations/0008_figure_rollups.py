"""The report's rollups, and the database triggers that say what to count again.

`reporting_figurerollup` keeps the report's figures by month and by period, and the community's
make-up the representation gap is counted from (see `reporting.reports.rollups`). Triggers on
every table those are counted from add a row to `reporting_dirtyrollup` for each month a change
touches, in the same transaction as the change, however it is made (the ORM, a bulk load, raw
SQL): the month the row was in before (OLD) and the month it is in after (NEW), so a back-dated
attendance, an activity moved to another month and a deletion each leave the right months. A
month is the site's month of a timestamp; the triggers do not know the site's time zone, so they
mark the month 14 hours either side of the moment (no time zone is further from UTC), which is
the same month except near a month's ends, where both are marked. Marking a month too many costs
one count of it; missing one would leave a figure wrong.

What each table's change marks:
- activities: the months it starts in (a change of start, level, status or setting), and the
  months of experience answers about it when its start moves (the latest answer in a month is
  the one about the latest activity);
- attendance: the months of its activity (a change of status, hours, activity or person);
- co-creators: the month they joined (a change of that date), and the community (joining,
  leaving, a change of that date);
- demographics: every month the person attended (what a period's participation counts by), and
  the community;
- ethnic groups: everything (an ethnic group renamed into another broad group);
- experience answers: their month; case studies: the month they were written;
- TRUNCATE of any of them: everything.

PostgreSQL: statement-level triggers with transition tables, so a bulk load of a million rows
writes each month once per statement; a transaction writes a month only once (`written_in`).
Nothing here updates a shared row, so no writer waits for another. SQLite: row triggers (it has no
statement-level ones), writing a month only when it is not there already (SQLite has one writer
at a time, so nothing can be counting it meanwhile).

A database that already holds data gets one "everything" row, so the first count after this
migration builds the rollups (the worker's sweep, `manage.py rebuild_rollups`, or the first
report read).
"""

# Every name put into the SQL below is a constant of this module; nothing comes from outside.
# ruff: noqa: S608

from django.db import migrations, models

DIRTY = "reporting_dirtyrollup"

# --- PostgreSQL ---------------------------------------------------------------------------------

PG_HELPERS = f"""
CREATE OR REPLACE FUNCTION cocreation_rollup_months(ts timestamptz) RETURNS date[] AS $$
    SELECT ARRAY[
        date_trunc('month', (ts AT TIME ZONE 'UTC') - interval '14 hours')::date,
        date_trunc('month', (ts AT TIME ZONE 'UTC') + interval '14 hours')::date
    ]
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION cocreation_rollup_mark(months date[]) RETURNS void AS $$
    INSERT INTO {DIRTY} (month, community, written_in)
    SELECT DISTINCT m, false, txid_current() FROM unnest(months) AS m
    WHERE NOT EXISTS (
        SELECT 1 FROM {DIRTY} d WHERE d.written_in = txid_current() AND NOT d.community
            AND d.month IS NOT DISTINCT FROM m
    )
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION cocreation_rollup_mark_community() RETURNS void AS $$
    INSERT INTO {DIRTY} (month, community, written_in)
    SELECT NULL, true, txid_current()
    WHERE NOT EXISTS (SELECT 1 FROM {DIRTY} d WHERE d.written_in = txid_current() AND d.community)
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION cocreation_rollup_mark_all() RETURNS trigger AS $$
BEGIN
    PERFORM cocreation_rollup_mark(ARRAY[NULL::date]);
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

# Each table's function: `months` is the SQL giving the months to mark for the statement's rows,
# by event. `old_rows` and `new_rows` are the transition tables.
_ACTIVITY_CHANGED = (
    "(o.starts_at, o.level, o.status, o.setting, o.is_evening, o.is_weekend) IS DISTINCT FROM "
    "(n.starts_at, n.level, n.status, n.setting, n.is_evening, n.is_weekend)"
)
_ATTENDANCE_CHANGED = (
    "(o.activity_id, o.cocreator_id, o.status, o.hours) IS DISTINCT FROM "
    "(n.activity_id, n.cocreator_id, n.status, n.hours)"
)
_DEMOGRAPHICS_CHANGED = (
    "(o.cocreator_id, o.age_band, o.sex, o.ethnic_group_id, o.religion, o.disability, "
    "o.sexual_orientation, o.gender_same_as_birth) IS DISTINCT FROM "
    "(n.cocreator_id, n.age_band, n.sex, n.ethnic_group_id, n.religion, n.disability, "
    "n.sexual_orientation, n.gender_same_as_birth)"
)
_ANSWER_CHANGED = (
    "(o.cocreator_id, o.activity_id, o.month, o.staff_respondent, o.confidence, o.connection, "
    "o.purpose, o.input_led_to_change, o.understanding_needs) IS DISTINCT FROM "
    "(n.cocreator_id, n.activity_id, n.month, n.staff_respondent, n.confidence, n.connection, "
    "n.purpose, n.input_led_to_change, n.understanding_needs)"
)


def _attended_months(people: str) -> str:
    return (
        "SELECT unnest(cocreation_rollup_months(a.starts_at)) FROM activities_attendance t "
        f"JOIN activities_activity a ON a.id = t.activity_id WHERE t.cocreator_id IN ({people})"
    )


PG_TABLES = {
    "activities_activity": {
        "INSERT": "SELECT unnest(cocreation_rollup_months(starts_at)) FROM new_rows",
        "DELETE": "SELECT unnest(cocreation_rollup_months(starts_at)) FROM old_rows",
        "UPDATE": (
            "SELECT unnest(cocreation_rollup_months(o.starts_at) || cocreation_rollup_months(n.starts_at)) "
            f"FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_ACTIVITY_CHANGED} "
            "UNION SELECT e.month FROM impact_experienceresponse e "
            "JOIN old_rows o ON o.id = e.activity_id JOIN new_rows n ON n.id = o.id "
            "WHERE o.starts_at IS DISTINCT FROM n.starts_at"
        ),
    },
    "activities_attendance": {
        "INSERT": (
            "SELECT unnest(cocreation_rollup_months(a.starts_at)) FROM activities_activity a "
            "WHERE a.id IN (SELECT activity_id FROM new_rows)"
        ),
        "DELETE": (
            "SELECT unnest(cocreation_rollup_months(a.starts_at)) FROM activities_activity a "
            "WHERE a.id IN (SELECT activity_id FROM old_rows)"
        ),
        "UPDATE": (
            "SELECT unnest(cocreation_rollup_months(a.starts_at)) FROM activities_activity a "
            "WHERE a.id IN (SELECT o.activity_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"WHERE {_ATTENDANCE_CHANGED} UNION SELECT n.activity_id FROM old_rows o "
            f"JOIN new_rows n ON n.id = o.id WHERE {_ATTENDANCE_CHANGED})"
        ),
    },
    "community_cocreator": {
        "INSERT": "SELECT date_trunc('month', date_joined)::date FROM new_rows",
        "DELETE": "SELECT date_trunc('month', date_joined)::date FROM old_rows",
        "UPDATE": (
            "SELECT unnest(ARRAY[date_trunc('month', o.date_joined)::date, "
            "date_trunc('month', n.date_joined)::date]) FROM old_rows o JOIN new_rows n "
            "ON n.id = o.id WHERE o.date_joined IS DISTINCT FROM n.date_joined"
        ),
    },
    "community_demographics": {
        "INSERT": _attended_months("SELECT cocreator_id FROM new_rows"),
        "DELETE": _attended_months("SELECT cocreator_id FROM old_rows"),
        "UPDATE": _attended_months(
            "SELECT o.cocreator_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"WHERE {_DEMOGRAPHICS_CHANGED} UNION SELECT n.cocreator_id FROM old_rows o "
            f"JOIN new_rows n ON n.id = o.id WHERE {_DEMOGRAPHICS_CHANGED}"
        ),
    },
    "community_ethnicgroup": {
        "DELETE": "SELECT NULL::date FROM old_rows",
        "UPDATE": (
            "SELECT NULL::date FROM old_rows o JOIN new_rows n ON n.id = o.id "
            "WHERE (o.broad_group, o.nhs_code) IS DISTINCT FROM (n.broad_group, n.nhs_code)"
        ),
    },
    "impact_experienceresponse": {
        "INSERT": "SELECT month FROM new_rows",
        "DELETE": "SELECT month FROM old_rows",
        "UPDATE": (
            "SELECT unnest(ARRAY[o.month, n.month]) FROM old_rows o JOIN new_rows n "
            f"ON n.id = o.id WHERE {_ANSWER_CHANGED}"
        ),
    },
    "impact_casestudy": {
        "INSERT": "SELECT unnest(cocreation_rollup_months(created_at)) FROM new_rows",
        "DELETE": "SELECT unnest(cocreation_rollup_months(created_at)) FROM old_rows",
        "UPDATE": (
            "SELECT unnest(cocreation_rollup_months(o.created_at) || cocreation_rollup_months(n.created_at)) "
            "FROM old_rows o JOIN new_rows n ON n.id = o.id "
            "WHERE (o.created_at, o.published) IS DISTINCT FROM (n.created_at, n.published)"
        ),
    },
}
ROLLUP_TABLES = tuple(PG_TABLES)

# Changes that also change the community's make-up: SQL giving a row if the statement made one.
_CHANGED_ROWS = "SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {}"
PG_COMMUNITY = {
    "community_cocreator": {
        "INSERT": "SELECT 1 FROM new_rows",
        "DELETE": "SELECT 1 FROM old_rows",
        "UPDATE": _CHANGED_ROWS.format(
            "(o.status, o.date_joined) IS DISTINCT FROM (n.status, n.date_joined)"
        ),
    },
    "community_demographics": {
        "INSERT": "SELECT 1 FROM new_rows",
        "DELETE": "SELECT 1 FROM old_rows",
        "UPDATE": _CHANGED_ROWS.format(_DEMOGRAPHICS_CHANGED),
    },
}

_REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _pg_function(table: str, events: dict[str, str]) -> str:
    community = PG_COMMUNITY.get(table, {})
    branches = []
    for i, (event, sql) in enumerate(events.items()):
        branch = (
            f"    {'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN\n"
            f"        PERFORM cocreation_rollup_mark(ARRAY({sql}));"
        )
        if event in community:
            branch += (
                f"\n        IF EXISTS ({community[event]}) THEN"
                "\n            PERFORM cocreation_rollup_mark_community();\n        END IF;"
            )
        branches.append(branch)
    body = "\n".join(branches)
    return (
        f"CREATE OR REPLACE FUNCTION cocreation_rollup_{table}() RETURNS trigger AS $$\n"
        f"BEGIN\n{body}\n    END IF;\n    RETURN NULL;\nEND $$ LANGUAGE plpgsql"
    )


def _postgresql_forwards(cursor):
    cursor.execute(PG_HELPERS)
    for table, events in PG_TABLES.items():
        cursor.execute(_pg_function(table, events))
        for event in events:
            name = f"rollup_{event.lower()}"
            cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}" {_REFERENCING[event]} '
                f"FOR EACH STATEMENT EXECUTE FUNCTION cocreation_rollup_{table}()"
            )
        cursor.execute(f'DROP TRIGGER IF EXISTS rollup_truncate ON "{table}"')
        cursor.execute(
            f'CREATE TRIGGER rollup_truncate AFTER TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION cocreation_rollup_mark_all()"
        )


def _postgresql_backwards(cursor):
    for table, events in PG_TABLES.items():
        for event in (*events, "TRUNCATE"):
            cursor.execute(f'DROP TRIGGER IF EXISTS rollup_{event.lower()} ON "{table}"')
        cursor.execute(f"DROP FUNCTION IF EXISTS cocreation_rollup_{table}()")
    cursor.execute("DROP FUNCTION IF EXISTS cocreation_rollup_mark_all()")
    cursor.execute("DROP FUNCTION IF EXISTS cocreation_rollup_mark(date[])")
    cursor.execute("DROP FUNCTION IF EXISTS cocreation_rollup_months(timestamptz)")
    cursor.execute("DROP FUNCTION IF EXISTS cocreation_rollup_mark_community()")


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_months(ts: str) -> str:
    return (
        f"SELECT date({ts}, '-14 hours', 'start of month') AS m "
        f"UNION SELECT date({ts}, '+14 hours', 'start of month')"
    )


def _sqlite_mark(months_sql: str) -> str:
    """Insert each month the SELECT gives (column m) that is not marked already."""
    return (
        f"INSERT INTO {DIRTY} (month, community) SELECT DISTINCT m, 0 FROM ({months_sql}) "
        f"WHERE m IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {DIRTY} d WHERE d.month = m);"
    )


def _sqlite_mark_community(when: str = "1") -> str:
    return (
        f"INSERT INTO {DIRTY} (month, community) SELECT NULL, 1 "
        f"WHERE ({when}) AND NOT EXISTS (SELECT 1 FROM {DIRTY} WHERE community);"
    )


SQLITE_MARK_ALL = (
    f"INSERT INTO {DIRTY} (month, community) SELECT NULL, 0 "
    f"WHERE NOT EXISTS (SELECT 1 FROM {DIRTY} WHERE month IS NULL AND NOT community);"
)


def _sqlite_activity_months(activity_id: str) -> str:
    return (
        "SELECT date(a.starts_at, '-14 hours', 'start of month') AS m FROM activities_activity a "
        f"WHERE a.id = {activity_id} UNION SELECT date(a.starts_at, '+14 hours', 'start of month') "
        f"FROM activities_activity a WHERE a.id = {activity_id}"
    )


def _sqlite_attended_months(person: str) -> str:
    return (
        "SELECT date(a.starts_at, '-14 hours', 'start of month') AS m FROM activities_attendance t "
        f"JOIN activities_activity a ON a.id = t.activity_id WHERE t.cocreator_id = {person} "
        "UNION SELECT date(a.starts_at, '+14 hours', 'start of month') FROM activities_attendance t "
        f"JOIN activities_activity a ON a.id = t.activity_id WHERE t.cocreator_id = {person}"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


ACTIVITY_COLUMNS = ("starts_at", "level", "status", "setting", "is_evening", "is_weekend")
ATTENDANCE_COLUMNS = ("activity_id", "cocreator_id", "status", "hours")
DEMOGRAPHICS_COLUMNS = (
    "cocreator_id",
    "age_band",
    "sex",
    "ethnic_group_id",
    "religion",
    "disability",
    "sexual_orientation",
    "gender_same_as_birth",
)
ANSWER_COLUMNS = (
    "cocreator_id",
    "activity_id",
    "month",
    "staff_respondent",
    "confidence",
    "connection",
    "purpose",
    "input_led_to_change",
    "understanding_needs",
)

# (table, event, WHEN condition or "", body)
SQLITE_TRIGGERS = [
    ("activities_activity", "INSERT", "", _sqlite_mark(_sqlite_months("NEW.starts_at"))),
    ("activities_activity", "DELETE", "", _sqlite_mark(_sqlite_months("OLD.starts_at"))),
    (
        "activities_activity",
        "UPDATE",
        _changed(ACTIVITY_COLUMNS),
        _sqlite_mark(_sqlite_months("OLD.starts_at"))
        + _sqlite_mark(_sqlite_months("NEW.starts_at"))
        + _sqlite_mark(
            "SELECT e.month AS m FROM impact_experienceresponse e "
            "WHERE e.activity_id = NEW.id AND OLD.starts_at IS NOT NEW.starts_at"
        ),
    ),
    (
        "activities_attendance",
        "INSERT",
        "",
        _sqlite_mark(_sqlite_activity_months("NEW.activity_id")),
    ),
    (
        "activities_attendance",
        "DELETE",
        "",
        _sqlite_mark(_sqlite_activity_months("OLD.activity_id")),
    ),
    (
        "activities_attendance",
        "UPDATE",
        _changed(ATTENDANCE_COLUMNS),
        _sqlite_mark(_sqlite_activity_months("OLD.activity_id"))
        + _sqlite_mark(_sqlite_activity_months("NEW.activity_id")),
    ),
    (
        "community_cocreator",
        "INSERT",
        "",
        _sqlite_mark("SELECT date(NEW.date_joined, 'start of month') AS m")
        + _sqlite_mark_community(),
    ),
    (
        "community_cocreator",
        "DELETE",
        "",
        _sqlite_mark("SELECT date(OLD.date_joined, 'start of month') AS m")
        + _sqlite_mark_community(),
    ),
    (
        "community_cocreator",
        "UPDATE",
        _changed(("date_joined", "status")),
        _sqlite_mark(
            "SELECT date(OLD.date_joined, 'start of month') AS m "
            "UNION SELECT date(NEW.date_joined, 'start of month') "
            "WHERE OLD.date_joined IS NOT NEW.date_joined"
        )
        + _sqlite_mark_community(),
    ),
    (
        "community_demographics",
        "INSERT",
        "",
        _sqlite_mark(_sqlite_attended_months("NEW.cocreator_id")) + _sqlite_mark_community(),
    ),
    (
        "community_demographics",
        "DELETE",
        "",
        _sqlite_mark(_sqlite_attended_months("OLD.cocreator_id")) + _sqlite_mark_community(),
    ),
    (
        "community_demographics",
        "UPDATE",
        _changed(DEMOGRAPHICS_COLUMNS),
        _sqlite_mark(_sqlite_attended_months("OLD.cocreator_id"))
        + _sqlite_mark(_sqlite_attended_months("NEW.cocreator_id"))
        + _sqlite_mark_community(),
    ),
    ("community_ethnicgroup", "DELETE", "", SQLITE_MARK_ALL),
    (
        "community_ethnicgroup",
        "UPDATE",
        _changed(("broad_group", "nhs_code")),
        SQLITE_MARK_ALL,
    ),
    ("impact_experienceresponse", "INSERT", "", _sqlite_mark("SELECT NEW.month AS m")),
    ("impact_experienceresponse", "DELETE", "", _sqlite_mark("SELECT OLD.month AS m")),
    (
        "impact_experienceresponse",
        "UPDATE",
        _changed(ANSWER_COLUMNS),
        _sqlite_mark("SELECT OLD.month AS m UNION SELECT NEW.month"),
    ),
    ("impact_casestudy", "INSERT", "", _sqlite_mark(_sqlite_months("NEW.created_at"))),
    ("impact_casestudy", "DELETE", "", _sqlite_mark(_sqlite_months("OLD.created_at"))),
    (
        "impact_casestudy",
        "UPDATE",
        _changed(("created_at", "published")),
        _sqlite_mark(_sqlite_months("OLD.created_at"))
        + _sqlite_mark(_sqlite_months("NEW.created_at")),
    ),
]


def _sqlite_forwards(cursor):
    for table, event, when, body in SQLITE_TRIGGERS:
        name = f"rollup_{table}_{event.lower()}"
        condition = f" WHEN {when}" if when else ""
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        cursor.execute(
            f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" FOR EACH ROW{condition} '
            f"BEGIN {body} END"
        )


def _sqlite_backwards(cursor):
    for table, event, _, _ in SQLITE_TRIGGERS:
        cursor.execute(f'DROP TRIGGER IF EXISTS "rollup_{table}_{event.lower()}"')


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            _postgresql_forwards(cursor)
        elif vendor == "sqlite":
            _sqlite_forwards(cursor)
    # Data already here: count every month once, the first time anything counts.
    has_data = any(
        apps.get_model(app, model).objects.exists()
        for app, model in (
            ("activities", "Activity"),
            ("community", "CoCreator"),
            ("impact", "ExperienceResponse"),
            ("impact", "CaseStudy"),
        )
    )
    if has_data:
        apps.get_model("reporting", "DirtyRollup").objects.create(month=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            _postgresql_backwards(cursor)
        elif vendor == "sqlite":
            _sqlite_backwards(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_newsletter_sent_by_the_worker"),
        ("community", "0010_people_who_left_and_newsletter_words"),
        ("impact", "0006_impact_record_checked_by"),
        ("activities", "0002_awareness_dates"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirtyRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(blank=True, null=True)),
                ("community", models.BooleanField(default=False)),
                ("written_in", models.BigIntegerField(blank=True, editable=False, null=True)),
            ],
            options={
                "indexes": [models.Index(fields=["month"], name="reporting_d_month_6f4af2_idx")]
            },
        ),
        migrations.CreateModel(
            name="FigureRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("month", "Month"),
                            ("period", "Period"),
                            ("people", "People who attended in a period, by their answers"),
                            ("community", "The community, by their answers"),
                        ],
                        max_length=10,
                    ),
                ),
                ("key", models.CharField(max_length=20, unique=True)),
                ("start", models.DateField()),
                ("figures", models.JSONField(default=dict)),
                ("counted_at", models.DateTimeField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["kind", "start"], name="reporting_f_kind_35472e_idx")
                ]
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
