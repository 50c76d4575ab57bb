"""Impact's rows in a person's story (surveys sent and answered, impact records and case studies
they contributed to), and "What your involvement changed" on their own story page: the projects
they took part in, at their stage, and the published impact records and "You said, we did" they
contributed to. Registered from ImpactConfig.ready(); see community/story.py."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from activities.models import (
    Attendance,
    AttendanceStatus,
    Project,
    ProjectStage,
    SignUp,
    SignUpStatus,
)
from community.story import (
    StoryRow,
    story_limited,
    story_section_register,
    story_source_register,
)

from .models import (
    CaseStudy,
    ExperienceResponse,
    ImpactRecord,
    ImpactStatus,
    SurveyInvitation,
    SurveyKind,
    WellbeingResponse,
)

_SURVEY_WORDS = {
    SurveyKind.EXPERIENCE: "the survey about how taking part went",
    SurveyKind.WELLBEING_BEFORE: "the wellbeing survey, before taking part",
    SurveyKind.WELLBEING_FOLLOWUP: "the wellbeing follow-up survey",
}
STAGES = list(ProjectStage)


def survey_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Surveys sent to the person and whether they answered, and the answers linked to them
    (experience answers given with their name, wellbeing scores). Three queries."""
    rows = []
    invitations = (
        SurveyInvitation.objects.filter(cocreator=cocreator, invited_at__isnull=False)
        .select_related("activity")
        .only(
            "kind",
            "invited_at",
            "completed",
            "opted_out",
            "reminders_sent",
            "activity__title",
        )
        .order_by("-invited_at", "-pk")
    )
    for invitation in story_limited(invitations, limit):
        if invitation.completed:
            status = "Answered" if for_staff else "You answered it"
        elif invitation.opted_out:
            status = "Chose not to answer" if for_staff else "You chose not to answer"
        else:
            status = "Not answered yet"
        if for_staff and invitation.reminders_sent:
            status += f" ({invitation.reminders_sent} reminder{'s' if invitation.reminders_sent != 1 else ''} sent)"
        about = f" about {invitation.activity.title}" if invitation.activity_id else ""
        title = (
            f"Survey sent: {invitation.get_kind_display()}{about}"
            if for_staff
            else f"We asked you to fill in {_SURVEY_WORDS.get(invitation.kind, 'a survey')}{about}"
        )
        rows.append(
            StoryRow(
                when=invitation.invited_at,
                kind="Survey",
                title=title,
                detail=status,
                url=None if for_staff else reverse("impact:portal-surveys"),
            )
        )
    answers = (
        ExperienceResponse.objects.filter(cocreator=cocreator)
        .select_related("activity")
        .only("month", "activity__title", "assisted")
        .order_by("-month")
    )
    for answer in story_limited(answers, limit):
        about = f" about {answer.activity.title}" if answer.activity_id else ""
        rows.append(
            StoryRow(
                when=answer.month,
                kind="Survey",
                title=(
                    f"Answered the involvement experience survey{about}"
                    if for_staff
                    else f"You told us how taking part went{about}"
                ),
                detail="Entered by staff for them" if for_staff and answer.assisted else "",
            )
        )
    wellbeing = (
        WellbeingResponse.objects.filter(cocreator=cocreator)
        .only("kind", "answered_on", "metric_score", "assisted")
        .order_by("-answered_on", "-pk")
    )
    for answer in story_limited(wellbeing, limit):
        detail = f"Score {answer.metric_score} (out of 35)"
        if for_staff and answer.assisted:
            detail += ", entered by staff for them"
        rows.append(
            StoryRow(
                when=answer.answered_on,
                kind="Survey",
                title=(
                    f"Answered: {answer.get_kind_display()}"
                    if for_staff
                    else f"You answered {_SURVEY_WORDS.get(answer.kind, 'a wellbeing survey')}"
                ),
                detail=detail if for_staff else f"Your score: {answer.metric_score} out of 35",
            )
        )
    return rows


def impact_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Impact records the person contributed to (staff see drafts too; the person only published
    ones) and case studies of their story. Two queries."""
    rows = []
    records = ImpactRecord.objects.filter(contributors=cocreator).only(
        "title", "status", "published_at", "created_at", "you_said"
    )
    if not for_staff:
        records = records.filter(status=ImpactStatus.PUBLISHED)
    records = records.order_by("-published_at", "-created_at", "-pk")
    for record in story_limited(records, limit):
        published = record.status == ImpactStatus.PUBLISHED
        if for_staff:
            detail = f"Impact record, {record.get_status_display().lower()}"
            if published and record.you_said:
                detail += ", in \u201cYou said, we did\u201d"
            title = f"Contributed to: {record.title}"
            url = reverse("impact:record-detail", args=[record.pk])
        else:
            title = f"Your involvement helped: {record.title}"
            detail = "Published in \u201cYou said, we did\u201d" if record.you_said else "Published"
            url = reverse("impact:you-said-we-did")
        rows.append(
            StoryRow(
                when=record.published_at if published else record.created_at,
                kind="Impact",
                title=title,
                detail=detail,
                url=url,
            )
        )
    studies = CaseStudy.objects.filter(cocreator=cocreator).only(
        "title",
        "published",
        "created_at",
        "publish_consent_given_at",
        "publish_consent_withdrawn_at",
    )
    for study in story_limited(studies.order_by("-created_at", "-pk"), limit):
        if study.published:
            state = "Published"
        elif study.publish_consent_withdrawn_at:
            state = "Not published: consent withdrawn"
        elif study.publish_consent_given_at:
            state = "Not published yet, with consent to publish"
        else:
            state = "Not published: no consent to publish yet"
        rows.append(
            StoryRow(
                when=study.created_at,
                kind="Case study",
                title=f"Case study: {study.title}" if for_staff else f"Your story: {study.title}",
                detail=state,
                url=reverse("impact:casestudy-edit", args=[study.pk]) if for_staff else None,
            )
        )
    return rows


def my_changes(cocreator) -> dict:
    """What the person's involvement changed: the projects they took part in (came to or are
    booked on a session of), with each project's stage, and the published impact records and
    "You said, we did" they contributed to, with the date each was published. Two queries."""
    took_part = Attendance.objects.filter(
        cocreator=cocreator, status=AttendanceStatus.ATTENDED, activity__project=OuterRef("pk")
    )
    booked = SignUp.objects.filter(
        cocreator=cocreator, status=SignUpStatus.BOOKED, activity__project=OuterRef("pk")
    )
    projects = list(
        Project.objects.filter(Q(Exists(took_part)) | Q(Exists(booked)))
        .only("title", "summary", "stage", "status")
        .order_by("title", "pk")
    )
    for project in projects:
        project.stage_number = STAGES.index(project.stage) + 1 if project.stage in STAGES else None
    records = list(
        ImpactRecord.objects.published()
        .filter(contributors=cocreator)
        .only("title", "what_changed", "you_said", "we_did", "published_at")
        .order_by("-published_at", "-pk")
    )
    return {"projects": projects, "records": records, "stage_count": len(STAGES)}


def story_sources_register() -> None:
    """Impact's sources for a person's story and the "what changed" section of their own page
    (called from ImpactConfig.ready())."""
    story_source_register(
        key="impact-surveys",
        models=["impact.SurveyInvitation", "impact.ExperienceResponse", "impact.WellbeingResponse"],
        rows_for=survey_rows,
    )
    story_source_register(
        key="impact-contributions",
        models=["impact.ImpactRecord", "impact.CaseStudy"],
        rows_for=impact_rows,
    )
    story_section_register(
        key="impact-changes",
        template="impact/story_changes_section.html",
        context=my_changes,
        order=10,
    )
