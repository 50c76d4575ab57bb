"""Reads for the panel's pages: a panel and what is missing before a decision, the table of scores,
a reviewer's seat and one criterion with the service's self-assessment and evidence, the public
list of accredited services, renewals due, the dashboard panel, the portal and record sections,
and the reports helper's counts. Each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from community.models import User

from ...models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    ApplicationStatus,
    PanelMember,
    PanelScore,
    SelfAssessment,
)
from ..applying.selectors import CONTACT_TO_TELL

SCORES = ((0, "Not met"), (1, "Partly met"), (2, "Met"), (3, "Exceeds"))
SCORE_LABELS = dict(SCORES)
# An application a panel works on; a decided one is read-only from then on.
OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
DECIDED = (ApplicationStatus.AWARDED, ApplicationStatus.ACTIONS_NEEDED)


def reminder_days() -> int:
    return settings.ACCREDITATION_RENEWAL_REMINDER_DAYS


def member_name(member: PanelMember) -> str:
    """How a reviewer is named to staff: their login's name, or its address."""
    return member.user.full_name or member.user.email


def criteria_of(application: AccreditationApplication) -> list[AccreditationCriterion]:
    """The criteria of the version the application is assessed against, in order. One query."""
    return list(
        AccreditationCriterion.objects.filter(standard__framework_id=application.framework_id)
        .select_related("standard")
        .order_by("standard__number", "number", "pk")
    )


# --- Awards in force, renewals ----------------------------------------------------------------


def current_awards():
    """Each service's latest award (an award replaced by a later one of the same service is not
    its current one)."""
    later = AccreditationApplication.objects.filter(
        service=OuterRef("service"), status=ApplicationStatus.AWARDED
    ).filter(
        Q(awarded_on__gt=OuterRef("awarded_on"))
        | Q(awarded_on=OuterRef("awarded_on"), pk__gt=OuterRef("pk"))
    )
    return AccreditationApplication.objects.filter(status=ApplicationStatus.AWARDED).exclude(
        Exists(later)
    )


def accredited_now(*, today: datetime.date | None = None):
    """Services accredited on `today`: their current award, made on or before it, with a renewal
    date after it (a renewal date that has passed means it lapsed)."""
    today = today or timezone.localdate()
    return current_awards().filter(awarded_on__lte=today, renew_by__gt=today)


def accredited_list(*, today: datetime.date | None = None) -> list[AccreditationApplication]:
    """The public list: services accredited now, A to Z, with their level, dates and criteria
    version. One query."""
    return list(
        accredited_now(today=today)
        .select_related("service", "framework")
        .order_by("service__name", "pk")
    )


def renewals_due(*, today: datetime.date | None = None):
    """Current awards whose renewal date is within `ACCREDITATION_RENEWAL_REMINDER_DAYS` or has
    passed, soonest first."""
    today = today or timezone.localdate()
    window = today + datetime.timedelta(days=reminder_days())
    return current_awards().filter(renew_by__lte=window).order_by("renew_by", "pk")


def renewal_started():
    """An application of the same service started after the award was decided: the renewal is
    under way."""
    return Exists(
        AccreditationApplication.objects.filter(
            service=OuterRef("service"), created_at__gt=OuterRef("decided_at")
        )
        .exclude(pk=OuterRef("pk"))
        .exclude(status=ApplicationStatus.WITHDRAWN)
    )


def renewals_to_remind(*, today: datetime.date | None = None):
    """The renewals due whose service has not started applying again (they are told)."""
    return (
        renewals_due(today=today)
        .exclude(renewal_started())
        .select_related("service")
        .prefetch_related(
            Prefetch(
                "service__contacts",
                queryset=User.objects.filter(CONTACT_TO_TELL).order_by("pk"),
                to_attr="contacts_to_tell",
            )
        )
    )


def renewal_rows(*, today: datetime.date | None = None) -> dict:
    """The staff list of renewals: due within the window, and overdue (lapsed), each with whether
    the service has started applying again. One query."""
    today = today or timezone.localdate()
    rows = list(
        renewals_due(today=today)
        .annotate(renewing=renewal_started())
        .select_related("service", "framework")
    )
    return {
        "overdue": [a for a in rows if a.renew_by <= today],
        "due": [a for a in rows if a.renew_by > today],
        "days": reminder_days(),
        "today": today,
    }


def renewal_counts(*, today: datetime.date | None = None) -> dict:
    """How many current awards are due for renewal within the window and how many have lapsed.
    One query."""
    today = today or timezone.localdate()
    return renewals_due(today=today).aggregate(
        due=Count("pk", filter=Q(renew_by__gt=today)),
        overdue=Count("pk", filter=Q(renew_by__lte=today)),
    )


def dashboard_panel(user) -> dict:
    """The staff dashboard's accreditation panel: applications waiting for a panel, with one, the
    signed-in member of staff's own reviews still to finish, and renewals due and overdue
    (counts, no names). Three queries."""
    waiting = AccreditationApplication.objects.aggregate(
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        in_review=Count("pk", filter=Q(status=ApplicationStatus.IN_REVIEW)),
    )
    mine = PanelMember.objects.filter(user=user, application__status__in=OPEN).count()
    return {**waiting, "mine": mine, **renewal_counts(), "days": reminder_days()}


# --- Panels -----------------------------------------------------------------------------------


@dataclass
class Seat:
    member: PanelMember
    name: str
    scored: set = field(default_factory=set)  # criterion ids
    missing: list = field(default_factory=list)  # criteria not scored yet

    @property
    def declared(self) -> bool:
        return self.member.conflict_declared_at is not None

    @property
    def counts(self) -> bool:
        """Whether their scores count: they declared no conflict."""
        return self.declared and not self.member.has_conflict


@dataclass
class ScoreCell:
    name: str  # the reviewer's
    score: PanelScore | None

    @property
    def label(self) -> str:
        return SCORE_LABELS[self.score.score] if self.score is not None else ""


@dataclass
class ScoreRow:
    criterion: AccreditationCriterion
    cells: list  # a ScoreCell for each reviewer whose scores count
    total: int = 0
    count: int = 0

    @property
    def comments(self) -> list:
        return [c for c in self.cells if c.score is not None and c.score.comment]

    @property
    def mean(self) -> str:
        return exact_mean(self.total, self.count)


def exact_mean(total: int, count: int) -> str:
    """A mean to two decimal places ("2.33"), or "" with nothing to average."""
    if not count:
        return ""
    return str((Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass
class PanelSummary:
    application: AccreditationApplication
    criteria: list
    seats: list
    reviewers: list  # the seats whose scores count
    rows: list
    missing: list
    total: int = 0
    count: int = 0

    @property
    def has_cocreator(self) -> bool:
        return any(s.member.is_cocreator for s in self.seats)

    @property
    def has_cocreator_reviewer(self) -> bool:
        return any(s.member.is_cocreator for s in self.reviewers)

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def mean(self) -> str:
        return exact_mean(self.total, self.count)


def panel_summary(application: AccreditationApplication) -> PanelSummary:
    """The panel, every reviewer's scores by criterion (with the exact mean of those whose scores
    count), and what is missing before a decision, said exactly. Three queries."""
    criteria = criteria_of(application)
    members = list(
        PanelMember.objects.filter(application=application)
        .select_related("user")
        .order_by("added_at", "pk")
    )
    scores = list(
        PanelScore.objects.filter(
            member__application=application,
            criterion__standard__framework_id=application.framework_id,
        )
    )
    by_member: dict[int, dict[int, PanelScore]] = {}
    for score in scores:
        by_member.setdefault(score.member_id, {})[score.criterion_id] = score
    seats = []
    for member in members:
        mine = by_member.get(member.pk, {})
        seats.append(
            Seat(
                member=member,
                name=member_name(member),
                scored=set(mine),
                missing=[c for c in criteria if c.pk not in mine],
            )
        )
    reviewers = [s for s in seats if s.counts]
    rows = []
    summary_total = summary_count = 0
    for criterion in criteria:
        cells = [
            ScoreCell(name=s.name, score=by_member.get(s.member.pk, {}).get(criterion.pk))
            for s in reviewers
        ]
        given = [c.score.score for c in cells if c.score is not None]
        rows.append(ScoreRow(criterion=criterion, cells=cells, total=sum(given), count=len(given)))
        summary_total += sum(given)
        summary_count += len(given)
    summary = PanelSummary(
        application=application,
        criteria=criteria,
        seats=seats,
        reviewers=reviewers,
        rows=rows,
        missing=[],
        total=summary_total,
        count=summary_count,
    )
    summary.missing = decision_missing(summary)
    return summary


def _numbers(criteria) -> str:
    numbers = [str(c) for c in criteria]
    if len(numbers) == 1:
        return f"criterion {numbers[0]}"
    return "criteria " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


def decision_missing(summary: PanelSummary) -> list[str]:
    """What must happen before the panel's decision can be recorded, one sentence each."""
    missing = []
    if not summary.criteria:
        missing.append("The criteria this application is assessed against have no criteria.")
    if not summary.seats:
        missing.append("No one is on the panel yet. Add at least one co-creator.")
        return missing
    if not summary.has_cocreator:
        missing.append("The panel has no co-creator. Add at least one co-creator.")
    elif not summary.has_cocreator_reviewer:
        missing.append(
            "The panel has no co-creator who has said they have no conflict of interest."
        )
    for seat in summary.seats:
        if not seat.declared:
            missing.append(f"{seat.name} has not said whether they have a conflict of interest.")
        elif seat.counts and seat.missing:
            missing.append(
                f"{seat.name} has not scored {_numbers(seat.missing)} "
                f"({len(seat.missing)} of {len(summary.criteria)})."
            )
    return missing


@dataclass
class PanelListRow:
    application: AccreditationApplication
    members: int
    cocreators: int
    conflicts: int


def panel_list() -> dict:
    """The staff list of panels: applications waiting for a panel, with one, and the latest
    decisions, with how many are on each panel. Two queries."""
    rows = (
        AccreditationApplication.objects.filter(status__in=OPEN)
        .select_related("service", "framework")
        .annotate(
            n_members=Count("panel", distinct=True),
            n_cocreators=Count("panel", filter=Q(panel__is_cocreator=True), distinct=True),
            n_conflicts=Count("panel", filter=Q(panel__has_conflict=True), distinct=True),
        )
        .order_by("submitted_at", "pk")
    )
    open_rows = [
        PanelListRow(
            application=a, members=a.n_members, cocreators=a.n_cocreators, conflicts=a.n_conflicts
        )
        for a in rows
    ]
    decided = list(
        AccreditationApplication.objects.filter(status__in=DECIDED)
        .select_related("service", "framework")
        .order_by("-decided_at", "-pk")[:50]
    )
    return {
        "waiting": [r for r in open_rows if r.application.status == ApplicationStatus.SUBMITTED],
        "in_review": [r for r in open_rows if r.application.status == ApplicationStatus.IN_REVIEW],
        "decided": decided,
    }


# --- A reviewer's seat ------------------------------------------------------------------------


@dataclass
class CriterionLine:
    criterion: AccreditationCriterion
    score: PanelScore | None

    @property
    def label(self) -> str:
        return SCORE_LABELS[self.score.score] if self.score is not None else ""


@dataclass
class StandardGroup:
    standard: object
    lines: list


def seat_page(member: PanelMember) -> dict:
    """A reviewer's seat: each criterion grouped by its standard, with their score so far, and the
    first they have not scored. Two queries."""
    criteria = criteria_of(member.application)
    scores = {s.criterion_id: s for s in PanelScore.objects.filter(member=member)}
    groups: list[StandardGroup] = []
    for criterion in criteria:
        if not groups or groups[-1].standard.pk != criterion.standard_id:
            groups.append(StandardGroup(standard=criterion.standard, lines=[]))
        groups[-1].lines.append(CriterionLine(criterion=criterion, score=scores.get(criterion.pk)))
    scored = sum(1 for c in criteria if c.pk in scores)
    first_to_do = next((c for c in criteria if c.pk not in scores), None)
    return {
        "groups": groups,
        "scored": scored,
        "total": len(criteria),
        "first_to_do": first_to_do,
    }


def criterion_page(member: PanelMember, criterion: AccreditationCriterion) -> dict:
    """One criterion for a reviewer: the service's self-assessment and its evidence (read-only),
    the reviewer's score, and the criteria before and after it. Four queries."""
    criteria = criteria_of(member.application)
    assessment = (
        SelfAssessment.objects.filter(application_id=member.application_id, criterion=criterion)
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=AccreditationEvidence.objects.select_related(
                    "impact_record", "activity"
                ).order_by("added_at", "pk"),
            )
        )
        .first()
    )
    score = PanelScore.objects.filter(member=member, criterion=criterion).first()
    ids = [c.pk for c in criteria]
    at = ids.index(criterion.pk) if criterion.pk in ids else -1
    return {
        "assessment": assessment,
        "evidence": list(assessment.evidence.all()) if assessment else [],
        "score": score,
        "score_label": SCORE_LABELS[score.score] if score is not None else "",
        "position": at + 1,
        "total": len(criteria),
        "previous": criteria[at - 1] if at > 0 else None,
        "next": criteria[at + 1] if 0 <= at < len(criteria) - 1 else None,
    }


def next_to_score(member: PanelMember, after: AccreditationCriterion):
    """The next criterion after `after` the reviewer has not scored, or the first before it, or
    None when every one has a score. Two queries."""
    criteria = criteria_of(member.application)
    scored = set(PanelScore.objects.filter(member=member).values_list("criterion_id", flat=True))
    ids = [c.pk for c in criteria]
    at = ids.index(after.pk) if after.pk in ids else -1
    for criterion in criteria[at + 1 :] + criteria[: max(at, 0)]:
        if criterion.pk not in scored:
            return criterion
    return None


def seats_of(user):
    """The seats a login holds, newest first, with how many criteria each has scored."""
    return (
        PanelMember.objects.filter(user=user)
        .select_related("application__service", "application__framework")
        .annotate(
            n_scored=Count("scores", distinct=True),
            n_criteria=Count("application__framework__standards__criteria", distinct=True),
        )
        .order_by("-added_at", "-pk")
    )


def my_seats(user) -> dict:
    """A reviewer's own seats: those still to finish (the application is with the panel) and
    those decided. One query."""
    seats = list(seats_of(user))
    return {
        "open": [s for s in seats if s.application.status in OPEN],
        "decided": [s for s in seats if s.application.status not in OPEN],
    }


def portal_panel_section(cocreator) -> dict:
    """The portal home's section: shown only to someone on a panel still at work. One query, none
    for someone without a login."""
    if cocreator.user_id is None:
        return {"seats": []}
    seats = [s for s in seats_of(cocreator.user_id) if s.application.status in OPEN]
    return {"seats": seats}


def record_panel_section(cocreator) -> dict:
    """The staff record's "Accreditation panels" section: every seat the person's login holds.
    One query, none for someone without a login."""
    seats = list(seats_of(cocreator.user_id)) if cocreator.user_id is not None else []
    return {"cocreator": cocreator, "seats": seats}
