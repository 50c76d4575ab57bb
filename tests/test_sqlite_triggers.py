"""On SQLite, every table a data version or a rollup watches still has its triggers.

Django copies a SQLite table to add some columns, and the copy loses the table's triggers
(reporting migration 0010 made them again after activities 0004 and community 0012). A later
migration that copies a watched table fails this test until a migration makes them again.
"""

import importlib

import pytest
from django.db import connection

CALENDAR = importlib.import_module("activities.migrations.0003_calendar_data_versions")
# The newest migration that adds tables to the figure triggers: its FIGURE_TABLES is every one.
FIGURES = importlib.import_module("reporting.migrations.0012_capacity_figure_triggers")
ROLLUPS = importlib.import_module("reporting.migrations.0008_figure_rollups")
EVENTS = ("insert", "update", "delete")


def _expected() -> set[str]:
    names = {
        f"{CALENDAR.TRIGGER}_{table}_{event}"
        for tables in CALENDAR.VERSIONED_TABLES.values()
        for table in tables
        for event in EVENTS
    }
    names |= {f"bump_figures_{t}_{e}" for t in FIGURES.FIGURE_TABLES for e in EVENTS}
    names |= {f"rollup_{table}_{event.lower()}" for table, event, _, _ in ROLLUPS.SQLITE_TRIGGERS}
    return names


@pytest.mark.django_db
def test_every_watched_table_keeps_its_triggers():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters tables in place and keeps their triggers")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    assert sorted(_expected() - present) == []
