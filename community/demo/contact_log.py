"""Demo contact log notes: a few calls and conversations, one with a follow-up due today, so the
staff dashboard and a person's record show the contact log in `make run`."""

import datetime

from django.utils import timezone

from ..models import CoCreator, ContactLogEntry, ContactMethod, Role, User
from .people import DEMO_COCREATOR_EMAIL, DemoPerson

DEMO_STAFF_EMAIL = "staff@example.org"


def _notes(today: datetime.date):
    """(days ago, how, what was said, follow-up in days from today or None, done) per note."""
    return [
        (
            0,
            ContactMethod.PHONE,
            "Rang to ask about the carers' group. Would like to come but needs to know about "
            "parking. Said we would ring back with the details.",
            0,
            False,
        ),
        (
            6,
            ContactMethod.IN_PERSON,
            "Met at the community café session. Interested in the ward garden project; prefers "
            "letters to email.",
            7,
            False,
        ),
        (
            21,
            ContactMethod.VIDEO,
            "Catch-up after the menu tasting. Enjoyed co-facilitating; happy to do it again.",
            14,
            True,
        ),
    ]


def ensure_demo_contact_log(people: list[DemoPerson], today: datetime.date) -> int:
    """Add the demo notes to people who have none yet; returns how many were added. Four
    queries, whatever was there."""
    staff = User.objects.filter(email=DEMO_STAFF_EMAIL, groups__name=Role.STAFF.label).first()
    emails = [DEMO_COCREATOR_EMAIL] + sorted(p.email for p in people)[:2]
    by_email = {c.email.lower(): c for c in CoCreator.objects.filter(email__in=emails)}
    has_notes = set(
        ContactLogEntry.objects.filter(cocreator__in=by_email.values()).values_list(
            "cocreator_id", flat=True
        )
    )
    entries = []
    for email, (days_ago, method, summary, follow_up, done) in zip(
        emails, _notes(today), strict=False
    ):
        cocreator = by_email.get(email)
        if cocreator is None or cocreator.pk in has_notes:
            continue
        contacted_on = today - datetime.timedelta(days=days_ago)
        follow_up_on = (
            None if follow_up is None else contacted_on + datetime.timedelta(days=follow_up)
        )
        entries.append(
            ContactLogEntry(
                cocreator=cocreator,
                contacted_on=contacted_on,
                method=method,
                summary=summary,
                staff_member=staff,
                follow_up_on=follow_up_on,
                follow_up_done_at=timezone.now() if done else None,
            )
        )
    ContactLogEntry.objects.bulk_create(entries)
    return len(entries)
