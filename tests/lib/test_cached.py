"""Figures are cached under a data version that the database moves on whenever their data changes."""

import importlib
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreation.lib import cached
from cocreation.lib.cached import cached_figures, data_version
from cocreation.lib.periods import make_period
from community.models import CoCreator, Locality
from reporting.reports.figures import compute_report, report_for

# The newest migration that adds tables to the figure triggers: its FIGURE_TABLES is every one.
TRIGGERS = importlib.import_module("reporting.migrations.0012_capacity_figure_triggers")


def version() -> int:
    """The figures' version number (data_version() also carries the row's epoch)."""
    from cocreation.jobs.models import DataVersion

    return DataVersion.objects.filter(name="figures").values_list("version", flat=True).first() or 0


def test_a_change_by_any_route_moves_the_version_on(db):
    before = version()
    CoCreator.objects.create(full_name="New Person")
    after_save = version()
    assert after_save > before
    CoCreator.objects.bulk_create(
        [CoCreator(full_name="Bulk One"), CoCreator(full_name="Bulk Two")]
    )
    after_bulk = version()
    assert after_bulk > after_save
    CoCreator.objects.filter(full_name="Bulk One").update(full_name="Bulk Renamed")
    after_update = version()
    assert after_update > after_bulk
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM community_cocreator WHERE full_name = %s", ["Bulk Two"])
    assert version() > after_update


def test_changes_elsewhere_leave_the_version_alone(db, staff_member):
    before = version()
    staff_member.full_name = "Renamed Staff"
    staff_member.save()
    assert version() == before


def test_a_cached_value_is_used_until_the_data_changes(db):
    calls = []

    def compute():
        calls.append(1)
        return {"n": CoCreator.objects.count()}

    assert cached_figures("test", compute) == {"n": 0}
    assert cached_figures("test", compute) == {"n": 0}
    assert len(calls) == 1
    CoCreator.objects.create(full_name="Someone")
    assert cached_figures("test", compute) == {"n": 1}
    assert len(calls) == 2


def test_the_report_comes_from_the_cache_with_one_query_and_changes_with_the_data(db):
    period = make_period("quarter", 2026, 1)
    first = report_for(period)
    with CaptureQueriesContext(connection) as queries:
        again = report_for(period)
    assert again == first
    assert len(queries) == 1  # only the data version
    CoCreator.objects.bulk_create(
        [CoCreator(full_name=f"Joiner {n}", date_joined="2026-05-01") for n in range(10)]
    )
    changed = report_for(period)
    new = {f["key"]: f for s in changed["sections"] for f in s["figures"]}
    assert new["act_new_cocreators"]["current"]["value"] == "10"


def test_a_cache_that_is_down_means_working_it_out_not_failing(db):
    with mock.patch.object(cache, "get", side_effect=ConnectionError("down")):
        assert cached_figures("down", lambda: {"ok": True}) == {"ok": True}
    with mock.patch.object(cache, "set", side_effect=ConnectionError("down")):
        assert cached_figures("down2", lambda: {"ok": True}) == {"ok": True}


# Read by the report but not data: the rollups are counted from the tables above (and kept right
# by their own triggers, tests/reporting/test_rollups.py).
NOT_DATA = {"reporting_figurerollup", "reporting_dirtyrollup"}


@pytest.mark.parametrize("source", ["rollups", "raw"])
@pytest.mark.parametrize("kind", ["quarter", "year"])
def test_every_table_the_report_reads_moves_the_version(db, kind, source):
    with CaptureQueriesContext(connection) as queries:
        compute_report(make_period(kind, 2026, 1), source=source)
    tables = set()
    for query in queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    uncovered = tables - set(TRIGGERS.FIGURE_TABLES) - NOT_DATA
    assert not uncovered, f"Add these tables to the figure triggers: {uncovered}"
    assert tables  # the pattern found the tables


def test_the_gap_reads_only_covered_tables(db):
    from community.gap import representation_gap

    Locality.objects.first()
    with CaptureQueriesContext(connection) as queries:
        representation_gap()
    tables = set()
    for query in queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    assert tables <= set(TRIGGERS.FIGURE_TABLES)


def test_the_key_holds_the_epoch_and_the_version(db):
    from cocreation.jobs.models import DataVersion

    CoCreator.objects.create(full_name="Someone")
    row = DataVersion.objects.get(name=cached.FIGURES)
    assert row.epoch != 0  # made random by the trigger, so a refilled database starts afresh
    assert data_version() == f"{row.epoch}.{row.version}"
    seen = []
    cached_figures("k", lambda: seen.append(1) or 1)
    DataVersion.objects.filter(name=cached.FIGURES).update(epoch=row.epoch + 1)
    cached_figures("k", lambda: seen.append(1) or 1)
    assert len(seen) == 2  # a new epoch, the same version number: not found, worked out again


def test_the_gap_page_is_worked_out_once_until_someone_joins(staff_client):
    staff_client.get("/staff/community/gap/")
    with CaptureQueriesContext(connection) as warm:
        first = staff_client.get("/staff/community/gap/")
    assert not any("GROUP BY" in q["sql"] for q in warm.captured_queries)
    assert first.status_code == 200
    CoCreator.objects.create(full_name="A New Joiner")
    with CaptureQueriesContext(connection) as fresh:
        staff_client.get("/staff/community/gap/")
    assert any("GROUP BY" in q["sql"] for q in fresh.captured_queries)


def test_the_background_task_works_out_the_most_opened_reports(db):
    import datetime

    from reporting.reports.figures import periods_most_opened
    from reporting.tasks import warm_reports

    slugs = [p.slug for p in periods_most_opened(datetime.date(2026, 11, 26))]
    assert slugs == ["2026-q2", "2026-q1", "2026-h1", "2026-year", "2025-year"]
    assert warm_reports.apply().get() >= 4
    with CaptureQueriesContext(connection) as queries:
        report_for(periods_most_opened()[0])
        report_for(periods_most_opened()[0], exact=True)  # staff's, worked out too
    assert len(queries) == 2  # already worked out: only the data version is read, once each


def test_a_staff_report_page_reads_each_cached_report_once(staff_client):
    staff_client.get("/reports/2026-q1/")
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get("/reports/2026-q1/").status_code == 200
    versions = [q for q in queries.captured_queries if "jobs_dataversion" in q["sql"]]
    assert len(versions) == 2  # the exact report and the steering group's, beside it


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_when_a_transaction_commits_not_while_it_runs():
    """PostgreSQL: once, at commit, so the version row is locked only while committing (no
    writer waits on another's whole transaction, and no deadlock through it). SQLite, one writer
    at a time: after each statement."""
    from django.db import transaction

    before = version()
    with transaction.atomic():
        CoCreator.objects.create(full_name="First Joiner")
        CoCreator.objects.create(full_name="Second Joiner")
        inside = version()
    after = version()
    if connection.vendor == "postgresql":
        assert inside == before
        assert after == before + 1
    else:
        assert inside == after == before + 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_version_alone():
    from django.db import transaction

    before = version()
    with pytest.raises(RuntimeError), transaction.atomic():
        CoCreator.objects.create(full_name="Never Joined")
        raise RuntimeError("changed my mind")
    assert version() == before
