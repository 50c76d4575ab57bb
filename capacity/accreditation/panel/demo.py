"""The demo's accreditation panels (after applying's demo has made three submitted applications):
a panel on each (the demo staff member and two co-creators with portal logins; the demo
co-creator sits on two, one still at work), every criterion scored, one co-creator's conflict of
interest declared, two decided as accredited (Established about eight months ago; Foundation about
five months ago with its renewal due within 90 days, so a reminder is due) and the third left with
its panel. Idempotent: nothing is done if there are panel rows already, or (saying so) if
applying's demo has not made its three submitted applications.

Decisions are written directly rather than through `decision_record`, so loading the demo emails
no one; the renewal reminder goes when the beat task first runs.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator, Role, User

from ...models import (
    AccreditationApplication,
    AccreditationLevel,
    ApplicationStatus,
    PanelMember,
    PanelScore,
)
from .selectors import criteria_of
from .services import renewal_date_for

DEMO_STAFF_EMAIL = "staff@example.org"
REVIEWERS_NEEDED = ("second", "third")  # co-creator reviewers besides the demo co-creator

COMMENTS = {
    3: "Clear, recent evidence that co-creators shaped this, with the change it made.",
    2: "Met: the evidence shows it happening, though not yet everywhere in the service.",
    1: "Partly: a good start, but the evidence is thin.",
}
SUMMARIES = {
    AccreditationLevel.ESTABLISHED: (
        "Co-creation is part of how this service plans and changes its care. Patients and carers "
        "sat on its improvement group throughout the year, and the panel saw clear changes that "
        "came from them. The panel would like to see more feedback to the people involved."
    ),
    AccreditationLevel.FOUNDATION: (
        "The service has made a good start: it asks people for their views and acts on some of "
        "them. The panel would like to see co-creators involved earlier, in deciding what to "
        "change, before the service applies again."
    ),
}


def _reviewer_logins(alex: User) -> list[User]:
    """Two demo co-creators with portal logins besides the demo co-creator: those who have one
    already, or logins (to sign in with a code) made for the first people in the register
    without one, in a few bulk inserts."""
    found = list(
        User.objects.filter(
            cocreator__isnull=False, groups__name=Role.COCREATOR.label, is_active=True
        )
        .exclude(pk=alex.pk)
        .order_by("pk")[: len(REVIEWERS_NEEDED)]
    )
    wanted = len(REVIEWERS_NEEDED) - len(found)
    if wanted <= 0:
        return found
    taken = User.objects.values("email")
    people = list(
        CoCreator.objects.current()
        .filter(user__isnull=True)
        .exclude(email="")
        .exclude(email__in=taken)
        .order_by("pk")[:wanted]
    )
    users = User.objects.bulk_create(
        [
            User(email=p.email.lower(), full_name=p.full_name, password=make_password(None))
            for p in people
        ]
    )
    group = Group.objects.get(name=Role.COCREATOR.label)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users]
    )
    for person, user in zip(people, users, strict=True):
        person.user = user
    CoCreator.objects.bulk_update(people, ["user"])
    return found + users


def _score(member_index: int, criterion_index: int, level: str | None) -> int:
    """A made-up but steady score: higher for the Established award."""
    base = {AccreditationLevel.ESTABLISHED: 2, AccreditationLevel.FOUNDATION: 1}.get(level, 2)
    return min(3, base + (member_index + criterion_index) % 2)


@transaction.atomic
def demo_build() -> None:
    """Add the demo rows unless they are there already (or applying's are not)."""
    if PanelMember.objects.exists():
        return
    applications = list(
        AccreditationApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("service", "framework")
        .order_by("pk")[:3]
    )
    staff = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    alex = User.objects.filter(email=DEMO_COCREATOR_EMAIL).first()
    if len(applications) < 3 or staff is None or alex is None:
        return  # applying's demo has not made its three submitted applications
    others = _reviewer_logins(alex)
    if len(others) < 2:
        return
    second, third = others
    established, foundation, in_review = applications
    plan = [
        # (application, reviewers as (login, is co-creator, conflict), level or None)
        (established, [(staff, False, ""), (alex, True, ""), (second, True, "")], "established"),
        (
            foundation,
            [
                (staff, False, ""),
                (second, True, ""),
                (third, True, "I was a patient of this service last year."),
            ],
            "foundation",
        ),
        (in_review, [(staff, False, ""), (alex, True, ""), (third, True, "")], None),
    ]
    now = timezone.now()
    members = PanelMember.objects.bulk_create(
        [
            PanelMember(
                application=application,
                user=user,
                is_cocreator=is_cocreator,
                conflict_declared_at=now,
                has_conflict=bool(conflict),
                conflict_details=conflict,
                added_by=staff,
            )
            for application, reviewers, _ in plan
            for user, is_cocreator, conflict in reviewers
        ]
    )
    by_application: dict[int, list[PanelMember]] = {}
    for member in members:
        by_application.setdefault(member.application_id, []).append(member)
    scores = []
    criteria_by_framework: dict[int, list] = {}
    for application, _, level in plan:
        if application.framework_id not in criteria_by_framework:
            criteria_by_framework[application.framework_id] = criteria_of(application)
        criteria = criteria_by_framework[application.framework_id]
        for m, member in enumerate(by_application[application.pk]):
            if member.has_conflict:
                continue
            for c, criterion in enumerate(criteria):
                value = _score(m, c, level)
                scores.append(
                    PanelScore(
                        member=member,
                        criterion=criterion,
                        score=value,
                        comment=COMMENTS.get(value, ""),
                    )
                )
    PanelScore.objects.bulk_create(scores)
    today = timezone.localdate()
    established_on = today - relativedelta(months=8)
    foundation_on = today - relativedelta(months=5)
    decisions = [
        (
            established,
            AccreditationLevel.ESTABLISHED,
            established_on,
            renewal_date_for(established_on),
        ),
        # A short first award in the pilot: its renewal is due within 90 days.
        (
            foundation,
            AccreditationLevel.FOUNDATION,
            foundation_on,
            today + datetime.timedelta(days=45),
        ),
    ]
    for application, level, awarded_on, renew_by in decisions:
        application.status = ApplicationStatus.AWARDED
        application.level_awarded = level
        application.awarded_on = awarded_on
        application.renew_by = renew_by
        application.decision_summary = SUMMARIES[level]
        application.decided_by = staff
        application.decided_at = timezone.make_aware(
            datetime.datetime.combine(awarded_on, datetime.time(14, 0))
        )
        # Submitted a month or so before the decision, not after it.
        earliest = application.decided_at - datetime.timedelta(days=35)
        if application.submitted_at is None or application.submitted_at > earliest:
            application.submitted_at = earliest
    in_review.status = ApplicationStatus.IN_REVIEW
    AccreditationApplication.objects.bulk_update(
        [established, foundation, in_review],
        [
            "status",
            "level_awarded",
            "awarded_on",
            "renew_by",
            "decision_summary",
            "decided_by",
            "decided_at",
            "submitted_at",
        ],
    )
