from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from community.services import cocreator_register
from impact.models import SurveyInvitation, SurveyKind
from tests.activities.conftest import make_activity


@pytest.fixture
def make_person(db):
    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        defaults = {
            "full_name": f"Survey Person {n}",
            "email": f"survey{n}@example.org",
            "prefers_email": True,
        }
        return cocreator_register(actor=None, **{**defaults, **fields})

    return make


@pytest.fixture
def ended_activity(db):
    def make(days_ago=3, **extra):
        starts = timezone.now() - timedelta(days=days_ago, hours=3)
        return make_activity(starts=starts, **extra)

    return make


def attended(activity, person):
    return Attendance.objects.create(
        activity=activity, cocreator=person, status=AttendanceStatus.ATTENDED, hours=2
    )


@pytest.fixture
def make_invitation(db):
    def make(person, kind=SurveyKind.EXPERIENCE, activity=None, key=None, **extra):
        return SurveyInvitation.objects.create(
            key=key or f"{kind}:{activity.pk if activity else 0}:{person.pk}",
            cocreator=person,
            kind=kind,
            activity=activity,
            due_on=extra.pop("due_on", timezone.localdate()),
            **extra,
        )

    return make
