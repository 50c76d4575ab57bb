"""What leaving does to mentoring and peer-support rows (community/erasure.py), registered from
mentoring's wiring.

A pair is two people's. Deleting it when one of them leaves would take the other person's record
of their own support with it (the pairing and the meetings they logged, which cascade from it),
and the report's counts of pairs and meetings would change after the event. So a leaver's pairs
are KEPT, linked only to their anonymous co-creator row, with the free text emptied (what it was
for, why it ended: either may say who they are), and any pairing still open ends on the day they
leave so the other person sees it ended and it is not counted as running. The meetings found
through their pairs (those they or the team logged; the other person's own logs are the other
person's) and those they logged in groups are KEPT for the counts with their notes emptied: a
note is free text that may name them. A group membership is KEPT (the group's size over time),
ended on the day they leave. Who set up, ended or logged something through a login is the
team's link, or the leaver's login, and is emptied (UNLINK).
"""

from __future__ import annotations

from django.utils import timezone

from community.erasure import KEEP, UNLINK, Erasure, erasure_policy_register

_TEAM = "Who set it up or ended it: the row is kept, the link to the login goes."


def open_pairs_end(rows, leaver) -> None:
    """End every pairing of the leaver's that is still open (waiting or active), today."""
    rows.filter(ended_at__isnull=True, declined_at__isnull=True).update(ended_at=timezone.now())


def open_memberships_end(rows, leaver) -> None:
    """Leave every group the leaver is still in or invited to, today."""
    rows.filter(left_at__isnull=True).update(left_at=timezone.now())


def erasure_rules_register() -> None:
    pair_rule = Erasure(
        KEEP,
        "A pair is also the other person's record of their support, and is counted in reports: "
        "kept, linked to no one, what it was for and why it ended emptied, and ended on the day "
        "they leave if it was still open.",
        custom=open_pairs_end,
    )
    erasure_policy_register(
        label="capacity.Mentoring",
        links={
            "mentor": pair_rule,
            "mentee": pair_rule,
            "set_up_by": Erasure(UNLINK, _TEAM),
            "ended_by": Erasure(UNLINK, _TEAM),
        },
    )
    meeting_rule = Erasure(
        KEEP,
        "A meeting's date and how it went count in reports and belong to the pair or group too: "
        "kept, linked to no one, the note (free text that may name them) emptied.",
    )
    erasure_policy_register(
        label="capacity.SupportMeeting",
        links={
            "mentoring": meeting_rule,
            "logged_by": meeting_rule,
            "logged_by_user": Erasure(
                UNLINK, "The login that logged it: the meeting is kept, the link goes."
            ),
        },
    )
    erasure_policy_register(
        label="capacity.PeerGroupMember",
        links={
            "cocreator": Erasure(
                KEEP,
                "How many were in a group, and when, counts: kept, linked to no one (it holds no "
                "free text), and left on the day they leave.",
                custom=open_memberships_end,
            )
        },
    )
    erasure_policy_register(label="capacity.PeerGroup", links={"set_up_by": Erasure(UNLINK, _TEAM)})
