"""What leaving does to panel rows (community/erasure.py), registered from the panel's wiring.

A reviewer's seat and scores are how a service was judged: a decided application's scores must
stand as the record of its decision, so the seat stays, linked to the leaver's login (which
leaving closes and empties of name and address, so it names no one), and what they wrote goes:
their conflict details and their comments. A seat on a panel still at work goes, with its scores:
the panel must finish without them (staff add another reviewer), and a half-done review would
stop the decision. Who added a seat or recorded a decision is the team's link and is emptied.
"""

from community.erasure import KEEP, UNLINK, Erasure, erasure_policy_register

from .selectors import OPEN


def _open_seats_go(rows, leaver) -> None:
    """Seats on panels still at work go (with their scores); decided ones are kept."""
    rows.filter(application__status__in=OPEN).delete()


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="capacity.PanelMember",
        links={
            "user": Erasure(
                KEEP,
                "A decided application's panel is the record of how the service was judged, so "
                "the seat stays, linked only to the closed, emptied login; the conflict details "
                "they wrote go. A seat on a panel still at work is deleted with its scores, so "
                "the panel can finish with another reviewer.",
                custom=_open_seats_go,
            ),
            "added_by": Erasure(
                UNLINK,
                "Who added the reviewer: the row is the team's; the link to the leaver goes.",
            ),
        },
    )
    erasure_policy_register(
        label="capacity.PanelScore",
        links={
            "member": Erasure(
                KEEP,
                "The score stands for the decision it was part of (a number, linked to a seat "
                "that names no one); their comment, in their own words, goes.",
            ),
        },
    )
    erasure_policy_register(
        label="capacity.AccreditationApplication",
        links={
            "decided_by": Erasure(
                UNLINK, "Who recorded the decision: the row is the team's; the link goes."
            ),
        },
    )
