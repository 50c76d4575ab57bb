"""Reads that report out. Every figure here may be seen outside the staff team."""

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
