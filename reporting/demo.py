"""Demo reporting: plan-tracker progress, a published governance pack and a draft newsletter.

Runs after the community, activities and impact demos (it reports on them). Idempotent: actions
that already have updates are left alone, a pack is published only for a quarter that has none,
and the draft newsletter is made only when there is no newsletter at all.

The pack's narrative is written from the report it is published with (`demo_narrative`), so it
never says something the pack's own tables contradict, whatever the demo data turns out to be.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cocreation.lib.disclosure import SUPPRESSED
from cocreation.lib.periods import period_containing
from community.models import User
from impact.models import ImpactRecord

from .groups.demo import build_demo_groups
from .newsletters.models import NewsletterIssue
from .newsletters.services import newsletter_save
from .packs.models import GovernancePack
from .packs.services import pack_publish, report_fingerprint
from .plan.models import ActionStatus, KeyAction
from .plan.services import key_action_update
from .reports.figures import figures_by_key, report_for

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


def _shown(block: dict | None) -> str:
    """A figure's value as the report shows it, or "" when there is none to quote."""
    value = str((block or {}).get("value") or "")
    return "" if value == SUPPRESSED else value


def _sessions_sentence(figures: dict) -> str:
    clauses = []
    for key, where in (
        ("act_evening_share", "in the evening"),
        ("act_informal_share", "in informal settings"),
    ):
        figure = figures.get(key, {})
        current, before = figure.get("current") or {}, _shown(figure.get("previous"))
        if not _shown(current):
            continue
        share = f"{current['numerator']} of {current['denominator']} sessions ({current['value']})"
        clause = f"{share} ran {where}"
        clauses.append(f"{clause}, against {before} the quarter before" if before else clause)
    return f"This quarter {'; '.join(clauses)}." if clauses else ""


def _levels_sentence(figures: dict) -> str:
    figure = figures.get("act_centre_of_gravity", {})
    now, before = _shown(figure.get("current")), _shown(figure.get("previous"))
    if not now:
        return ""
    scale = "the mean engagement level, from 1 for Inform to 5 for Co-create"
    if not before:
        return f"The centre of gravity ({scale}) was {now}."
    if before == now:
        return f"The centre of gravity ({scale}) stayed at {now}."
    return f"The centre of gravity ({scale}) moved from {before} to {now}."


def _experience_sentence(figures: dict) -> str:
    said = []
    for key, what in (
        (
            "o1_confidence_connection_purpose",
            "felt more confident, more connected or a greater sense of purpose",
        ),
        ("o1_input_led_to_change", "said their input led to change"),
    ):
        current = figures.get(key, {}).get("current") or {}
        if _shown(current):
            said.append(
                f"{current['value']} ({current['numerator']} of {current['denominator']}) {what}"
            )
    return f"Of the co-creators who answered our survey, {' and '.join(said)}." if said else ""


def under_represented_sentence(report: dict) -> str:
    """Which groups the report's representation table marks under-represented, named as there."""
    rows = report.get("series", {}).get("representation") or []
    names = [
        f"{row['group']} ({row['characteristic'].lower()})"
        for row in rows
        if row.get("under_represented")
    ]
    if not names:
        return (
            "No group we are trying to reach is under-represented in our community against the "
            "population we serve."
        )
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    return (
        f"Still under-represented in our community against the population we serve: {listed}. "
        "Our partners are helping us reach them next quarter."
    )


def demo_narrative(report: dict) -> str:
    """The demo pack's narrative, every figure and group in it taken from `report` itself."""
    figures = figures_by_key(report)
    sentences = [
        _sessions_sentence(figures),
        _levels_sentence(figures),
        _experience_sentence(figures),
        under_represented_sentence(report),
    ]
    return " ".join(sentence for sentence in sentences if sentence)


# Demo builders of apps above reporting (which reporting may not import): each registers a
# function from its wiring that adds its demo rows unless they are there and returns a summary
# with a `line()`. seed_demo runs them after the built-in demos, by key.
_EXTRA_DEMO_BUILDERS: dict[str, Callable] = {}


def demo_builder_register(*, key: str, build: Callable) -> None:
    """Add (or replace, by key) a demo builder that seed_demo runs after its own."""
    _EXTRA_DEMO_BUILDERS[key] = build


def extra_demo_builders() -> list[Callable]:
    return [_EXTRA_DEMO_BUILDERS[key] for key in sorted(_EXTRA_DEMO_BUILDERS)]


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
        report = report_for(quarter)
        # The digest makes sure the pack freezes the very report the narrative was written from.
        pack_publish(
            period=quarter,
            narrative=demo_narrative(report),
            user=staff,
            today=today,
            expected_digest=report_fingerprint(report),
        )
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
    build_demo_groups(actor=staff)  # saved groups for messages to groups
    return DemoReportingSummary(updates, packs, newsletters)
