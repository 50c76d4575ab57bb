"""A person with one row of every kind their story shows, for the story's tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from activities.models import AttendanceStatus, ProjectStage, SignUpStatus
from community.contact_log import contact_log_entry_add
from community.models import (
    Champion,
    ContactMethod,
    HandContactMethod,
    Message,
    MessageChannel,
    MessageStatus,
    ToContact,
)
from impact.models import (
    CaseStudy,
    ExperienceResponse,
    SurveyKind,
    WellbeingResponse,
)
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    ProjectFactory,
    SignUpFactory,
)
from tests.impact.factories import ImpactRecordFactory, SurveyInvitationFactory

# Words each kind of row puts on the staff record, and whether the person sees them too.
STAFF_WORDS = [
    "Booked a place: Garden planning",
    "Booked by Sam Staff: Rang the office on Monday",
    "Attended: Menu tasting",
    "3 hours, as co-facilitator",
    "Survey sent: Involvement experience survey",
    "Answered the involvement experience survey",
    "Answered: Wellbeing before involvement (SWEMWBS)",
    "Email: Your place is booked",
    "Not sent: No email address",
    "Phone call to make",
    "Letter sent",
    "Became a Community Co-creation Champion",
    "Contributed to: Quieter wards at night",
    "Contributed to: A draft change",
    "Case study: Finding my voice",
    "Phone call",
    "Talked about the menu group; keen to help",
]
PORTAL_WORDS = [
    "You booked a place: Garden planning",
    "You took part: Menu tasting",
    "We asked you to fill in the survey about how taking part went",
    "You told us how taking part went",
    "You answered the wellbeing survey, before taking part",
    "We emailed you: Your place is booked",
    "We wrote to you",
    "You became a Community Co-creation Champion",
    "Your involvement helped: Quieter wards at night",
    "Your story: Finding my voice",
]
# Never in the person's own portal.
STAFF_ONLY_WORDS = [
    "Rang the office on Monday",
    "Talked about the menu group",
    "No email address",
    "Phone call to make",
    "A draft change",
    "Sam Staff",
]


def person_with_everything(cocreator, *, staff_member):
    """Give `cocreator` (a record) one row of each kind, with the words above."""
    now = timezone.now()
    project = ProjectFactory(title="Better hospital food", stage=ProjectStage.DESIGN)
    garden = ActivityFactory(title="Garden planning", project=project)
    SignUpFactory(
        activity=garden,
        cocreator=cocreator,
        status=SignUpStatus.BOOKED,
        booked_by=staff_member,
        booking_note="Rang the office on Monday",
    )
    tasting = ActivityFactory(
        title="Menu tasting",
        starts_at=now - datetime.timedelta(days=20),
        ends_at=now - datetime.timedelta(days=20) + datetime.timedelta(hours=3),
    )
    AttendanceFactory(
        activity=tasting,
        cocreator=cocreator,
        status=AttendanceStatus.ATTENDED,
        hours=Decimal("3"),
        role="co_facilitator",
    )
    SurveyInvitationFactory(
        cocreator=cocreator,
        activity=None,
        kind=SurveyKind.EXPERIENCE,
        invited_at=now - datetime.timedelta(days=10),
        completed=True,
    )
    ExperienceResponse.objects.create(
        cocreator=cocreator, month=timezone.localdate().replace(day=1), confidence=4
    )
    WellbeingResponse.objects.create(
        cocreator=cocreator,
        kind=SurveyKind.WELLBEING_BEFORE,
        answers=[3] * 7,
        raw_total=21,
        metric_score=Decimal("19.25"),
        answered_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    Message.objects.create(
        key=f"story-test:sent:{cocreator.pk}",
        cocreator=cocreator,
        kind="booking-confirmed",
        channel=MessageChannel.EMAIL,
        subject="Your place is booked",
        status=MessageStatus.SENT,
        sent_at=now - datetime.timedelta(days=2),
        recipient="someone@example.org",
    )
    Message.objects.create(
        key=f"story-test:skipped:{cocreator.pk}",
        cocreator=cocreator,
        kind="reminder",
        subject="A reminder",
        status=MessageStatus.SKIPPED,
        reason="No email address",
    )
    ToContact.objects.create(
        key=f"story-test:call:{cocreator.pk}",
        cocreator=cocreator,
        kind="reminder",
        method=HandContactMethod.PHONE,
        due_on=timezone.localdate(),
        what_to_say="Remind them of Tuesday's session",
    )
    ToContact.objects.create(
        key=f"story-test:letter:{cocreator.pk}",
        cocreator=cocreator,
        kind="booking-confirmed",
        method=HandContactMethod.POST,
        due_on=timezone.localdate() - datetime.timedelta(days=5),
        what_to_say="Your place at Garden planning is booked",
        done_at=now - datetime.timedelta(days=4),
        done_by=staff_member,
    )
    Champion.objects.create(
        cocreator=cocreator,
        communities="Young carers in Thanet",
        since=timezone.localdate() - datetime.timedelta(days=100),
    )
    published = ImpactRecordFactory(title="Quieter wards at night", published=True)
    published.contributors.add(cocreator)
    draft = ImpactRecordFactory(title="A draft change")
    draft.contributors.add(cocreator)
    study = CaseStudy.objects.create(
        title="Finding my voice",
        story="How taking part helped.",
        cocreator=cocreator,
        publish_consent_given_at=now,
        published=True,
    )
    study.impact_records.add(published)
    contact_log_entry_add(
        actor=staff_member,
        cocreator=cocreator,
        contacted_on=timezone.localdate(),
        method=ContactMethod.PHONE,
        summary="Talked about the menu group; keen to help",
        follow_up_on=timezone.localdate(),
    )
    return {"project": project, "published": published, "draft": draft}
