"""Impact app selectors: each area keeps its own block below."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from cocreation.lib.periods import Period, make_period
from community.models import CoCreatorStatus, Relationship

from . import swemwbs
from .forms.surveys import EXPERIENCE_QUESTIONS, STAFF_QUESTION
from .models import (
    CaseStudy,
    ExperienceResponse,
    FeedbackSource,
    ImpactRecord,
    InsightTag,
    JournalEntry,
    JournalSharing,
    SourceThemeCount,
    SurveyInvitation,
    SurveyKind,
    Theme,
    WellbeingResponse,
)
from .triangulation import ThemeCounts, ThemeReading, triangulate

# --- journal and case studies ---


def journal_entries_for_author(user):
    """A person's own journal entries, newest first."""
    return JournalEntry.objects.filter(author=user).order_by("-created_at", "-pk")


def journal_entries_shared():
    """Journal entries their authors shared with the involvement team, newest first."""
    return (
        JournalEntry.objects.filter(sharing=JournalSharing.SHARED)
        .select_related("author", "author__cocreator")
        .order_by("-created_at", "-pk")
    )


def case_study_list():
    """Every case study with its co-creator, newest first."""
    return CaseStudy.objects.select_related("cocreator").order_by("-created_at", "-pk")


def published_case_studies_count(start, end) -> int:
    """How many case studies written between two dates (inclusive) are published now.

    A case study keeps no publication date, so the period is the date it was written.
    """
    return CaseStudy.objects.filter(
        published=True, created_at__date__gte=start, created_at__date__lte=end
    ).count()


# --- Themes, insight tags and triangulation --------------------------------------------------


def themes_with_tag_counts():
    """Every theme with `tag_count`, its number of insight tags; one query."""
    return Theme.objects.annotate(tag_count=Count("insight_tags", distinct=True)).order_by("name")


def insight_tags_for_item(*, source: str, source_id: str) -> set[int]:
    """The ids of the themes an item of insight is tagged with."""
    return set(
        InsightTag.objects.filter(source=source, source_id=source_id).values_list(
            "theme_id", flat=True
        )
    )


def triangulation_for(period: Period) -> list[ThemeReading]:
    """Each theme's insight tags and source counts in the period, read by the triangulation rule.

    Three queries, whatever the number of themes, tags or counts.
    """
    in_period = {"month__gte": period.start, "month__lt": period.end}
    themes = list(
        Theme.objects.annotate(
            insight=Count(
                "insight_tags",
                filter=Q(insight_tags__month__gte=period.start, insight_tags__month__lt=period.end),
            )
        ).order_by("name")
    )
    sums: dict[int, dict[str, int]] = {}
    for row in (
        SourceThemeCount.objects.filter(**in_period)
        .values("theme_id", "source")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        sums.setdefault(row["theme_id"], {})[row["source"]] = row["total"]
    counts = [
        ThemeCounts(
            name=theme.name,
            insight=theme.insight,
            sources={s: sums.get(theme.pk, {}).get(s, 0) for s in FeedbackSource.values},
        )
        for theme in themes
    ]
    return triangulate(counts)


# --- Impact records and "You said, we did" ---


def impact_record_list(*, status="", kind="", service_area=None):
    """Impact records for the staff list, with evidence loaded for "measurable change"."""
    rows = ImpactRecord.objects.select_related("service_area", "project").prefetch_related(
        "evidence"
    )
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if service_area is not None:
        rows = rows.filter(service_area=service_area)
    return rows.order_by("-created_at", "-pk")


def impact_record_detail(pk):
    return (
        ImpactRecord.objects.select_related("service_area", "project", "created_by")
        .prefetch_related("evidence", "documents", "activities", "contributors")
        .get(pk=pk)
    )


def you_said_we_did(*, service_area=None, financial_year: int | None = None):
    """Published records, newest first, with only what the public may see (no names)."""
    rows = (
        ImpactRecord.objects.published()
        .select_related("service_area")
        .only(
            "pk",
            "title",
            "you_said",
            "we_did",
            "we_could_not",
            "published_at",
            "status",
            "service_area__name",
        )
    )
    if service_area is not None:
        rows = rows.filter(service_area=service_area)
    if financial_year is not None:
        start, end = make_period("year", financial_year).bounds()
        rows = rows.filter(published_at__gte=start, published_at__lt=end)
    return rows.order_by("-published_at", "-pk")


# --- surveys ---


def survey_invitation_by_token(token: str):
    """The invitation a survey link names, or None."""
    invitations = SurveyInvitation.objects.select_related("activity", "cocreator")
    return invitations.filter(token=token).first()


def surveys_open_for(cocreator):
    """A person's invitations still waiting for answers, oldest first."""
    return (
        SurveyInvitation.objects.filter(cocreator=cocreator, completed=False, opted_out=False)
        .select_related("activity")
        .order_by("due_on", "pk")
    )


def surveys_open_count(cocreator) -> int:
    return surveys_open_for(cocreator).count()


def is_staff_respondent(cocreator) -> bool:
    """Whether the person is (also) a member of staff, who get one extra experience question."""
    return cocreator.relationships.filter(kind=Relationship.STAFF).exists()


def survey_results() -> dict:
    """Counts of invitations, % agreeing with each experience question, and wellbeing change.

    Four queries whatever the number of rows.
    """
    invitations = SurveyInvitation.objects.aggregate(
        sent=Count("pk", filter=Q(invited_at__isnull=False)),
        completed=Count("pk", filter=Q(completed=True)),
        declined=Count("pk", filter=Q(opted_out=True)),
        total=Count("pk"),
    )

    questions = [*EXPERIENCE_QUESTIONS, STAFF_QUESTION]
    aggregates = {}
    for name, _ in questions:
        aggregates[f"{name}_agree"] = Count("pk", filter=Q(**{f"{name}__gte": 4}))
        aggregates[f"{name}_answered"] = Count(name)
    aggregates["responses"] = Count("pk")
    aggregates["anonymous"] = Count("pk", filter=Q(anonymous=True))
    counts = ExperienceResponse.objects.aggregate(**aggregates)
    experience = []
    for name, label in questions:
        agree, answered = counts[f"{name}_agree"], counts[f"{name}_answered"]
        experience.append(
            {
                "label": label,
                "agree": agree,
                "answered": answered,
                "percent": round(100 * agree / answered) if answered else None,
            }
        )

    # Each person's first "before" score and latest follow-up score.
    before: dict[int, Decimal] = {}
    after: dict[int, Decimal] = {}
    rows = WellbeingResponse.objects.order_by("answered_on", "pk").values_list(
        "cocreator_id", "kind", "metric_score"
    )
    for person_id, kind, score in rows:
        if kind == SurveyKind.WELLBEING_BEFORE:
            before.setdefault(person_id, score)
        else:
            after[person_id] = score
    threshold = swemwbs.default_threshold()
    change = {choice: 0 for choice in swemwbs.ChangeClass}
    for person_id in before.keys() & after.keys():
        change[
            swemwbs.classify_change(before[person_id], after[person_id], threshold=threshold)
        ] += 1
    return {
        "invitations": invitations,
        "experience": experience,
        "experience_responses": counts["responses"],
        "experience_anonymous": counts["anonymous"],
        "wellbeing_pairs": sum(change.values()),
        "wellbeing_before_only": len(before.keys() - after.keys()),
        "wellbeing_change": [
            {"label": choice.label, "count": change[choice]} for choice in swemwbs.ChangeClass
        ],
        "threshold": threshold,
    }


def survey_invitations_open():
    """Invitations still waiting for answers, for staff to enter them with the person (assisted)."""
    return (
        SurveyInvitation.objects.filter(completed=False, opted_out=False)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .select_related("cocreator", "activity")
        .order_by("due_on", "pk")
    )
