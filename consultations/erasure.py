"""What leaving does to consultations' rows (community/erasure.py), registered from
consultations' wiring.

A consultation's figures are everyone's: how many answered, what they chose, how many supported an
idea. So a leaver's answers, ideas, posts and supports are KEPT for the counts, linked only to
their anonymous co-creator row, and every word they wrote goes: the text of their answers (their `Answer` rows have a rule of their own), the title and body of
their ideas and posts (marked `removed_at`, so the page says it was removed when its writer
left instead of showing an empty box, and out of the moderation queue; replies by others stay). Their personal links (a token that answers as
them) and the name they chose for discussions are theirs alone and go.

The links to a login say which member of staff did something (entered an assisted answer,
checked a post, wrote an outcome). A co-creator's login never does staff work, so for them these
links are empty anyway; they are emptied (UNLINK) when they can be, and LEFT where the row needs
them: a post "as the team" must name the member of staff behind it (a database rule), and an
outcome's writer, checker and publisher are the record of a published, two-person statement.
A report of a post is also a co-creator's: its link goes and its reason (their words) is
replaced by a note saying so.
"""

from __future__ import annotations

from django.utils import timezone

from community.erasure import DELETE, KEEP, LEAVE, UNLINK, Erasure, erasure_policy_register

from .models import ContributionReport, Moderation

REPORTER_LEFT = "The person who reported this has left; their reason was removed."

_STAFF = "Who on the team did it: the row is the team's and stays, the link to the login goes."
_STAFF_ONLY_KEPT = (
    "Done by staff only; a login with another role cannot leave from the portal, so a leaver "
    "never has this link. The row must name the member of staff behind it: left as it is."
)


def contributions_remove(rows, leaver) -> None:
    """Mark the leaver's ideas and posts as removed, so pages say why they are empty, and take
    them out of the moderation queue: one waiting for a check will never be shown (hidden), and
    open reports about it are closed (there is nothing left to judge). Their crisis words go
    with the words that matched them: there is no one left to follow up."""
    now = timezone.now()
    rows.filter(removed_at__isnull=True).update(removed_at=now)
    rows.filter(moderation=Moderation.WAITING).update(moderation=Moderation.HIDDEN)
    ContributionReport.objects.filter(
        contribution__in=rows.values("pk"), resolved_at__isnull=True
    ).update(resolved_at=now)


def report_reasons_remove(rows, leaver) -> None:
    """A report's reason is the reporter's words: replace it with a note that they left."""
    rows.update(reason=REPORTER_LEFT)


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="consultations.Response",
        links={
            "cocreator": Erasure(
                KEEP,
                "How many answered and what they chose count in the consultation's results and "
                "the report: kept, linked to no one (the words of every answer go with the "
                "answers' own rule below).",
            ),
            "entered_by": Erasure(UNLINK, _STAFF),
        },
    )
    erasure_policy_register(
        label="consultations.Answer",
        links={
            "response": Erasure(
                KEEP,
                "What they chose and their scores count in the results: kept; the words they "
                "wrote are emptied. `choices` holds only options staff wrote.",
                keep_text=("choices",),
            ),
        },
    )
    erasure_policy_register(
        label="consultations.Contribution",
        links={
            "author": Erasure(
                KEEP,
                "An idea's supports and a discussion's replies are other people's: the idea or "
                "post is kept, linked to no one, its title, body and crisis words emptied and "
                "marked removed (shown as removed when its writer left); one waiting for a check "
                "is hidden and its open reports closed, so it leaves the moderation queue.",
                custom=contributions_remove,
            ),
            "staff_author": Erasure(LEAVE, _STAFF_ONLY_KEPT),
            "moderated_by": Erasure(UNLINK, _STAFF),
            "crisis_followed_up_by": Erasure(UNLINK, _STAFF),
        },
    )
    erasure_policy_register(
        label="consultations.Support",
        links={
            "cocreator": Erasure(
                KEEP,
                "How many people support an idea is part of the results: kept, linked to no one "
                "(it holds no words).",
            )
        },
    )
    erasure_policy_register(
        label="consultations.LinkInvitation",
        links={
            "cocreator": Erasure(
                DELETE, "A personal link answers as the person: theirs alone, it goes."
            )
        },
    )
    erasure_policy_register(
        label="consultations.DiscussionName",
        links={
            "cocreator": Erasure(DELETE, "The name they chose for discussions is theirs: it goes.")
        },
    )
    erasure_policy_register(
        label="consultations.ContributionReport",
        links={
            "reported_by": Erasure(
                UNLINK,
                "Staff still need to see that a post was reported: the report stays, the link "
                "to the reporter goes and their reason is replaced by a note that they left.",
                custom=report_reasons_remove,
            ),
            "resolved_by": Erasure(UNLINK, _STAFF),
        },
    )
    erasure_policy_register(
        label="consultations.Consultation",
        links={"owner": Erasure(UNLINK, _STAFF), "created_by": Erasure(UNLINK, _STAFF)},
    )
    erasure_policy_register(
        label="consultations.ConsultationDocument", links={"uploaded_by": Erasure(UNLINK, _STAFF)}
    )
    erasure_policy_register(
        label="consultations.CrisisWord", links={"added_by": Erasure(UNLINK, _STAFF)}
    )
    erasure_policy_register(
        label="consultations.Outcome",
        links={
            "written_by": Erasure(LEAVE, _STAFF_ONLY_KEPT),
            "checked_by": Erasure(LEAVE, _STAFF_ONLY_KEPT),
            "published_by": Erasure(LEAVE, _STAFF_ONLY_KEPT),
        },
    )
