"""A consultation's answers, ideas and posts as CSV, and its summary as a PDF, for staff.

The CSVs carry what people said, never who said it: no names, contact details or person ids, so
a file can be shared for analysis with less risk. Staff who need to know who gave an answer
have that in the product (the person's record and story); a response number lets them find
the one they mean. An area is given (the area a public visitor chose, or the co-creator's), as
it helps see whose voice is missing. Every cell goes through `csv_cell` (formula-safe), and each
file is streamed as it is read, in one query however many rows there are.

Ideas and posts are a second CSV rather than in the PDF: posts are a conversation (replies,
hidden and waiting ones) that reads badly on paper and is worth sorting in a spreadsheet. The
PDF has the ideas ranked by support and the counts of posts.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from cocreation.lib.dates import date_text, in_uk
from cocreation.lib.disclosure import EXACT, EXACT_NOTICE
from cocreation.lib.pdf import html_to_pdf

from ..models import Consultation, Contribution, Moderation, Outcome, QuestionKind, Response
from .selectors import REMOVED, results_for, results_shown, supporters_count


def answers_filename(consultation: Consultation) -> str:
    return f"have-your-say-{consultation.pk}-answers.csv"


def contributions_filename(consultation: Consultation) -> str:
    return f"have-your-say-{consultation.pk}-ideas-and-posts.csv"


def _day(moment) -> str:
    return in_uk(moment).date().isoformat() if moment else ""


def _answer_cell(kind: str, choices, scale, text) -> object:
    if kind in (QuestionKind.CHOICE, QuestionKind.CHOICES):
        return "; ".join(c for c in (choices or []) if c)
    if kind == QuestionKind.SCALE:
        return scale
    return text or ""


def answer_rows(consultation: Consultation) -> Iterator[list]:
    """The header, then one row per response: its number, date, channel, whether staff helped,
    the area, and a column per question (choices joined with "; ")."""
    questions = list(consultation.questions.all())
    yield [
        "Response number",
        "Submitted (date)",
        "How they answered",
        "Helped by staff",
        "Area",
        *[f"Question {n}: {q.text}" for n, q in enumerate(questions, start=1)],
    ]
    column = {q.pk: i for i, q in enumerate(questions)}
    kinds = {q.pk: q.kind for q in questions}
    channels = dict(Response._meta.get_field("channel").choices)
    rows = (
        Response.objects.filter(consultation=consultation)
        .annotate(area=Coalesce("locality__name", "cocreator__locality__name"))
        .order_by("submitted_at", "pk", "answers__question_id")
        .values_list(
            "pk",
            "submitted_at",
            "channel",
            "area",
            "answers__question_id",
            "answers__choices",
            "answers__scale",
            "answers__text",
        )
    )
    for pk, group in groupby(rows.iterator(chunk_size=500), key=lambda row: row[0]):
        cells = [""] * len(questions)
        first = None
        for row in group:
            first = first or row
            question_id = row[4]
            if question_id in column:
                cells[column[question_id]] = _answer_cell(kinds[question_id], *row[5:8])
        _, submitted, channel, area = first[:4]
        yield [
            pk,
            _day(submitted),
            channels.get(channel, channel),
            "yes" if channel == "assisted" else "no",
            area or "",
            *cells,
        ]


def contribution_rows(consultation: Consultation) -> Iterator[list]:
    """The header, then every idea and post, hidden and waiting ones too (marked), with no
    author named: only whether the involvement team wrote it."""
    yield [
        "Number",
        "Idea or post",
        "Replying to number",
        "Title",
        "Words",
        "Supporters (ideas)",
        "Shown, waiting or hidden",
        "Written by the involvement team",
        "Added (date)",
    ]
    states = dict(Moderation.choices)
    rows = (
        Contribution.objects.filter(consultation=consultation)
        .annotate(supporters=supporters_count())
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "kind",
            "reply_to_id",
            "title",
            "body",
            "supporters",
            "moderation",
            "as_team",
            "created_at",
            "removed_at",
        )
    )
    for (
        pk,
        kind,
        reply_to,
        title,
        body,
        supporters,
        moderation,
        as_team,
        created,
        removed,
    ) in rows.iterator(chunk_size=500):
        yield [
            pk,
            "Idea" if kind == "idea" else "Post",
            reply_to or "",
            title,
            f"({REMOVED})" if removed else body,
            supporters if kind == "idea" else "",
            states.get(moderation, moderation),
            "yes" if as_team else "no",
            _day(created),
        ]


def summary_pdf(consultation: Consultation) -> bytes:
    """The consultation's summary for the involvement team: topic, dates, level, reach, the
    results (exact, marked as theirs), ideas ranked by support and the outcome if written."""
    outcome = Outcome.objects.filter(consultation=consultation).first()
    html = render_to_string(
        "consultations/outcomes/pdf/summary.html",
        {
            "consultation": consultation,
            "results": results_shown(results_for(consultation), EXACT),
            "outcome": outcome,
            "notice": EXACT_NOTICE,
            "opens": date_text(consultation.opens_at),
            "ends": date_text(consultation.ended_at),
            "made": date_text(timezone.now()),
        },
    )
    return html_to_pdf(html, render_to_string("consultations/outcomes/pdf/summary.css"))
