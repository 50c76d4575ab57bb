"""This package's URLs in `make bench`: `ENTRIES` (reporting.benchmarks.registry.Bench rows, with
functions finding real ids) and `SKIP` (URL name: the reason it is not timed)."""

from __future__ import annotations

from django.db.models import Case, Count, When

from reporting.benchmarks.lookups import Kwargs, Lookups
from reporting.benchmarks.registry import POST_ONLY, STAFF_ONLY, Bench

from ..models import Consultation


def consultation_with_outcome(lookups: Lookups, user) -> Kwargs:
    """The consultation with a published outcome and the most answers (any with the most
    answers when none is published): its results, outcome, exports and summary."""

    def find():
        row = (
            Consultation.objects.annotate(n=Count("responses"))
            .order_by(
                Case(When(outcome__published_at__isnull=False, then=0), default=1), "-n", "-pk"
            )
            .first()
        )
        return row.pk if row else None

    pk = lookups.once("consultation-with-outcome", find)
    return None if pk is None else {"pk": pk}


ENTRIES: tuple = (
    Bench("consultations:staff-results", consultation_with_outcome, STAFF_ONLY),
    Bench("consultations:staff-outcome", consultation_with_outcome, STAFF_ONLY),
    Bench("consultations:staff-export-csv", consultation_with_outcome, STAFF_ONLY),
    Bench("consultations:staff-export-contributions-csv", consultation_with_outcome, STAFF_ONLY),
    Bench("consultations:staff-summary-pdf", consultation_with_outcome, STAFF_ONLY),
)
SKIP: dict[str, str] = {
    "consultations:staff-outcome-check": POST_ONLY,
    "consultations:staff-outcome-publish": (
        "a confirmation over the outcome page, which is timed; once published, as the demo's "
        "outcome is, it goes back to that page"
    ),
}
