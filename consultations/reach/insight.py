"""Consultations' free text in the insight inbox (`impact.selectors_insight`), tagged with themes
there like any other insight.

- Written answers (`InsightSource.CONSULTATION_ANSWER`, source id: the `Answer`'s id), in the
  month the person answered, about the consultation's activity and project.
- Ideas and posts by co-creators (`InsightSource.CONSULTATION_POST`, source id: the
  `Contribution`'s id), whatever their moderation (staff see every one), in the month they were
  written. The team's own posts are not insight, and words removed when their author left are
  gone.

Each source gives references in one query and loads a page of items in one more.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from impact.models import InsightSource
from impact.selectors_insight import InsightItem, InsightRef

from ..models import Answer, Consultation, Contribution, ContributionKind

TITLE = "Have your say: {topic}"


def _month_of(moment) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _row_numbers(ids) -> list[int]:
    return [int(v) for v in ids if v.isascii() and v.isdecimal() and len(v) <= 18]


def _answers():
    return Answer.objects.exclude(text="")


def _contributions():
    return Contribution.objects.filter(
        author__isnull=False, as_team=False, removed_at__isnull=True
    ).exclude(body="")


def _narrowed(rows, prefix: str, activity, project):
    if activity is not None:
        rows = rows.filter(**{f"{prefix}activity": activity})
    if project is not None:
        rows = rows.filter(**{f"{prefix}project": project})
    return rows


def answer_refs(period, activity=None, project=None) -> list[InsightRef]:
    """The period's written answers (by when the person answered), narrowed; one query."""
    start, end = period.bounds()
    rows = _answers().filter(response__submitted_at__gte=start, response__submitted_at__lt=end)
    rows = _narrowed(rows, "response__consultation__", activity, project)
    return [
        InsightRef(InsightSource.CONSULTATION_ANSWER, str(pk), at)
        for pk, at in rows.values_list("pk", "response__submitted_at")
    ]


def post_refs(period, activity=None, project=None) -> list[InsightRef]:
    """The period's ideas and posts by co-creators, narrowed; one query."""
    start, end = period.bounds()
    rows = _contributions().filter(created_at__gte=start, created_at__lt=end)
    rows = _narrowed(rows, "consultation__", activity, project)
    return [
        InsightRef(InsightSource.CONSULTATION_POST, str(pk), at)
        for pk, at in rows.values_list("pk", "created_at")
    ]


def answer_items(ids) -> dict[str, InsightItem]:
    """Written answers in full, by id (one query): the question and what the person wrote."""
    pks = _row_numbers(ids)
    if not pks:
        return {}
    rows = (
        _answers()
        .filter(pk__in=pks)
        .select_related("question", "response__consultation__activity__project")
    )
    items = {}
    for answer in rows:
        consultation = answer.response.consultation
        items[str(answer.pk)] = InsightItem(
            source=InsightSource.CONSULTATION_ANSWER,
            source_id=str(answer.pk),
            month=_month_of(answer.response.submitted_at),
            title=TITLE.format(topic=consultation.title),
            passages=[(answer.question.text, answer.text)],
            activity=consultation.activity,
            project=consultation.activity.project,
        )
    return items


def _label(contribution) -> str:
    if contribution.kind == ContributionKind.IDEA:
        return f"Idea: {contribution.title}" if contribution.title else "Idea"
    if contribution.reply_to_id:
        return "Reply in the discussion"
    return f"Discussion post: {contribution.title}" if contribution.title else "Discussion post"


def post_items(ids) -> dict[str, InsightItem]:
    """Ideas and posts in full, by id (one query)."""
    pks = _row_numbers(ids)
    if not pks:
        return {}
    rows = _contributions().filter(pk__in=pks).select_related("consultation__activity__project")
    items = {}
    for contribution in rows:
        consultation = contribution.consultation
        items[str(contribution.pk)] = InsightItem(
            source=InsightSource.CONSULTATION_POST,
            source_id=str(contribution.pk),
            month=_month_of(contribution.created_at),
            title=TITLE.format(topic=consultation.title),
            passages=[(_label(contribution), contribution.body)],
            activity=consultation.activity,
            project=consultation.activity.project,
        )
    return items


def activities_with_insight(period):
    """The ids of consultations' activities with answers or posts in the period (a subquery), so
    the inbox offers them as filters even when the consultation opened before the period."""
    start, end = period.bounds()
    answered = _answers().filter(response__submitted_at__gte=start, response__submitted_at__lt=end)
    posted = _contributions().filter(created_at__gte=start, created_at__lt=end)
    return Consultation.objects.filter(
        Q(pk__in=answered.values("response__consultation_id"))
        | Q(pk__in=posted.values("consultation_id"))
    ).values("activity_id")
