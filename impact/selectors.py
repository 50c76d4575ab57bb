"""Impact app selectors: each area keeps its own block below."""

import operator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import reduce

from django.db.models import Count, Q, Sum

from cocreation.lib.disclosure import exact_share
from cocreation.lib.periods import Period, make_period
from community.models import CoCreatorStatus, Relationship

from . import swemwbs
from .forms.surveys import EXPERIENCE_QUESTIONS, STAFF_QUESTION
from .models import (
    Agreement,
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

    Two queries, whatever the number of themes, tags or counts.
    """
    return triangulation_for_periods([period])[0]


def triangulation_for_periods(periods: list[Period]) -> list[list[ThemeReading]]:
    """`triangulation_for` each of the periods, in the same two queries whatever their number."""

    def within(period: Period, prefix: str = "") -> Q:
        return Q(**{f"{prefix}month__gte": period.start, f"{prefix}month__lt": period.end})

    themes = list(
        Theme.objects.annotate(
            **{
                f"insight{i}": Count("insight_tags", filter=within(period, "insight_tags__"))
                for i, period in enumerate(periods)
            }
        ).order_by("name")
    )
    sums: list[dict[int, dict[str, int]]] = [{} for _ in periods]
    rows = (
        SourceThemeCount.objects.filter(reduce(operator.or_, (within(p) for p in periods)))
        .values("theme_id", "source")
        .annotate(
            **{f"total{i}": Sum("count", filter=within(period)) for i, period in enumerate(periods)}
        )
        .order_by()
    )
    for row in rows:
        for i, by_theme in enumerate(sums):
            if row[f"total{i}"] is not None:
                by_theme.setdefault(row["theme_id"], {})[row["source"]] = row[f"total{i}"]
    return [
        triangulate(
            [
                ThemeCounts(
                    name=theme.name,
                    insight=getattr(theme, f"insight{i}"),
                    sources={
                        s: by_theme.get(theme.pk, {}).get(s, 0) for s in FeedbackSource.values
                    },
                )
                for theme in themes
            ]
        )
        for i, by_theme in enumerate(sums)
    ]


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
        ImpactRecord.objects.select_related("service_area", "project", "created_by", "checked_by")
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


def survey_portal_section(cocreator) -> dict:
    """The portal home's surveys section: how many surveys wait for the person's answers."""
    return {"waiting": surveys_open_for(cocreator).count()}


def is_staff_respondent(cocreator) -> bool:
    """Whether the person is (also) a member of staff, who get one extra experience question."""
    return cocreator.relationships.filter(kind=Relationship.STAFF).exists()


SURVEY_SORTS = {
    "valued": "Most valued first",
    "answers": "Most answers first",
    "rate": "Highest response rate first",
    "date": "Newest session first",
    "name": "By name, A to Z",
}

# Short names for table headings, in the survey's order. Only staff who took part are asked the
# last question, and only their answers to it count, as in the steering-group report.
_SHORT_NAMES = {
    "confidence": "Confidence",
    "connection": "Connection",
    "purpose": "Sense of purpose",
    "input_led_to_change": "Input led to change",
    "understanding_needs": "Staff understanding of needs",
}
SURVEY_QUESTIONS = [
    (name, _SHORT_NAMES[name], statement)
    for name, statement in [*EXPERIENCE_QUESTIONS, STAFF_QUESTION]
]
QUESTION_NAMES = [name for name, _, _ in SURVEY_QUESTIONS]
_ANY_CCP = "confidence_connection_or_purpose"  # the report's outcome 1 measure


@dataclass(frozen=True)
class Share:
    """An exact figure for staff: numerator of denominator, and the percentage to one decimal."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> str:
        return exact_share(self.numerator, self.denominator)

    @property
    def ratio(self) -> Fraction:
        """For sorting: the exact share, or -1 with nothing to divide by (sorts last)."""
        return Fraction(self.numerator, self.denominator) if self.denominator else Fraction(-1)


@dataclass
class SurveyRow:
    """Experience answers and invitations for an activity, a project or the whole period."""

    name: str
    activity_id: int | None = None
    project_id: int | None = None
    project: str = ""
    starts_at: datetime | None = None
    invited: int = 0
    answered: int = 0
    asked: dict[str, int] = field(default_factory=dict)  # per question, how many answered it
    agreed: dict[str, int] = field(default_factory=dict)  # and how many agreed

    def add(self, other: "SurveyRow") -> None:
        self.invited += other.invited
        self.answered += other.answered
        for counts, more in ((self.asked, other.asked), (self.agreed, other.agreed)):
            for name, n in more.items():
                counts[name] = counts.get(name, 0) + n
        if other.starts_at and (self.starts_at is None or other.starts_at > self.starts_at):
            self.starts_at = other.starts_at

    def share(self, name: str) -> Share:
        return Share(self.agreed.get(name, 0), self.asked.get(name, 0))

    @property
    def questions(self) -> list[Share]:
        return [self.share(name) for name in QUESTION_NAMES]

    @property
    def all_questions(self) -> Share:
        """Agreed answers over all answers to every question: how much people valued it."""
        return Share(
            sum(self.agreed.get(name, 0) for name in QUESTION_NAMES),
            sum(self.asked.get(name, 0) for name in QUESTION_NAMES),
        )

    @property
    def response_rate(self) -> Share:
        return Share(self.answered, self.invited)

    @property
    def figures(self) -> list[Share]:
        """Each question's share agreeing, then all questions together: the table's columns."""
        return [*self.questions, self.all_questions]


_SORT_KEYS = {
    "valued": lambda r: (-r.all_questions.ratio, -r.answered, r.name.lower()),
    "answers": lambda r: (-r.answered, -r.all_questions.ratio, r.name.lower()),
    "rate": lambda r: (-r.response_rate.ratio, -r.answered, r.name.lower()),
    "date": lambda r: (r.starts_at is None, -(r.starts_at.timestamp() if r.starts_at else 0)),
    "name": lambda r: (r.name.lower(),),
}


@dataclass(frozen=True)
class QuestionResult:
    statement: str
    share: Share
    note: str = ""


@dataclass(frozen=True)
class SurveyResults:
    """Everything the staff survey results page and its CSV show for one period, exact."""

    period: Period
    sort: str
    total: SurveyRow  # every experience answer given and invitation sent in the period
    anonymous: int  # answers counted in the total that cannot be placed in an activity
    unplaced: int  # named answers whose activity has since been deleted
    activities: list[SurveyRow]
    projects: list[SurveyRow]
    questions: list[QuestionResult]
    wellbeing: swemwbs.WellbeingChange
    threshold: Decimal
    response_rates: list[tuple[str, Share]]

    @property
    def sort_label(self) -> str:
        return SURVEY_SORTS[self.sort]

    @property
    def wellbeing_rows(self) -> list[tuple[str, Share]]:
        change, pairs = self.wellbeing, self.wellbeing.pairs
        return [
            (swemwbs.ChangeClass.IMPROVED.label, Share(change.improved, pairs)),
            (swemwbs.ChangeClass.NO_CHANGE.label, Share(change.no_change, pairs)),
            (swemwbs.ChangeClass.WORSE.label, Share(change.worse, pairs)),
        ]


def _experience_counts():
    counts = {"answered": Count("pk")}
    for name in QUESTION_NAMES:
        only = Q(staff_respondent=True) if name == "understanding_needs" else Q()
        counts[f"asked_{name}"] = Count("pk", filter=only & Q(**{f"{name}__isnull": False}))
        counts[f"agreed_{name}"] = Count("pk", filter=only & Q(**{f"{name}__gte": Agreement.AGREE}))
    ccp = ("confidence", "connection", "purpose")
    counts[f"asked_{_ANY_CCP}"] = Count(
        "pk", filter=reduce(operator.or_, (Q(**{f"{n}__isnull": False}) for n in ccp))
    )
    counts[f"agreed_{_ANY_CCP}"] = Count(
        "pk", filter=reduce(operator.or_, (Q(**{f"{n}__gte": Agreement.AGREE}) for n in ccp))
    )
    return counts


_ACTIVITY_FIELDS = (
    "activity_id",
    "activity__title",
    "activity__starts_at",
    "activity__project_id",
    "activity__project__title",
)


def _activity_row(rows: dict[int, SurveyRow], values: dict) -> SurveyRow:
    pk = values["activity_id"]
    if pk not in rows:
        rows[pk] = SurveyRow(
            name=values["activity__title"],
            activity_id=pk,
            project_id=values["activity__project_id"],
            project=values["activity__project__title"] or "",
            starts_at=values["activity__starts_at"],
        )
    return rows[pk]


def survey_results_for(period: Period, *, sort: str = "valued") -> SurveyResults:
    """Experience and wellbeing survey results for a period, exact, by activity and by project.

    Answers count in the period they were given (experience answers by month) and invitations
    in the period they were sent. Four queries whatever the number of rows.
    """
    in_months = {"month__gte": period.start, "month__lt": period.end}
    sent_from, sent_to = period.bounds()
    total = SurveyRow(name="All answers")
    activities: dict[int, SurveyRow] = {}
    anonymous = unplaced = 0

    answers = (
        ExperienceResponse.objects.filter(**in_months)
        .values("anonymous", *_ACTIVITY_FIELDS)
        .annotate(**_experience_counts())
        .order_by()
    )
    for values in answers:
        counts = SurveyRow(name="", answered=values["answered"])
        for name in [*QUESTION_NAMES, _ANY_CCP]:
            counts.asked[name] = values[f"asked_{name}"]
            counts.agreed[name] = values[f"agreed_{name}"]
        total.add(counts)
        if values["anonymous"]:
            anonymous += counts.answered
        elif values["activity_id"] is None:
            unplaced += counts.answered
        else:
            _activity_row(activities, values).add(counts)

    invited: dict[str, int] = {}
    invitations = (
        SurveyInvitation.objects.filter(invited_at__gte=sent_from, invited_at__lt=sent_to)
        .values("kind", *_ACTIVITY_FIELDS)
        .annotate(invited=Count("pk"))
        .order_by()
    )
    for values in invitations:
        invited[values["kind"]] = invited.get(values["kind"], 0) + values["invited"]
        if values["kind"] == SurveyKind.EXPERIENCE:
            total.invited += values["invited"]
            if values["activity_id"] is not None:
                _activity_row(activities, values).invited += values["invited"]

    wellbeing_answers = dict(
        WellbeingResponse.objects.filter(answered_on__gte=period.start, answered_on__lt=period.end)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    threshold = swemwbs.default_threshold()

    projects: dict[int | None, SurveyRow] = {}
    for row in activities.values():
        if row.project_id not in projects:
            projects[row.project_id] = SurveyRow(
                name=row.project or "Activities not in a project", project_id=row.project_id
            )
        projects[row.project_id].add(row)
    sort = sort if sort in SURVEY_SORTS else "valued"
    key = _SORT_KEYS[sort]
    questions = [
        QuestionResult(
            statement,
            total.share(name),
            "Staff who took part only" if name == "understanding_needs" else "",
        )
        for name, _, statement in SURVEY_QUESTIONS
    ]
    # After confidence, connection and purpose: the share agreeing with any of them.
    questions.insert(
        3,
        QuestionResult(
            "At least one of the three above",
            total.share(_ANY_CCP),
        ),
    )
    answered = {**wellbeing_answers, SurveyKind.EXPERIENCE: total.answered}
    return SurveyResults(
        period=period,
        sort=sort,
        total=total,
        anonymous=anonymous,
        unplaced=unplaced,
        activities=sorted(activities.values(), key=lambda r: (*key(r), r.activity_id)),
        # Activities not in a project go last, whatever the order.
        projects=sorted(
            projects.values(), key=lambda r: (r.project_id is None, *key(r), r.project_id or 0)
        ),
        questions=questions,
        wellbeing=swemwbs.wellbeing_change(period.start, period.end, threshold),
        threshold=threshold,
        response_rates=[
            (label, Share(answered.get(kind, 0), invited.get(kind, 0)))
            for kind, label in SurveyKind.choices
        ],
    )


def survey_invitations_open():
    """Invitations still waiting for answers, for staff to enter them with the person (assisted)."""
    return (
        SurveyInvitation.objects.filter(completed=False, opted_out=False)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .select_related("cocreator", "activity")
        .order_by("due_on", "pk")
    )
