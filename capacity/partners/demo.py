"""The demo's partner section (seed_demo, through capacity/demo.py): the demo partner
(partner@example.org) has access for the demo university, with two requests for support (one
answered); one more login at the demo council, and one that has ended. Two courses are offered to
partners. No message is recorded: the demo sends nothing. Idempotent: nothing is added twice."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from community.models import PartnerKind, PartnerOrganisation, Role, User

from ..models import (
    Course,
    PartnerAccess,
    SupportRequest,
    SupportRequestKind,
    SupportRequestStatus,
)

DEMO_PARTNER_EMAIL = "partner@example.org"
STAFF_EMAIL = "staff@example.org"
COUNCIL_EMAIL = "priya.shah.council@example.org"
ENDED_EMAIL = "tom.ferris.university@example.org"
# Courses in the training demo that suit partners too (the first has sessions coming up).
PARTNER_COURSES = ("Trauma-informed engagement", "Partnership working")


def _logins(people: dict[str, str], known: dict[str, User], group: Group | None) -> None:
    """Add to `known` a login with no password for each of these addresses it lacks (a few bulk
    inserts); only the first gets the partner role (the second's access has ended)."""
    new = [
        User(email=email, full_name=name) for email, name in people.items() if email not in known
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=False) for user in new
    )
    first = next(iter(people))
    if group is not None:
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=group.pk)
            for user in new
            if user.email == first
        )
    known.update({u.email: u for u in new})


def _when(rows, field: str, ago: dict[int, int], now: datetime.datetime) -> None:
    """Put back the day each row happened (its field is set on saving), in one update."""
    rows.filter(pk__in=list(ago)).update(
        **{
            field: Case(
                *(
                    When(pk=pk, then=Value(now - datetime.timedelta(days=d)))
                    for pk, d in ago.items()
                )
            )
        }
    )


@transaction.atomic
def demo_build(*, now: datetime.datetime | None = None) -> None:
    """Add the demo rows unless they are there already. About a dozen queries."""
    Course.objects.filter(title__in=PARTNER_COURSES, for_partners=False).update(for_partners=True)
    emails = [DEMO_PARTNER_EMAIL, STAFF_EMAIL, COUNCIL_EMAIL, ENDED_EMAIL]
    known = {u.email: u for u in User.objects.filter(email__in=emails)}
    partner = known.get(DEMO_PARTNER_EMAIL)
    if partner is None or PartnerAccess.objects.filter(user=partner).exists():
        return
    now = now or timezone.now()
    organisations = {}
    for organisation in PartnerOrganisation.objects.filter(
        kind__in=[PartnerKind.UNIVERSITY, PartnerKind.COUNCIL]
    ).order_by("-pk"):
        organisations[organisation.kind] = organisation  # the first of each kind wins
    university = organisations.get(PartnerKind.UNIVERSITY)
    council = organisations.get(PartnerKind.COUNCIL)
    staff = known.get(STAFF_EMAIL)
    group = Group.objects.filter(name=Role.PARTNER.label).first()
    _logins({COUNCIL_EMAIL: "Priya Shah", ENDED_EMAIL: "Tom Ferris"}, known, group)
    council_user, ended_user = known[COUNCIL_EMAIL], known[ENDED_EMAIL]
    days = datetime.timedelta(days=1)
    accesses = PartnerAccess.objects.bulk_create(
        [
            PartnerAccess(
                user=partner,
                organisation=university,
                job_title="Research lead",
                given_by=staff,
            ),
            PartnerAccess(
                user=council_user,
                organisation=council,
                job_title="Public health officer",
                given_by=staff,
            ),
            PartnerAccess(
                user=ended_user,
                organisation=university,
                job_title="Research assistant",
                given_by=staff,
                ended_at=now - 20 * days,
            ),
        ]
    )
    _when(
        PartnerAccess.objects,
        "given_at",
        dict(zip([a.pk for a in accesses], (90, 40, 200), strict=True)),
        now,
    )
    requests = SupportRequest.objects.bulk_create(
        [
            SupportRequest(
                requested_by=partner,
                organisation=university,
                kind=SupportRequestKind.TRAINING,
                what_is_needed=(
                    "Two of our researchers would like places on Trauma-informed engagement "
                    "before our new study starts."
                ),
                status=SupportRequestStatus.DONE,
                staff_reply=(
                    "We have booked two places on the coming run. Joining details will follow "
                    "by email a week before the first session."
                ),
                handled_by=staff,
            ),
            SupportRequest(
                requested_by=partner,
                organisation=university,
                kind=SupportRequestKind.MENTORING,
                what_is_needed=(
                    "Could our new project lead be paired with a co-creator mentor for the "
                    "first three months?"
                ),
            ),
            SupportRequest(
                requested_by=council_user,
                organisation=council,
                kind=SupportRequestKind.PROJECT,
                what_is_needed=(
                    "We are redesigning a wellbeing service for rural villages and would like "
                    "co-creators to help shape it from the start."
                ),
                status=SupportRequestStatus.IN_HAND,
                handled_by=staff,
            ),
        ]
    )
    _when(
        SupportRequest.objects,
        "created_at",
        dict(zip([r.pk for r in requests], (30, 5, 12), strict=True)),
        now,
    )
