"""Demo data for booking for someone (issue 17): two places staff booked by phone, with notes,
and a few letters and calls on the "to contact" list (one due today, one overdue, one done).

Idempotent: keyed by the to-contact keys and by each person's place. Written directly (no
messages go to the demo people).
"""

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from community.models import CoCreator, CoCreatorStatus, HandContactMethod, ToContact, User

from ..models import Activity, ActivityStatus, SignUp, SignUpStatus
from .data import DEMO_STAFF_EMAIL

NOTES = ["Rang the office on Monday to book", "Asked at the carers' group; no email address"]


def build_demo_bookings(*, now: datetime.datetime | None = None) -> int:
    """Add the demo staff bookings and to-contact rows if missing; how many rows were added."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    staff = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    # Two open activities with a place free: staff book by the same rules as the portal.
    activities = list(
        Activity.objects.filter(status=ActivityStatus.OPEN, starts_at__gt=now)
        .annotate(booked=Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED)))
        .filter(Q(capacity__isnull=True) | Q(booked__lt=F("capacity")))
        .order_by("starts_at", "pk")[:2]
    )
    people = list(
        CoCreator.objects.filter(status=CoCreatorStatus.ACTIVE, user__isnull=True)
        .exclude(signups__activity__in=activities)
        .order_by("pk")[:3]
    )
    if not activities or len(people) < 3:
        return 0
    # In bulk, a query or two whatever is there already (the demo loads in a few queries).
    added = 0
    if not SignUp.objects.filter(booking_note__in=NOTES).exists():
        places = [
            SignUp(
                activity=activity,
                cocreator=person,
                status=SignUpStatus.BOOKED,
                booked_by=staff,
                booking_note=note,
            )
            for activity, person, note in zip(activities, people, NOTES, strict=False)
        ]
        added = len(SignUp.objects.bulk_create(places))
    first = activities[0]
    rows = [
        ("demo-to-contact:call", people[0], HandContactMethod.PHONE, today, None),
        ("demo-to-contact:letter", people[1], HandContactMethod.POST, today, None),
        (
            "demo-to-contact:overdue",
            people[2],
            HandContactMethod.PHONE,
            today - datetime.timedelta(days=1),
            None,
        ),
        ("demo-to-contact:done", people[2], HandContactMethod.PHONE, today, "Left a voicemail"),
    ]
    have = set(
        ToContact.objects.filter(key__startswith="demo-to-contact:").values_list("key", flat=True)
    )
    new = [
        ToContact(
            key=key,
            cocreator=person,
            kind="booking_confirmed",
            method=method,
            due_on=due_on,
            what_to_say=(
                f"Hello {person.display_name}, we have booked a place for you at "
                f"“{first.title}”. We will remind you the day before."
            ),
            done_at=now if outcome else None,
            done_by=staff if outcome else None,
            outcome=outcome or "",
        )
        for key, person, method, due_on, outcome in rows
        if key not in have
    ]
    ToContact.objects.bulk_create(new)
    return added + len(new)
