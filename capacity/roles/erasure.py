"""What leaving does to the roles a person held (community/erasure.py), registered from wiring.

KEEP: how many people held each role, and when, counts toward reports (the plan's ambassadors
and leadership pathways), so the rows stay, linked only to the anonymous co-creator row; the
forums (free text) are emptied, and a role still open ends on the day they leave so the
anonymous row never counts as holding one now. Who recorded it is the team's: UNLINK.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from community.erasure import KEEP, UNLINK, Erasure, erasure_policy_register


def open_roles_end(rows, leaver) -> None:
    """End every role the leaver still holds on the day they leave (or on its start, if later)."""
    today = timezone.localdate()
    still_open = rows.filter(ended_on__isnull=True)
    still_open.filter(started_on__lte=today).update(ended_on=today)
    still_open.filter(started_on__gt=today).update(ended_on=F("started_on"))


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="capacity.PersonRole",
        links={
            "cocreator": Erasure(
                KEEP,
                "Roles held, and when, count toward reports; linked to no one, the forums "
                "emptied and any open role ended on the day they leave.",
                custom=open_roles_end,
            ),
            "recorded_by": Erasure(
                UNLINK, "Who recorded the role: the row is the team's, the link to the leaver goes."
            ),
        },
    )
