"""Factories for the activities app: projects, activities, sign-ups and attendance."""

from datetime import timedelta

import factory
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
    Project,
    SignUp,
    SignUpStatus,
)
from activities.services import activity_save
from tests.community.factories import CoCreatorFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Project {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    """An open, in-person session at a trust site a week from now; `hours` long (default 2).

    Saved through `activity_save`, which works out whether it is in the evening or at a weekend.
    """

    class Meta:
        model = Activity

    class Params:
        hours = 2

    title = "Ward garden design session"
    summary = "We will plan the garden together."
    level = EngagementLevel.INVOLVE
    format = ActivityFormat.IN_PERSON
    setting = ActivitySetting.TRUST_SITE
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=o.hours))
    capacity = None
    status = ActivityStatus.OPEN

    @classmethod
    def _create(cls, model_class, *args, partners=None, **kwargs):
        return activity_save(activity=model_class(*args, **kwargs), partners=partners)


class SignUpFactory(factory.django.DjangoModelFactory):
    """A booking written straight to the table (for sessions `signup_create` would refuse)."""

    class Meta:
        model = SignUp

    activity = factory.SubFactory(ActivityFactory)
    cocreator = factory.SubFactory(CoCreatorFactory)
    status = SignUpStatus.BOOKED


class AttendanceFactory(factory.django.DjangoModelFactory):
    """Someone who came to a session, for two hours."""

    class Meta:
        model = Attendance

    activity = factory.SubFactory(ActivityFactory)
    cocreator = factory.SubFactory(CoCreatorFactory)
    status = AttendanceStatus.ATTENDED
    hours = 2
