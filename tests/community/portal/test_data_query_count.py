"""Download your data: the same number of queries for a person with 2 sessions or with 20."""

import csv
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Message, Role
from tests.activities.factories import ActivityFactory, AttendanceFactory, SignUpFactory
from tests.community.factories import UserFactory
from tests.impact.factories import SurveyInvitationFactory


def _sessions(person, start: int, count: int) -> None:
    """Sessions booked, attended (recorded by different staff), surveyed and messaged about."""
    for i in range(start, start + count):
        activity = ActivityFactory(title=f"Session number {i}")
        SignUpFactory(activity=activity, cocreator=person)
        AttendanceFactory(
            activity=activity, cocreator=person, recorded_by=UserFactory(role=Role.STAFF)
        )
        SurveyInvitationFactory(cocreator=person, activity=activity)
        Message.objects.create(key=f"reminder:{i}", cocreator=person, kind="reminder")


def _download(client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        body = response.getvalue()  # a streamed CSV is read inside the count too
    return len(queries.captured_queries), body


def test_the_download_takes_the_same_queries_for_2_sessions_or_20(cocreator_client, me):
    _sessions(me, 0, 2)
    json_few, _ = _download(cocreator_client, "/portal/data.json")
    csv_few, _ = _download(cocreator_client, "/portal/data.csv")
    _sessions(me, 2, 18)
    json_many, body = _download(cocreator_client, "/portal/data.json")
    csv_many, text = _download(cocreator_client, "/portal/data.csv")

    assert (json_many, csv_many) == (json_few, csv_few)
    data = json.loads(body)
    assert len(data["activities.Attendance"]) == 20
    sessions = {row["activity"] for row in data["activities.Attendance"]}
    assert sessions == {f"Session number {i}" for i in range(20)}
    # Staff who recorded the attendance are named as the team, never by name.
    assert {row["recorded_by"] for row in data["activities.Attendance"]} == {
        "A member of the involvement team"
    }
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert sum(1 for row in rows if row[3].startswith("Session number ")) >= 20 * 3
