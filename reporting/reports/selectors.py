"""Reads that report out. Every figure here may be seen outside the staff team."""

from django.db.models import Exists, F, OuterRef, Q

from impact.models import BetterDirection, EvidenceItem
from impact.selectors import you_said_we_did

from .figures import figures_by_key

# --- Summaries of a report (six-monthly update, annual impact summary) ---------------------

# The figures a summary leads with: outcome 1 and 2 headlines, activities, participant-hours and
# case studies published (keys from reporting.reports.definitions).
HEADLINE_KEYS = (
    "o1_confidence_connection_purpose",
    "o2_projects_measurable_change",
    "act_activities",
    "act_participant_hours",
    "o1_case_studies_published",
)


def report_headlines(report: dict) -> list[dict]:
    """The headline figures of a report, as shown in it (nothing recomputed)."""
    by_key = figures_by_key(report)
    return [by_key[key] for key in HEADLINE_KEYS if key in by_key]


# A summary shows the most recent changes; the public list has them all, a page at a time.
YOU_SAID_SHOWN = 12


def you_said_we_did_in(period) -> dict:
    """'You said, we did' records published in the period (already public; no names).

    The number published and the most recent YOU_SAID_SHOWN of them: two queries, however many
    there are (a whole integrated care system publishes hundreds a year).
    """
    start, end = period.bounds()
    rows = you_said_we_did().filter(published_at__gte=start, published_at__lt=end)
    return {
        "total": rows.count(),
        "latest": list(rows.order_by("-published_at", "-pk")[:YOU_SAID_SHOWN]),
        "financial_year": period.year,
    }


# The steering group's summary leads with three.
YOU_SAID_TOP = 3


def you_said_we_did_top(period, n: int = YOU_SAID_TOP) -> list:
    """The period's top "You said, we did" records: those with evidence that moved the better way
    first (the plan's "measurable change"), then the most recently published. One query."""
    start, end = period.bounds()
    improved = EvidenceItem.objects.filter(record=OuterRef("pk")).filter(
        Q(better=BetterDirection.HIGHER, followup_value__gt=F("baseline_value"))
        | Q(better=BetterDirection.LOWER, followup_value__lt=F("baseline_value"))
    )
    rows = you_said_we_did().filter(published_at__gte=start, published_at__lt=end)
    return list(
        rows.annotate(measured=Exists(improved)).order_by("-measured", "-published_at", "-pk")[:n]
    )
