"""The idea board and discussion URLs in `make bench`: `ENTRIES` (with functions finding real ids)
and `SKIP` (URL name: the reason it is not timed).

The busiest live public consultation with an idea board or discussion is timed; where the data
has none, the finder makes one with an idea and a post (as taking part's finder does, the
benchmark's own check runs in a transaction that is rolled back). Pages that write need the
co-creator's discussion name first, so the finder gives the demo co-creator one if they have none.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from community.models import CoCreator
from reporting.benchmarks.registry import COCREATOR, POST_ONLY, STAFF, STAFF_ONLY, Bench

from ..models import (
    Audience,
    Consultation,
    ConsultationStatus,
    Contribution,
    ContributionKind,
    DiscussionName,
    Moderation,
)
from ..services import consultation_save


def _board_consultation() -> Consultation:
    found = (
        Consultation.objects.live()
        .filter(Q(ideas_on=True) | Q(discussion_on=True), audience=Audience.PUBLIC)
        .annotate(n=Count("contributions"))
        .order_by("-n", "pk")
        .first()
    )
    if found is not None and found.ideas_on and found.discussion_on:
        return found
    now = timezone.now()
    consultation = consultation_save(
        consultation=Consultation(
            title="Ideas for the crisis café",
            summary="Share your ideas for the crisis café and talk about them.",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
            audience=Audience.PUBLIC,
            status=ConsultationStatus.PUBLISHED,
            published_at=now,
            ideas_on=True,
            discussion_on=True,
            premoderate=True,
        ),
        actor=None,
    )
    people = CoCreator.objects.current()
    author = people.filter(user__isnull=True).order_by("pk").first() or people.first()
    for kind, title in ((ContributionKind.IDEA, "Open later"), (ContributionKind.POST, "")):
        Contribution.objects.create(
            consultation=consultation,
            kind=kind,
            author=author,
            title=title,
            body="Open until midnight at weekends.",
            moderation=Moderation.SHOWN,
        )
    return consultation


def board(lookups, user):
    """The busiest live public consultation with ideas and a discussion (made if none)."""
    return {"pk": lookups.once("consultation-board", lambda: _board_consultation().pk)}


def board_for_writer(lookups, user):
    """The same, for someone who will write: a co-creator gets a discussion name if they have
    none (the form asks for one first otherwise)."""
    kwargs = board(lookups, user)
    person = CoCreator.objects.current().filter(user=user).first() if user else None
    if person is not None:
        DiscussionName.objects.get_or_create(cocreator=person, defaults={"display_name": "Demo"})
    return kwargs


def _contribution(kwargs, user) -> Contribution | None:
    rows = Contribution.objects.filter(
        consultation_id=kwargs["pk"], moderation=Moderation.SHOWN, as_team=False
    )
    if user is not None:
        rows = rows.exclude(author__user=user)
    return rows.order_by("pk").first()


def shown_contribution(lookups, user):
    """An idea or post shown on that board, not the user's own (to report, or for staff to
    hide)."""
    kwargs = board(lookups, user)
    contribution = _contribution(kwargs, user)
    if contribution is None:
        return None
    return {"pk": kwargs["pk"], "contribution_pk": contribution.pk}


ENTRIES: tuple = (
    Bench("consultations:discussion", board),
    Bench("consultations:idea-add", board_for_writer, (COCREATOR,)),
    Bench("consultations:post-add", board_for_writer, (COCREATOR, STAFF)),
    Bench("consultations:contribution-report", shown_contribution, (COCREATOR,)),
    Bench("consultations:staff-hide", shown_contribution, STAFF_ONLY),
)
SKIP: dict[str, str] = {
    "consultations:idea-support": POST_ONLY,
    "consultations:staff-moderate": POST_ONLY,
    "consultations:staff-crisis-word-remove": POST_ONLY,
    "consultations:contribution-sent": (
        "shown only to the writer of an idea or post with crisis words, just after writing it; "
        "the demo has none, and the moderation queue that lists them is timed"
    ),
}
