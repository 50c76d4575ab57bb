"""`manage.py bench` end to end on a few URLs: the summary, the whole table, nothing kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from cocreation.jobs.models import DataVersion
from impact.models import JournalEntry
from reporting.benchmarks.report import TARGET_MS, left_over, over_target, table
from reporting.benchmarks.timing import COLD, WARM, Row, Timer, p95


@pytest.fixture
def demo_accounts(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", "--accounts-only", stdout=StringIO())


def test_bench_times_each_role_that_opens_a_url_and_writes_both_tables(demo_accounts, tmp_path):
    DataVersion.objects.update_or_create(name="figures", defaults={"version": 7})
    out, table_out = tmp_path / "latest.md", tmp_path / "urls.md"
    call_command(
        "bench",
        "--only",
        "accessibility,journal/",
        "--runs",
        "2",
        "--skip-others",
        "--out",
        str(out),
        "--table-out",
        str(table_out),
        stdout=StringIO(),
    )
    summary, whole = out.read_text(), table_out.read_text()
    assert "Machine: " in summary
    assert "**Over target (p95 > 300 ms, warm or cold): " in summary
    for role in ("anonymous", "co-creator", "steering", "staff"):
        assert f"| `/accessibility/` | accessibility | {role} | warm |" in whole
    # The journal is for co-creators and staff only: the others are not timed on it.
    assert "| `/journal/` | impact:journal-list | co-creator | warm |" in whole
    assert "| `/journal/` | impact:journal-list | steering |" not in whole
    # An entry with parameters found (made) a journal entry for its roles and timed it...
    assert "impact:journal-detail | co-creator | warm |" in whole
    # ...and everything the run wrote was rolled back, the data version included.
    assert not JournalEntry.objects.exists()
    assert DataVersion.objects.get(name="figures").version == 7
    assert "| impact:journal-themes | `journal/<int:pk>/themes/` | POST only" in whole


def test_p95_is_the_nearest_rank_so_of_five_runs_the_slowest():
    assert p95([5.0, 1.0, 4.0, 2.0, 3.0]) == 5.0
    assert p95(list(map(float, range(1, 101)))) == 95.0
    assert p95([7.0]) == 7.0


def test_a_row_is_over_target_by_its_p95_warm_or_cold():
    fast = Row("home", "/", "anonymous", WARM, [10.0, 12.0, 11.0], queries=3)
    slow_tail = Row("home", "/", "anonymous", COLD, [50.0, 60.0, TARGET_MS + 1], queries=30)
    assert over_target([fast, slow_tail]) == [slow_tail]
    lines = table([slow_tail], {"anonymous": 2.0})
    assert lines[-1].startswith("| `/` | home | anonymous | cold | 60.0 | 301.0 **over** | 30.0 |")


def test_a_slow_page_is_timed_fewer_times_but_at_least_once():
    timer = Timer({}, url_budget_ms=100)
    assert len(timer.repeat(lambda: (200, 1.0, 3), 5)) == 5
    assert len(timer.repeat(lambda: (200, 60.0, 3), 5)) == 2
    assert len(timer.repeat(lambda: (200, 500.0, 3), 5)) == 1
    # Cold runs after a first cold request that already took the budget: no more.
    assert timer.repeat(lambda: (200, 60.0, 3), 4, spent=150.0) == []


def test_each_url_over_target_is_named_once_with_its_slowest_time_and_any_accepted_reason():
    rows = [
        Row("community:cocreator-export", "/x.csv", "staff", WARM, [4000.0], queries=9),
        Row("reporting:period quarter", "/r/", "steering", COLD, [900.0], queries=30),
        Row("reporting:period year", "/y/", "staff", COLD, [1500.0], queries=30),
    ]
    lines = left_over(rows)
    assert lines[0].startswith("Over target: 2 URLs, 1 with a reason a user would accept")
    assert lines[4].startswith("| `/x.csv` | community:cocreator-export | 4,000 (staff, warm) | a ")
    assert lines[5] == (
        "| `/y/` | reporting:period | 1,500 (staff, cold) | none: to be made faster |"
    )
