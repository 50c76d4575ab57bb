"""Demo reporting: plan-tracker progress, a published governance pack and a draft newsletter.

Runs after the community, activities and impact demos (it reports on them). Idempotent: actions
that already have updates are left alone, a pack is published only for a quarter that has none,
and the draft newsletter is made only when there is no newsletter at all.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cocreation.lib.periods import period_containing
from community.models import User
from impact.models import ImpactRecord

from .newsletters.models import NewsletterIssue
from .newsletters.services import newsletter_save
from .packs.models import GovernancePack
from .packs.services import pack_publish
from .plan.models import ActionStatus, KeyAction
from .plan.services import key_action_update

DEMO_STAFF_EMAIL = "staff@example.org"

# (objective number, position, owner, status, what the update says) for a spread of statuses.
PROGRESS = (
    (
        1,
        1,
        "Head of Involvement",
        ActionStatus.DONE,
        "Audit done; the diversity plan went to the steering group.",
    ),
    (
        1,
        2,
        "Partnerships Lead",
        ActionStatus.ON_TRACK,
        "Six VCSE and faith partners now co-host sessions.",
    ),
    (
        1,
        3,
        "Engagement Officer",
        ActionStatus.DONE,
        "The public events calendar is live with awareness dates.",
    ),
    (
        1,
        4,
        "Champions Coordinator",
        ActionStatus.ON_TRACK,
        "Eight champions appointed with partner organisations.",
    ),
    (
        1,
        5,
        "Partnerships Lead",
        ActionStatus.AT_RISK,
        "Two partners lost funding; we are looking for others.",
    ),
    (
        2,
        2,
        "Communications Lead",
        ActionStatus.ON_TRACK,
        "The quarterly newsletter is written and sent from this system.",
    ),
    (
        2,
        4,
        "Engagement Officer",
        ActionStatus.ON_TRACK,
        "Sessions in libraries, food banks and Job Centres each month.",
    ),
    (
        2,
        5,
        "Engagement Officer",
        ActionStatus.DONE,
        "Evening and weekend sessions run every month.",
    ),
    (
        2,
        7,
        "Head of Involvement",
        ActionStatus.DONE,
        "'You said, we did' is published on the public site.",
    ),
    (
        3,
        5,
        "Involvement Team",
        ActionStatus.DONE,
        "Reflective journals are open to co-creators and staff.",
    ),
    (
        3,
        6,
        "Involvement Team",
        ActionStatus.ON_TRACK,
        "Curiosity prompts are in the session notes form.",
    ),
    (
        4,
        1,
        "Training Lead",
        ActionStatus.OFF_TRACK,
        "The university course start moved to next spring.",
    ),
    (
        4,
        5,
        "Patient Experience Lead",
        ActionStatus.ON_TRACK,
        "Feedback themes are counted monthly beside co-creators' insight.",
    ),
)

NARRATIVE = (
    "This quarter more sessions ran in informal settings and in the evening, and more of our "
    "work was at the Collaborate and Co-create levels. People who took part told us they felt "
    "more confident, and several changes they asked for are now in place. Black and younger "
    "people are still under-represented: our partners are helping us reach them next quarter."
)


@dataclass
class DemoReportingSummary:
    updates: int
    packs: int
    newsletters: int

    def line(self) -> str:
        return (
            f"Demo reporting: {self.updates} plan-tracker updates, {self.packs} governance pack "
            f"published, {self.newsletters} draft newsletter."
        )


@transaction.atomic
def build_demo_reporting(*, today: dt.date | None = None) -> DemoReportingSummary:
    today = today or timezone.localdate()
    staff = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    if staff is None:
        return DemoReportingSummary(0, 0, 0)
    updates = 0
    for number, position, owner, status, text in PROGRESS:
        action = KeyAction.objects.filter(objective__number=number, position=position).first()
        if action is None or action.updates.exists():
            continue
        key_action_update(
            action=action,
            status=status,
            text=text,
            written_on=today - dt.timedelta(days=7 * (position + number)),
            author=staff,
            owner=owner,
        )
        updates += 1

    packs = 0
    quarter = period_containing(today, "quarter").previous().previous()
    if not GovernancePack.objects.filter(period_slug=quarter.slug).exists():
        pack_publish(period=quarter, narrative=NARRATIVE, user=staff, today=today)
        packs = 1

    newsletters = 0
    if not NewsletterIssue.objects.exists():
        newsletter_save(
            issue=None,
            actor=staff,
            title=f"Co-creation news: {period_containing(today, 'quarter').label}",
            intro="Here is what has changed because of you, and how you can get involved next.",
            sections=[
                (
                    "Thank you",
                    "Thank you to everyone who came to a session this quarter. You gave us "
                    "ideas, and we used them.",
                ),
                (
                    "Come and talk to us",
                    "We are at the library and the food bank each month. Come along for a cup "
                    "of tea and tell us what matters to you.",
                ),
            ],
            highlights=ImpactRecord.objects.published().order_by("-published_at")[:3],
        )
        newsletters = 1
    return DemoReportingSummary(updates, packs, newsletters)
