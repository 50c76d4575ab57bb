"""Rows for the training tests (to fold into tests/capacity/factories.py once the packages meet)."""

import datetime

import factory
from django.utils import timezone

from capacity.models import (
    Completion,
    CompletionSource,
    Course,
    CourseDelivery,
    CourseRun,
    CourseSession,
)
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Safeguarding {n}")
    summary = "What to do if you are worried about someone."
    outcomes = "Know who to tell"
    delivery = CourseDelivery.ONLINE


class CourseRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseRun

    course = factory.SubFactory(CourseFactory)
    name = "Spring"


class CourseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    run = factory.SubFactory(CourseRunFactory)
    activity = factory.SubFactory(ActivityFactory)
    required = True


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    course = factory.SubFactory(CourseFactory)
    cocreator = factory.SubFactory(CoCreatorFactory)
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    source = CompletionSource.RECORDED
