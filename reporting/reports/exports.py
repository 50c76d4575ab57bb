"""Exports of a report: every figure as CSV, and a governance pack as a tagged PDF.

Both are made from a report dict (live from `reporting.reports.figures`, or frozen in a pack) and
nothing else. A pack is always the steering group's figures; a live CSV downloaded by staff holds
the exact ones, and every row says which it holds.
"""

import csv
import io

from django.http import HttpResponse
from django.template.loader import render_to_string

from cocreation.lib.disclosure import EXACT_NOTICE
from cocreation.lib.pdf import html_to_pdf
from cocreation.lib.spreadsheets import csv_cell

from .summary import summary_of_pack

CSV_HEADER = (
    "Section",
    "Figure",
    "Period",
    "Value",
    "Numerator",
    "Denominator",
    "Previous period",
    "Previous value",
    "Previous numerator",
    "Previous denominator",
    "How this is worked out",
    "Which figures",
)
WHICH = {
    "exact": EXACT_NOTICE,
    "steering": "Steering group figures: small numbers of people hidden, people rounded to 5",
}
LEVELS_SECTION = "Activities by engagement level"


def figure_rows(report: dict) -> list[list[str]]:
    """One row per figure, then two per engagement level (activities, participant-hours)."""
    period = (report.get("period") or {}).get("label", "")
    previous = (report.get("previous_period") or {}).get("label", "")
    # Packs frozen before exact reports existed hold steering figures.
    which = WHICH[report.get("disclosure", "steering")]
    rows = []
    for section in report.get("sections", []):
        for figure in section.get("figures", []):
            now = figure.get("current") or {}
            before = figure.get("previous") or {}
            rows.append(
                [
                    section.get("title", ""),
                    figure.get("label", ""),
                    period,
                    now.get("value", ""),
                    now.get("numerator", ""),
                    now.get("denominator", ""),
                    previous,
                    before.get("value", ""),
                    before.get("numerator", ""),
                    before.get("denominator", ""),
                    figure.get("how", ""),
                    which,
                ]
            )
    for level in report.get("levels", []):
        name = f"Level {level.get('level', '')}: {level.get('name', '')}"
        for label, key, how in (
            ("Activities", "activities", "Activities held at this level in the period."),
            (
                "Participant-hours",
                "participant_hours",
                "Hours each person attended, added up, for activities at this level in the period.",
            ),
        ):
            # The figures work also gives each level's previous-period counts, where it has them.
            before = level.get(f"previous_{key}")
            rows.append(
                [LEVELS_SECTION, f"{label}, {name}", period, level.get(key, ""), "", ""]
                + ([previous, before, "", ""] if before is not None else ["", "", "", ""])
                + [how, which]
            )
    return rows


def figures_csv(report: dict) -> str:
    """The report's figures as CSV text, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in figure_rows(report):
        writer.writerow([csv_cell(cell, keep_signed_numbers=True) for cell in row])
    return out.getvalue()


def figures_csv_response(report: dict, filename: str) -> HttpResponse:
    """A download of the report's figures; the byte-order mark lets Excel read it as UTF-8."""
    response = HttpResponse("\ufeff" + figures_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- PDF ---------------------------------------------------------------------------------------


def pack_pdf(pack) -> bytes:
    """The pack as a PDF/UA-1 document: tagged headings and table headers, a title, en-GB."""
    content = pack.content
    report = content.get("report", {})
    mix = (report.get("series") or {}).get("level_mix") or {}
    html = render_to_string(
        "reporting/pdf/pack.html",
        {
            "pack": pack,
            "report": report,
            "level_mix_rows": list(
                zip(mix.get("periods", []), mix.get("activities", []), strict=False)
            ),
            "narrative": content.get("narrative", ""),
            "signature": content.get("signature", ""),
            "summary": summary_of_pack(content),
        },
    )
    return html_to_pdf(html, render_to_string("reporting/pdf/pack.css"))
