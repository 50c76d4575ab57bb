"""The demo's consultations: one open for co-creators at Involve with every kind of taking part
(the demo co-creator has not taken part, so a reviewer can), one closed and public at Engage with
a published "We asked, you said, we did"; each person's taking part counted once; loading again
adds nothing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Attendance, AttendanceStatus
from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator
from consultations.demo import CLOSED_TITLE, OPEN_TITLE, demo_build
from consultations.models import (
    Audience,
    Consultation,
    ConsultationLevel,
    Contribution,
    ContributionKind,
    ContributionReport,
    Moderation,
    QuestionKind,
    Response,
    ResponseChannel,
    Support,
)
from impact.models import ImpactStatus
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _taking_part(consultation):
    return Attendance.objects.filter(
        activity=consultation.activity, status=AttendanceStatus.ATTENDED
    )


def test_the_demo_has_an_open_and_a_closed_consultation_with_a_published_outcome(seeded):
    assert "Demo consultations: 2 consultations (2 added)" in seeded
    live = Consultation.objects.get(title=OPEN_TITLE)
    assert live.is_live()
    assert live.level == ConsultationLevel.INVOLVE and live.audience == Audience.COCREATORS
    assert live.ideas_on and live.discussion_on
    assert set(live.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    responses = Response.objects.filter(consultation=live)
    assert responses.count() == 10
    assert responses.filter(channel=ResponseChannel.ASSISTED, entered_by__isnull=False).count() == 1
    ideas = Contribution.objects.filter(consultation=live, kind=ContributionKind.IDEA)
    assert ideas.filter(moderation=Moderation.SHOWN).count() == 5
    assert Support.objects.filter(idea__consultation=live).count() >= 10
    posts = Contribution.objects.filter(consultation=live, kind=ContributionKind.POST)
    assert posts.filter(as_team=True, reply_to__isnull=False).count() == 1
    assert posts.filter(moderation=Moderation.WAITING).count() == 1
    assert ContributionReport.objects.filter(
        contribution__consultation=live, resolved_at__isnull=True
    ).exists()
    # Everyone who answered, wrote or supported is counted once, and no one else.
    people = (
        set(responses.values_list("cocreator_id", flat=True))
        | set(Contribution.objects.filter(consultation=live).values_list("author_id", flat=True))
        | set(
            Support.objects.filter(idea__consultation=live).values_list("cocreator_id", flat=True)
        )
    ) - {None}
    assert set(_taking_part(live).values_list("cocreator_id", flat=True)) == people

    # The demo co-creator can still try everything.
    demo = CoCreator.objects.get(user__email=DEMO_COCREATOR_EMAIL)
    assert not Response.objects.filter(cocreator=demo).exists()
    assert not Contribution.objects.filter(author=demo).exists()
    assert not _taking_part(live).filter(cocreator=demo).exists()
    page = client_for(demo.user).get(reverse("consultations:detail", args=[live.pk]))
    assert page.status_code == 200
    assert reverse("consultations:answer", args=[live.pk]) in page.content.decode()

    closed = Consultation.objects.get(title=CLOSED_TITLE)
    assert closed.has_ended() and not closed.is_live()
    assert closed.level == ConsultationLevel.ENGAGE and closed.audience == Audience.PUBLIC
    closed_responses = Response.objects.filter(consultation=closed)
    assert closed_responses.exclude(cocreator=None).count() == 15
    assert closed_responses.filter(channel=ResponseChannel.PUBLIC, cocreator=None).count() == 4
    assert _taking_part(closed).count() == 15
    outcome = closed.outcome
    assert outcome.is_published and outcome.checked_by is not None
    assert outcome.impact_record.status == ImpactStatus.PUBLISHED
    assert outcome.impact_record.contributors.count() == 15
    public = Client().get(reverse("consultations:detail", args=[closed.pk]))
    assert public.status_code == 200
    assert "Most of you wanted a text message" in public.content.decode()


def test_loading_the_demo_again_adds_nothing(seeded):
    counts = (Consultation.objects.count(), Response.objects.count(), Attendance.objects.count())
    with CaptureQueriesContext(connection) as again:
        summary = demo_build()
    assert summary.added == 0
    assert len(again.captured_queries) <= 6
    assert (
        Consultation.objects.count(),
        Response.objects.count(),
        Attendance.objects.count(),
    ) == counts
