"""Exports in a person's story (community/story.py): each part of a claim sent to finance, and
whether finance has paid it. Registered from the approval package's wire()."""

from __future__ import annotations

from django.urls import reverse

from community.story import StoryRow, story_limited

from ..models import ExportKind, PaymentExportLine
from ..money import money_text

_WHAT = {
    ExportKind.PAYROLL: "payment",
    ExportKind.EXPENSES: "expenses",
}


def export_line_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Each claim's payment or expenses on an export to finance, newest first. One query."""
    lines = (
        PaymentExportLine.objects.filter(claim__cocreator=cocreator)
        .select_related("export", "claim__activity")
        .order_by("-export__created_at", "-pk")
    )
    rows = []
    for line in story_limited(lines, limit):
        export, what = line.export, _WHAT.get(line.kind, "claim")
        paid = "Paid by finance" if export.paid_at else "Not paid by finance yet"
        if for_staff:
            title = f"Put on {export.get_kind_display().lower()} export number {export.pk}"
            url = reverse("payments:export-detail", args=[export.pk])
        else:
            title = f"Your {what} sent to finance to pay"
            url = reverse("payments:my-claim", args=[line.claim_id])
        rows.append(
            StoryRow(
                when=export.created_at,
                kind="Payment",
                title=title,
                detail=f"{line.claim.activity.title}: {money_text(line.amount)}. {paid}",
                url=url,
            )
        )
    return rows
