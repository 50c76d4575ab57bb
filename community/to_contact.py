"""The "to contact" list: messages staff pass on by hand (a letter or a call) to people who asked
for post or a phone call. Rows are made by `messaging.notices.person_notify`; here staff read a
day's list and mark a row done, with what happened."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import CoCreatorStatus, ToContact, User

# A letter or call still to make is dropped from the list once the person has asked for nothing
# (the unsubscribe link) or left (leaving deletes their rows too): nobody is rung against their word.
STILL_WANTED = Q(cocreator__email_unsubscribed_at__isnull=True) & ~Q(
    cocreator__status=CoCreatorStatus.LEFT
)


def to_contact_for_day(day: datetime.date) -> dict:
    """A day's list: what is due that day or overdue and not done, then what was done that day.

    Two queries, whatever the rows.
    """
    rows = ToContact.objects.select_related("cocreator", "done_by")
    to_do = list(
        rows.filter(STILL_WANTED, done_at__isnull=True, due_on__lte=day).order_by("due_on", "pk")
    )
    done = list(rows.filter(done_at__isnull=False, due_on=day).order_by("done_at", "pk"))
    return {
        "due": [row for row in to_do if row.due_on == day],
        "overdue": [row for row in to_do if row.due_on < day],
        "done": done,
    }


def to_contact_due_count(day: datetime.date | None = None) -> int:
    """How many are due on the day (today by default) or overdue, and not done."""
    day = day or timezone.localdate()
    return ToContact.objects.filter(STILL_WANTED, done_at__isnull=True, due_on__lte=day).count()


@transaction.atomic
def to_contact_done(*, row: ToContact, actor: User, outcome: str = "") -> ToContact:
    """Mark a letter sent or a call made, with what happened; once (a second time changes nothing)."""
    row = ToContact.objects.select_for_update().get(pk=row.pk)
    if row.done_at is None:
        row.done_at, row.done_by, row.outcome = timezone.now(), actor, outcome.strip()
        row.save(update_fields=["done_at", "done_by", "outcome"])
    return row
