""" "What my involvement changed": on the co-creator's own story page, the projects they took part
in at their stage, and the published impact records and "You said, we did" they contributed to,
with the date each was published."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import AttendanceStatus, ProjectStage, SignUpStatus
from cocreation.lib.dates import date_text
from community.services import cocreator_for_user_ensure
from impact.story import my_changes
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    ProjectFactory,
    SignUpFactory,
)
from tests.impact.factories import ImpactRecordFactory


@pytest.fixture
def me(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def client(cocreator):
    client = Client()
    client.force_login(cocreator)
    return client


def _took_part(person, project, status=AttendanceStatus.ATTENDED):
    AttendanceFactory(activity=ActivityFactory(project=project), cocreator=person, status=status)


def test_projects_come_from_attendance_and_bookings_with_their_stage(me):
    came = ProjectFactory(title="Ward gardens", stage=ProjectStage.TESTING)
    booked = ProjectFactory(title="Carers' hub", stage=ProjectStage.IDEA)
    missed = ProjectFactory(title="Missed it")
    withdrew = ProjectFactory(title="Withdrew from it")
    ProjectFactory(title="Never involved")
    _took_part(me, came)
    _took_part(me, came)  # twice, listed once
    SignUpFactory(activity=ActivityFactory(project=booked), cocreator=me)
    _took_part(me, missed, status=AttendanceStatus.DID_NOT_ATTEND)
    SignUpFactory(
        activity=ActivityFactory(project=withdrew), cocreator=me, status=SignUpStatus.WITHDRAWN
    )
    changes = my_changes(me)
    assert [p.title for p in changes["projects"]] == ["Carers' hub", "Ward gardens"]
    assert [p.stage_number for p in changes["projects"]] == [1, 4]


def test_only_published_records_they_contributed_to_newest_first(me, other_cocreator):
    older = ImpactRecordFactory(title="Older change", published=True)
    older.published_at = timezone.now() - datetime.timedelta(days=40)
    older.save()
    newer = ImpactRecordFactory(title="Newer change", published=True)
    draft = ImpactRecordFactory(title="Draft change")
    someone_elses = ImpactRecordFactory(title="Someone else's", published=True)
    for record in (older, newer, draft):
        record.contributors.add(me)
    someone_elses.contributors.add(cocreator_for_user_ensure(user=other_cocreator))
    assert [r.title for r in my_changes(me)["records"]] == ["Newer change", "Older change"]


def test_the_page_shows_projects_stages_and_you_said_we_did_with_dates(me, client):
    project = ProjectFactory(title="Ward gardens", stage=ProjectStage.DESIGN)
    _took_part(me, project)
    record = ImpactRecordFactory(
        title="Quieter wards",
        published=True,
        you_said="Nights were too noisy.",
        we_did="We fitted soft-close bins.",
    )
    record.contributors.add(me)
    ImpactRecordFactory(title="Not yet published").contributors.add(me)
    page = client.get(reverse("community:portal-story")).content.decode()
    assert "What your involvement changed" in page
    assert "Ward gardens" in page and "design stage (stage 3 of 6)" in page
    assert "Quieter wards" in page
    assert "Nights were too noisy." in page and "We fitted soft-close bins." in page
    assert f"Published {date_text(record.published_at)}." in page
    assert "Not yet published" not in page


def test_nothing_yet_says_so_plainly(client):
    page = client.get(reverse("community:portal-story")).content.decode()
    assert "When a change you helped with is published, it will show here." in page


def test_the_section_takes_the_same_queries_for_few_or_many(me, client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("community:portal-story")).status_code == 200
        return len(captured)

    for n in range(3):
        _took_part(me, ProjectFactory(title=f"P{n}"))
        ImpactRecordFactory(title=f"R{n}", published=True).contributors.add(me)
    few = count()
    for n in range(3, 30):
        _took_part(me, ProjectFactory(title=f"P{n}"))
        ImpactRecordFactory(title=f"R{n}", published=True).contributors.add(me)
    assert count() == few
