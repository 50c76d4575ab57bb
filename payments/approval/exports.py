"""The CSV of an export run for finance: finance's columns, a row per line, formula-safe
(`cocreation.lib.spreadsheets`), the same rows at every download."""

from __future__ import annotations

from django.utils import timezone

from activities.models import Project

from ..models import PaymentExport
from ..money import pence
from .selectors import claim_reference, export_lines

CSV_HEADER = (
    "Run number",
    "Line",
    "Payroll or supplier number",
    "Full name",
    "Claim reference",
    "Session date",
    "Session title",
    "Project",
    "Engagement level",
    "Hours",
    "Amount",
    "Cost centre or project",
    "Approved by",
    "Approved date",
)


def project_code(project: Project | None) -> str:
    """The project as a cost code finance can map to a cost centre."""
    return f"PROJECT-{project.pk:04d}" if project is not None else ""


def _name(user) -> str:
    return (user.full_name or user.email) if user is not None else ""


def export_csv_rows(export: PaymentExport):
    """The run's CSV: the header first (so the download starts at once), then a row a line.

    The same rows every time: a run's lines never change once it is made.
    """
    yield CSV_HEADER
    for number, line in enumerate(export_lines(export).iterator(chunk_size=500), start=1):
        claim = line.claim
        activity = claim.activity
        payee = getattr(claim.cocreator, "payee", None)
        approvers = [u for u in (claim.approved_by, claim.second_approved_by) if u is not None]
        approved = claim.second_approved_at or claim.approved_at
        yield (
            export.pk,
            number,
            payee.payroll_reference if payee is not None else "",
            claim.cocreator.full_name,
            claim_reference(claim.pk),
            timezone.localdate(activity.starts_at).isoformat(),
            activity.title,
            activity.project.title if activity.project else "",
            activity.get_level_display(),
            str(pence(claim.hours)),
            str(pence(line.amount)),
            project_code(activity.project),
            "; ".join(_name(u) for u in approvers),
            timezone.localdate(approved).isoformat() if approved else "",
        )
