"""The report's rollups (reporting/reports/rollups.py) give the same report as the rows themselves.

The property tests make a small random world across two financial years (2025/26 and 2026/27),
with sessions at the very start and end of months so the site's clock matters, then change it at
random: new and back-dated attendance, attendance deleted or changed, sessions moved to another
month or level, cancelled or deleted, answers added, moved and removed, people changing their
answers, leaving or being deleted, case studies published and withdrawn. After each step the
report read from the rollups (which counts dirty months again first) must equal the report
counted from the rows, and the rollup rows must equal a recount of everything.
"""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import (
    Activity,
    ActivitySetting,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
)
from cocreation.lib.disclosure import EXACT
from cocreation.lib.periods import make_period, parse_slug
from community.models import CoCreator, Demographics, EthnicGroup
from community.services import cocreator_erase
from impact.models import CaseStudy, ExperienceResponse
from reporting import bulk_demo, tasks
from reporting.models import DirtyRollup, FigureRollup
from reporting.reports import rollups
from reporting.reports.figures import RAW, ROLLUPS, compute_report
from tests.activities.factories import AttendanceFactory
from tests.reporting.factories import PastSessionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FIRST_MONTH = datetime.date(2025, 4, 1)
MONTHS = 24  # April 2025 to March 2027
PERIODS = ["2025-q4", "2026-q1", "2026-q3", "2025-h2", "2026-h1", "2025-year", "2026-year"]


def month(index: int) -> datetime.date:
    index %= MONTHS
    return datetime.date(
        FIRST_MONTH.year + (FIRST_MONTH.month - 1 + index) // 12, (3 + index) % 12 + 1, 1
    )


def moment(index: int, when: int) -> datetime.datetime:
    """A time in a month: just after it starts, in the middle, or just before it ends (London)."""
    first = month(index)
    if when == 0:
        return datetime.datetime.combine(first, datetime.time(0, 30), tzinfo=LONDON)
    if when == 1:
        return datetime.datetime.combine(first.replace(day=15), datetime.time(12), tzinfo=LONDON)
    last = month(index + 1) - datetime.timedelta(days=1)
    return datetime.datetime.combine(last, datetime.time(23, 30), tzinfo=LONDON)


def report(period_slug: str, source: str) -> dict:
    figures = compute_report(parse_slug(period_slug), EXACT, source=source)
    figures.pop("computed_at")
    return figures


def rollup_rows() -> dict[str, dict]:
    return {key: figures for key, figures in FigureRollup.objects.values_list("key", "figures")}


def recounted_rows() -> dict[str, dict]:
    """The rows a rebuild gives now, leaving the rollups as they were."""
    with transaction.atomic():
        rollups.rollups_rebuild()
        rows = rollup_rows()
        transaction.set_rollback(True)
    return rows


# --- The world and its changes ----------------------------------------------------------------

GROUPS = ["White", "Black", "Asian", "Mixed", None]
SEXES = ["female", "male", "prefer_not", ""]
AGES = ["15_24", "45_54", "75_plus", ""]

people_strategy = st.lists(
    st.tuples(
        st.integers(0, MONTHS - 1),  # month joined
        st.sampled_from(GROUPS),
        st.sampled_from(SEXES),
        st.sampled_from(AGES),
        st.booleans(),  # answered the equality questions at all
    ),
    min_size=1,
    max_size=7,
)
sessions_strategy = st.lists(
    st.tuples(
        st.integers(0, MONTHS - 1),
        st.integers(0, 2),  # start, middle or end of the month
        st.integers(1, 5),  # level
        st.sampled_from([ActivitySetting.TRUST_SITE, ActivitySetting.LIBRARY]),
        st.booleans(),  # cancelled
        st.booleans(),  # evening
    ),
    min_size=1,
    max_size=7,
)
attendance_strategy = st.lists(
    st.tuples(
        st.integers(0, 50),  # person, modulo how many there are
        st.integers(0, 50),  # session
        st.sampled_from([AttendanceStatus.ATTENDED] * 3 + [AttendanceStatus.DID_NOT_ATTEND]),
        st.sampled_from(["1.5", "2", "3.25"]),
    ),
    max_size=14,
)
agreement = st.one_of(st.none(), st.integers(1, 5))
answers_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 50)),  # person, or nobody (anonymous)
        st.one_of(st.none(), st.integers(0, 50)),  # session it is about
        st.integers(0, MONTHS - 1),
        agreement,
        agreement,
        st.booleans(),  # staff who took part
    ),
    max_size=10,
)
case_studies_strategy = st.lists(
    st.tuples(st.integers(0, MONTHS - 1), st.integers(0, 2), st.booleans()), max_size=3
)

CHANGES = (
    "attend",
    "unattend",
    "restate",
    "move",
    "relevel",
    "cancel",
    "delete_session",
    "answer",
    "unanswer",
    "move_answer",
    "reanswer_equality",
    "erase",
    "delete_person",
    "join",
    "publish",
    "delete_case_study",
)
changes_strategy = st.lists(
    st.tuples(
        st.sampled_from(CHANGES),
        st.integers(0, 50),
        st.integers(0, 50),
        st.integers(0, MONTHS - 1),
        st.integers(0, 2),
    ),
    min_size=1,
    max_size=6,
)


def _nth(rows, i):
    rows = list(rows.order_by("pk"))
    return rows[i % len(rows)] if rows else None


def _ethnic(group):
    if group is None:
        return None
    return EthnicGroup.objects.filter(broad_group=group).order_by("position").first()


def build(people, sessions, attendance, answers, case_studies):
    made = []
    for joined, group, sex, age, answered in people:
        person = CoCreator.objects.create(full_name="Random Person", date_joined=month(joined))
        if answered:
            Demographics.objects.create(
                cocreator=person, ethnic_group=_ethnic(group), sex=sex, age_band=age
            )
        made.append(person)
    held = []
    for index, when, level, setting, cancelled, evening in sessions:
        starts = moment(index, when)
        held.append(
            Activity.objects.create(
                title="Session",
                summary="S",
                level=level,
                format="in_person",
                setting=setting,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                status=ActivityStatus.CANCELLED if cancelled else ActivityStatus.DONE,
                is_evening=evening,
            )
        )
    for who, which, status, hours in attendance:
        Attendance.objects.get_or_create(
            cocreator=made[who % len(made)],
            activity=held[which % len(held)],
            defaults={"status": status, "hours": Decimal(hours)},
        )
    for who, which, index, confidence, change, staff in answers:
        ExperienceResponse.objects.create(
            cocreator=None if who is None else made[who % len(made)],
            anonymous=who is None,
            activity=None if who is None or which is None else held[which % len(held)],
            month=month(index),
            confidence=confidence,
            input_led_to_change=change,
            staff_respondent=staff,
            understanding_needs=change if staff else None,
        )
    for index, when, published in case_studies:
        study = CaseStudy.objects.create(
            title="Story", story="S", published=published, publish_consent_given_at=timezone.now()
        )
        CaseStudy.objects.filter(pk=study.pk).update(created_at=moment(index, when))


def apply(change):
    kind, a, b, index, when = change
    person = _nth(CoCreator.objects.all(), a)
    session = _nth(Activity.objects.all(), b)
    if kind == "attend" and person and session:
        Attendance.objects.update_or_create(
            cocreator=person, activity=session, defaults={"status": AttendanceStatus.ATTENDED}
        )
    elif kind == "unattend" and (row := _nth(Attendance.objects.all(), a)):
        row.delete()
    elif kind == "restate" and (row := _nth(Attendance.objects.all(), a)):
        row.status = (
            AttendanceStatus.DID_NOT_ATTEND
            if row.status == AttendanceStatus.ATTENDED
            else AttendanceStatus.ATTENDED
        )
        row.hours = Decimal(index % 5) + Decimal("0.5")
        row.save()
    elif kind == "move" and session:
        session.starts_at = moment(index, when)
        session.ends_at = session.starts_at + datetime.timedelta(hours=1)
        session.save()
    elif kind == "relevel" and session:
        session.level = index % 5 + 1
        session.setting = ActivitySetting.LIBRARY if when else ActivitySetting.ONLINE
        session.save()
    elif kind == "cancel" and session:
        cancelled = session.status == ActivityStatus.CANCELLED
        session.status = ActivityStatus.DONE if cancelled else ActivityStatus.CANCELLED
        session.save()
    elif kind == "delete_session" and session:
        session.delete()
    elif kind == "answer":
        ExperienceResponse.objects.create(
            cocreator=person,
            activity=session if person else None,
            anonymous=person is None,
            month=month(index),
            confidence=when + 3,
            input_led_to_change=5 - when,
        )
    elif kind == "unanswer" and (row := _nth(ExperienceResponse.objects.all(), a)):
        row.delete()
    elif kind == "move_answer" and (row := _nth(ExperienceResponse.objects.all(), a)):
        row.month = month(index)
        row.save()
    elif kind == "reanswer_equality" and person:
        if when == 0:
            Demographics.objects.filter(cocreator=person).delete()
        else:
            Demographics.objects.update_or_create(
                cocreator=person,
                defaults={"ethnic_group": _ethnic(GROUPS[index % 5]), "sex": SEXES[b % 4]},
            )
    elif kind == "erase" and person:
        cocreator_erase(cocreator=person, actor=None)
    elif kind == "delete_person" and person and CoCreator.objects.count() > 1:
        person.delete()
    elif kind == "join":
        CoCreator.objects.create(full_name="Joiner", date_joined=month(index))
        if person:
            CoCreator.objects.filter(pk=person.pk).update(date_joined=month(index + 1))
    elif kind == "publish" and (study := _nth(CaseStudy.objects.all(), a)):
        study.published = not study.published
        study.save()
    elif kind == "delete_case_study" and (study := _nth(CaseStudy.objects.all(), a)):
        study.delete()


def assert_rollups_give_the_raw_report(period_slug):
    assert report(period_slug, ROLLUPS) == report(period_slug, RAW)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=people_strategy,
    sessions=sessions_strategy,
    attendance=attendance_strategy,
    answers=answers_strategy,
    case_studies=case_studies_strategy,
    changes=changes_strategy,
    period_slug=st.sampled_from(PERIODS),
)
def test_figures_from_the_rollups_equal_the_figures_from_the_rows(
    db, people, sessions, attendance, answers, case_studies, changes, period_slug
):
    with transaction.atomic():
        cache.clear()
        build(people, sessions, attendance, answers, case_studies)
        rollups.rollups_rebuild()
        assert_rollups_give_the_raw_report(period_slug)
        for change in changes:
            apply(change)
        # Read repair: the report counts the months the changes marked before it reads them.
        assert_rollups_give_the_raw_report(period_slug)
        # And every row kept, once the worker has been, is what counting everything gives.
        rollups.rollups_refresh()
        assert not DirtyRollup.objects.exists()
        assert rollup_rows() == recounted_rows()
        transaction.set_rollback(True)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=people_strategy,
    sessions=sessions_strategy,
    attendance=attendance_strategy,
    answers=answers_strategy,
)
def test_a_rebuild_gives_the_same_rows_every_time(db, people, sessions, attendance, answers):
    with transaction.atomic():
        build(people, sessions, attendance, answers, [])
        rollups.rollups_rebuild()
        first = rollup_rows()
        rollups.rollups_rebuild()
        assert rollup_rows() == first
        assert rollups.rollups_refresh() == 0  # nothing was left marked
        transaction.set_rollback(True)


# --- Marking the months a change touches -----------------------------------------------------


def marked() -> set:
    """The months marked to count again; "community" for the community's make-up."""
    return {
        "community" if community else month
        for month, community in DirtyRollup.objects.values_list("month", "community")
    }


@pytest.fixture
def counted():
    """A session in May 2025 with one person at it, counted: nothing is marked."""
    session = PastSessionFactory(starts_at=datetime.datetime(2025, 5, 14, 10, tzinfo=LONDON))
    attendance = AttendanceFactory(activity=session)
    rollups.rollups_rebuild()
    assert marked() == set()
    return attendance


def test_a_back_dated_attendance_marks_its_sessions_month(counted):
    older = PastSessionFactory(starts_at=datetime.datetime(2024, 11, 20, 10, tzinfo=LONDON))
    rollups.rollups_rebuild()
    AttendanceFactory(activity=older, cocreator=counted.cocreator)
    assert marked() == {datetime.date(2024, 11, 1)}


def test_moving_a_session_marks_the_month_it_left_the_one_it_went_to_and_its_answers(counted):
    session = counted.activity
    ExperienceResponse.objects.create(
        cocreator=counted.cocreator, activity=session, month=datetime.date(2025, 6, 1)
    )
    rollups.rollups_rebuild()
    session.starts_at = datetime.datetime(2025, 8, 14, 10, tzinfo=LONDON)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    assert marked() == {
        datetime.date(2025, 5, 1),
        datetime.date(2025, 8, 1),
        datetime.date(2025, 6, 1),
    }


def test_a_change_near_a_months_end_marks_both_months(counted):
    session = counted.activity
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC.
    session.starts_at = datetime.datetime(2025, 7, 1, 0, 30, tzinfo=LONDON)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    assert {datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)} <= marked()


def test_deleting_attendance_and_sessions_marks_their_month(counted):
    counted.delete()
    assert marked() == {datetime.date(2025, 5, 1)}
    DirtyRollup.objects.all().delete()
    counted.activity.delete()
    assert marked() == {datetime.date(2025, 5, 1)}


def test_a_person_changing_their_answers_marks_every_month_they_attended(counted):
    Demographics.objects.create(cocreator=counted.cocreator, sex="female")
    assert marked() == {datetime.date(2025, 5, 1), "community"}


def test_changes_the_figures_do_not_read_mark_nothing(counted):
    session = counted.activity
    session.title = "A new title"
    session.notes = "Went well"
    session.save()
    counted.walked_in = True
    counted.save()
    CoCreator.objects.filter(pk=counted.cocreator_id).update(phone="01234 567890")
    assert marked() == set()


def test_renaming_an_ethnic_group_marks_every_month(counted):
    group = EthnicGroup.objects.order_by("pk").first()
    group.broad_group = "Other"
    group.save()
    assert None in marked()


def test_answers_and_joiners_mark_their_month(counted):
    ExperienceResponse.objects.create(month=datetime.date(2026, 2, 1), anonymous=True)
    CoCreator.objects.create(full_name="Joiner", date_joined=datetime.date(2026, 3, 9))
    assert marked() == {datetime.date(2026, 2, 1), datetime.date(2026, 3, 1), "community"}


# --- Counting again: the worker, read repair, the command ----------------------------------------


def test_the_task_counts_the_marked_months_again(counted):
    AttendanceFactory(activity=counted.activity)
    assert marked()
    # The session's month, the new person's joining month and the community they joined.
    assert tasks.refresh_rollups() == 3
    assert marked() == set()
    may = FigureRollup.objects.get(key="2025-05")
    assert Decimal(may.figures["hours"]) == 4
    assert FigureRollup.objects.get(key="2025-year").figures["attenders"] == 2


def asked_the_worker() -> list:
    return [func for _, func, _ in connection.run_on_commit if func is rollups._refresh_soon]


def test_the_worker_is_asked_once_a_transaction_when_it_commits(counted, settings, monkeypatch):
    AttendanceFactory(activity=counted.activity)
    AttendanceFactory(activity=counted.activity)
    asked = asked_the_worker()
    assert len(asked) == 1
    published = []
    monkeypatch.setattr(rollups, "task_publish", lambda **kwargs: published.append(kwargs))
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a real worker, as in production
    asked[0]()  # what happens at commit
    assert published == [{"task_name": "reporting.refresh_rollups", "kwargs": {}}]
    # What the worker then does.
    assert tasks.refresh_rollups() >= 1
    assert marked() == set()
    assert FigureRollup.objects.get(key="2025-year").figures["attenders"] == 3


def test_with_tasks_run_in_process_reading_repairs_instead(counted, monkeypatch):
    published = []
    monkeypatch.setattr(rollups, "task_publish", lambda **kwargs: published.append(kwargs))
    AttendanceFactory(activity=counted.activity)
    asked_the_worker()[0]()
    assert published == []
    assert marked()


def test_writes_elsewhere_do_not_ask_the_worker(db):
    DirtyRollup.objects.create(month=datetime.date(2025, 1, 1))
    FigureRollup.objects.create(
        kind="month", key="2025-01", start=datetime.date(2025, 1, 1), counted_at=timezone.now()
    )
    assert asked_the_worker() == []
    PastSessionFactory()
    assert len(asked_the_worker()) == 1


def test_reading_a_report_counts_its_dirty_months_first_even_without_the_worker(counted):
    AttendanceFactory(activity=counted.activity, hours=Decimal("5"))
    period = make_period("quarter", 2025, 1)
    figures = compute_report(period, EXACT)
    hours = {f["key"]: f for s in figures["sections"] for f in s["figures"]}[
        "act_participant_hours"
    ]
    assert hours["current"]["value"] == "7"
    # May counted; the new person's joining month, which this report does not read, waits.
    assert marked() == {timezone.localdate().replace(day=1)}


def test_a_report_leaves_dirty_months_it_does_not_read_to_the_worker(counted):
    later = PastSessionFactory(starts_at=datetime.datetime(2026, 11, 3, 10, tzinfo=LONDON))
    AttendanceFactory(activity=later, cocreator=counted.cocreator)
    compute_report(make_period("quarter", 2025, 1), EXACT)
    assert marked() == {datetime.date(2026, 11, 1)}


def test_the_rebuild_command_counts_everything_again(counted, capsys):
    FigureRollup.objects.all().delete()
    call_command("rebuild_rollups")
    assert "Counted" in capsys.readouterr().out
    assert FigureRollup.objects.get(key="2025-05").figures["activities"] == 1
    assert marked() == set()


def test_data_loaded_before_the_rollups_existed_is_counted_on_first_read(counted):
    FigureRollup.objects.all().delete()
    rollups.rollups_mark_all()
    figures = compute_report(make_period("quarter", 2025, 1), EXACT)
    activities = {f["key"]: f for s in figures["sections"] for f in s["figures"]}["act_activities"]
    assert activities["current"]["value"] == "1"
    assert marked() == set()


# --- What reading costs ---------------------------------------------------------------------------


def test_a_clean_read_is_two_queries_whatever_the_rows(counted, django_assert_num_queries):
    period = make_period("year", 2025)
    with django_assert_num_queries(2):
        rollups.read(period.start, period.end, [period])
    for day in range(1, 28):
        session = PastSessionFactory(starts_at=datetime.datetime(2025, 6, day, 10, tzinfo=LONDON))
        AttendanceFactory(activity=session)
    rollups.rollups_refresh()
    with django_assert_num_queries(2):
        kept = rollups.read(period.start, period.end, [period])
    assert kept.period(period)["attenders"] == 28


def test_counting_dirty_months_again_takes_the_same_queries_however_many(counted):
    AttendanceFactory(activity=counted.activity)
    with CaptureQueriesContext(connection) as one:
        rollups.rollups_refresh()
    for day in (3, 9):
        for month_number in (4, 7, 10, 1):
            year = 2026 if month_number == 1 else 2025
            session = PastSessionFactory(
                starts_at=datetime.datetime(year, month_number, day, 10, tzinfo=LONDON)
            )
            AttendanceFactory(activity=session)
    with CaptureQueriesContext(connection) as many:
        assert rollups.rollups_refresh() >= 4
    assert len(many) == len(one)


def test_the_tables_counted_are_the_tables_the_triggers_watch(counted):
    with CaptureQueriesContext(connection) as queries:
        rollups.rollups_rebuild()
    tables = set()
    for query in queries:
        tables |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    read = tables - {"reporting_figurerollup", "reporting_dirtyrollup"}
    assert read
    # Demographics come in through co-creators; ethnic groups through demographics.
    assert read <= set(rollups.WATCHED_TABLES)
    migration = __import__("importlib").import_module("reporting.migrations.0008_figure_rollups")
    assert set(migration.ROLLUP_TABLES) == set(rollups.WATCHED_TABLES)


def test_the_whole_system_demo_set_leaves_the_rollups_counted(db):
    bulk_demo.load("tiny", write=lambda line: None)
    assert marked() == set()
    assert FigureRollup.objects.filter(kind="month").exists()
    period = make_period("year", timezone.localdate().year - 1)
    assert report(period.slug, ROLLUPS) == report(period.slug, RAW)
