"""Demo data for the training offer: six courses, a finished run with completions (some due a
refresher within 60 days, so the refreshers list and the dashboard show them), an upcoming run
people can book, and a little feedback. Idempotent and small: a few bulk inserts."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
)
from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator, CoCreatorStatus, PartnerKind, PartnerOrganisation

from ..models import (
    Completion,
    CompletionSource,
    Course,
    CourseDelivery,
    CourseFeedback,
    CourseRun,
    CourseSession,
)
from .services import expiry_for

SAFEGUARDING = "Safeguarding for co-creation"
COURSES = [
    (
        "Trauma-informed engagement",
        "How to take part, and help others take part, in ways that feel safe, with choice and "
        "control.",
        "Notice when a conversation may be hard for someone\nOffer choices and breaks\n"
        "Look after yourself afterwards",
        CourseDelivery.BLENDED,
        None,
    ),
    (
        "Inclusive communication",
        "Plain English, easy read and making space for every voice in a meeting.",
        "Write in plain English\nCheck a meeting works for everyone in it",
        CourseDelivery.ONLINE,
        None,
    ),
    (
        "Partnership working",
        "What co-creation partners can expect of each other, and how to share decisions.",
        "Explain the ladder of engagement\nAgree how decisions are made",
        CourseDelivery.IN_PERSON,
        None,
    ),
    (
        SAFEGUARDING,
        "What to do if you are worried about someone's safety, and who to tell.",
        "Recognise signs of harm\nKnow who to tell and how",
        CourseDelivery.ONLINE,
        36,
    ),
    (
        "Digital access",
        "Joining online meetings, using the portal and staying safe online.",
        "Join an online meeting\nUse the portal to book and give feedback",
        CourseDelivery.SELF_PACED,
        None,
    ),
    (
        "Facilitation skills",
        "Planning and leading a co-creation session with others.",
        "Plan a session\nKeep a group to time and make sure everyone is heard",
        CourseDelivery.IN_PERSON,
        24,
    ),
]
FIRST_RUN = "Last year"
NEXT_RUN = "Coming up"


def _session(title: str, starts_at: datetime.datetime, status: str) -> Activity:
    return Activity(
        title=title,
        summary="A session of the co-creation training offer.",
        level=EngagementLevel.INVOLVE,
        format=ActivityFormat.ONLINE,
        setting=ActivitySetting.ONLINE,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        status=status,
        is_public=True,
    )


def _weekday_morning(day: datetime.date) -> datetime.datetime:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10), timezone.get_current_timezone())


@transaction.atomic
def demo_build(*, now: datetime.datetime | None = None) -> int:
    """Create the demo training offer if it is missing. Returns how many courses were made."""
    if Course.objects.filter(title=SAFEGUARDING).exists():
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    university = PartnerOrganisation.objects.filter(kind=PartnerKind.UNIVERSITY).first()
    courses = Course.objects.bulk_create(
        [
            Course(
                title=title,
                summary=summary,
                outcomes=outcomes,
                delivery=delivery,
                expires_after_months=months,
                for_staff=title in (SAFEGUARDING, "Partnership working"),
                partner=university if title == SAFEGUARDING else None,
            )
            for title, summary, outcomes, delivery, months in COURSES
        ]
    )
    by_title = {c.title: c for c in courses}
    safeguarding = by_title[SAFEGUARDING]
    trauma = by_title["Trauma-informed engagement"]
    past_run, next_run = CourseRun.objects.bulk_create(
        [
            CourseRun(course=safeguarding, name=FIRST_RUN),
            CourseRun(course=trauma, name=NEXT_RUN),
        ]
    )
    activities = Activity.objects.bulk_create(
        [
            _session(
                "Safeguarding for co-creation",
                _weekday_morning(today - datetime.timedelta(days=330)),
                ActivityStatus.DONE,
            ),
            _session(
                "Trauma-informed engagement: part 1",
                _weekday_morning(today + datetime.timedelta(days=14)),
                ActivityStatus.OPEN,
            ),
            _session(
                "Trauma-informed engagement: part 2",
                _weekday_morning(today + datetime.timedelta(days=21)),
                ActivityStatus.OPEN,
            ),
        ]
    )
    CourseSession.objects.bulk_create(
        [
            CourseSession(run=past_run, activity=activities[0], required=True),
            CourseSession(run=next_run, activity=activities[1], required=True),
            CourseSession(run=next_run, activity=activities[2], required=True),
        ]
    )
    people = list(
        CoCreator.objects.filter(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        .exclude(email=DEMO_COCREATOR_EMAIL)
        .order_by("email")
        .values_list("pk", flat=True)[:6]
    )
    # The first three completed safeguarding before the product was used (recorded by hand,
    # nearly three years ago): their refreshers fall due within 60 days. The next three came to
    # last year's run: their completions come from its register.
    session_day = timezone.localtime(activities[0].starts_at).date()
    long_ago = (
        today
        - relativedelta(months=safeguarding.expires_after_months)
        + datetime.timedelta(days=20)
    )
    Attendance.objects.bulk_create(
        Attendance(
            activity=activities[0],
            cocreator_id=person,
            status=AttendanceStatus.ATTENDED,
            hours=activities[0].duration_hours,
        )
        for person in people[3:]
    )
    completions = [
        Completion(
            course=safeguarding,
            cocreator_id=person,
            completed_on=long_ago,
            expires_on=expiry_for(safeguarding, long_ago),
            source=CompletionSource.RECORDED,
        )
        for person in people[:3]
    ] + [
        Completion(
            course=safeguarding,
            cocreator_id=person,
            run=past_run,
            completed_on=session_day,
            expires_on=expiry_for(safeguarding, session_day),
            source=CompletionSource.ATTENDANCE,
        )
        for person in people[3:]
    ]
    Completion.objects.bulk_create(completions)
    if people:
        CourseFeedback.objects.bulk_create(
            [
                CourseFeedback(
                    run=past_run,
                    cocreator_id=people[0],
                    what_should_change="More time for questions, and the slides sent before.",
                ),
                CourseFeedback(
                    run=past_run,
                    what_should_change="Examples from community settings, not only wards.",
                ),
            ]
        )
    return len(courses)
