"""Reads for the staff's "Have your say" pages: the list in four groups with exact counts (one
query whatever the rows), one consultation's page, what stops it being published, who an
invitation would reach and by which channel, and the staff dashboard's panel."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from community.messaging.channels import sms_configured
from community.models import CoCreator, Message
from reporting.groups.criteria import criteria_q
from reporting.groups.selectors import can_email_q, can_text_q, stopped_q

from ..models import (
    Answer,
    Audience,
    Consultation,
    ConsultationStatus,
    Contribution,
    ContributionKind,
    Moderation,
    Response,
)

INVITE_KEY_PREFIX = "consultation-invite"


def url_or_none(name: str, *args) -> str | None:
    """A consultations page's address, or None while the package that owns it has not added it."""
    try:
        return reverse(f"consultations:{name}", args=args)
    except NoReverseMatch:
        return None


def invite_key_prefix(consultation: Consultation) -> str:
    return f"{INVITE_KEY_PREFIX}:{consultation.pk}"


def _count(queryset: QuerySet, link: str = "consultation", outer: str = "pk") -> Subquery:
    """A correlated count of `queryset`'s rows for each consultation (0 when there are none):
    rows whose `link` is the consultation's `outer` field."""
    counted = (
        queryset.filter(**{link: OuterRef(outer)})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def counted(consultations: QuerySet) -> QuerySet:
    """`consultations` with every exact count (one query). Who took part: one attended
    attendance each on its activity."""
    contributions = Contribution.objects.all()
    return consultations.annotate(
        took_part_count=_count(
            Attendance.objects.filter(status=AttendanceStatus.ATTENDED),
            link="activity_id",
            outer="activity_id",
        ),
        response_count=_count(Response.objects.all()),
        idea_count=_count(contributions.filter(kind=ContributionKind.IDEA)),
        post_count=_count(contributions.filter(kind=ContributionKind.POST)),
        waiting_count=_count(
            contributions.filter(moderation=Moderation.WAITING, removed_at__isnull=True)
        ),
    )


def state_of(consultation: Consultation, now=None) -> str:
    """Which group of the list it is in: draft, open, later or ended."""
    now = now or timezone.now()
    if consultation.status == ConsultationStatus.DRAFT:
        return "draft"
    if consultation.has_ended(now):
        return "ended"
    if consultation.opens_at > now:
        return "later"
    return "open"


STATE_LABELS = {
    "draft": "Draft",
    "open": "Open now",
    "later": "Opening later",
    "ended": "Ended",
}


@dataclass
class ListGroup:
    key: str
    heading: str
    rows: list = field(default_factory=list)


def staff_list(now=None) -> dict:
    """Every consultation in four groups (drafts, open now, opening later, ended), each with its
    exact counts. One query, whatever the rows."""
    now = now or timezone.now()
    groups = {key: ListGroup(key, label) for key, label in STATE_LABELS.items()}
    rows = counted(
        Consultation.objects.select_related("project", "service_area", "group").order_by(
            "-opens_at", "-pk"
        )
    )
    for consultation in rows:
        groups[state_of(consultation, now)].rows.append(consultation)
    return {"groups": list(groups.values()), "total": sum(len(g.rows) for g in groups.values())}


def has_answers(consultation: Consultation) -> bool:
    """Whether anyone has answered its questions: then its level and questions stay as they are."""
    if consultation.pk is None:
        return False
    return Answer.objects.filter(response__consultation=consultation).exists()


def has_taken_part(consultation: Consultation) -> bool:
    """Whether anyone has taken part in any way (answered, added or supported an idea, posted):
    their taking part is counted at its level, so the level stays as it is."""
    if consultation.pk is None:
        return False
    return (
        Response.objects.filter(consultation=consultation).exists()
        or Attendance.objects.filter(
            activity_id=consultation.activity_id, status=AttendanceStatus.ATTENDED
        ).exists()
    )


def consultation_counts(consultation: Consultation) -> Consultation:
    """The consultation again, with its exact counts (one query)."""
    return counted(
        Consultation.objects.select_related("project", "service_area", "group", "owner")
    ).get(pk=consultation.pk)


def publish_problems(consultation: Consultation, now=None) -> list[str]:
    """What must change before it can be published, in plain English (empty: it can be)."""
    now = now or timezone.now()
    problems = []
    if not (consultation.ideas_on or consultation.discussion_on or consultation.questions.exists()):
        problems.append(
            "It has nothing to take part in: add at least one question, or turn on the idea "
            "board or the discussion."
        )
    if consultation.closes_at <= now:
        problems.append("Its closing date has passed: change it to a date in the future.")
    if consultation.audience == Audience.GROUP and consultation.group_id is None:
        problems.append("Its audience is a chosen group, but no group is chosen.")
    return problems


# --- Who an invitation reaches --------------------------------------------------------------------


def audience_people(consultation: Consultation) -> QuerySet:
    """The current co-creators an invitation is for: the chosen group's people, or (for a
    co-creators or public consultation) every current co-creator."""
    people = CoCreator.objects.current()
    if consultation.audience == Audience.GROUP:
        if consultation.group is None:
            return people.none()
        people = people.filter(criteria_q(consultation.group.criteria))
    return people


def _by_email_q() -> Q:
    return can_email_q()


def _by_text_q() -> Q:
    return can_text_q() & ~can_email_q()


def invite_recipients(consultation: Consultation) -> QuerySet:
    """The people in the audience a message can reach (by email, or by text when they chose it)."""
    return (
        audience_people(consultation)
        .exclude(stopped_q())
        .filter(_by_email_q() | _by_text_q())
        .order_by("pk")
    )


def invite_summary(consultation: Consultation) -> dict:
    """Exact counts for the invitation page, in one query: the audience, how many would be told
    by email and by text message, how many cannot be reached, how many of those told get a
    personal link (no login) and how many have been told already."""
    told_already = Message.objects.filter(
        key__startswith=invite_key_prefix(consultation) + ":"
    ).values("cocreator_id")
    reach = ~stopped_q() & (_by_email_q() | _by_text_q())
    # The names differ from the fields (email, ...): an aggregate's name would hide the field.
    found = audience_people(consultation).aggregate(
        n_total=Count("pk"),
        n_email=Count("pk", filter=~stopped_q() & _by_email_q()),
        n_text=Count("pk", filter=~stopped_q() & _by_text_q()),
        n_link=Count("pk", filter=reach & Q(user__isnull=True)),
        n_login=Count("pk", filter=reach & Q(user__isnull=False)),
        n_told=Count("pk", filter=Q(pk__in=told_already)),
        n_to_tell=Count("pk", filter=reach & ~Q(pk__in=told_already)),
    )
    counts = {key[2:]: value for key, value in found.items()}
    counts["unreachable"] = counts["total"] - counts["email"] - counts["text"]
    counts["sms_on"] = sms_configured()
    return counts


# --- The staff dashboard ---------------------------------------------------------------------------


def dashboard_panel(user) -> dict:
    """The staff dashboard's "Have your say" panel: consultations open now, ideas and posts
    waiting for a check, and crisis flags not yet followed up (counts only). Two queries."""
    now = timezone.now()
    flags = Contribution.objects.aggregate(
        waiting=Count("pk", filter=Q(moderation=Moderation.WAITING, removed_at__isnull=True)),
        crisis=Count("pk", filter=~Q(crisis_words="") & Q(crisis_followed_up_at__isnull=True)),
    )
    return {
        "open_now": Consultation.objects.live(now).count(),
        "waiting": flags["waiting"],
        "crisis": flags["crisis"],
        "moderation_url": url_or_none("staff-moderation"),
    }
