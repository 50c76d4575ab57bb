"""Staff export every answer, and every idea and post, as formula-safe CSV streamed in a fixed
number of queries, naming nobody; and a summary PDF."""

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import ContributionKind, ResponseChannel
from tests.consultations.factories import ContributionFactory
from tests.consultations.outcomes_factories import answer, answered_consultation

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def _csv_url(consultation):
    return reverse("consultations:staff-export-csv", args=[consultation.pk])


def test_one_row_per_response_with_a_column_per_question(staff_client):
    consultation, questions = answered_consultation(people=2, public=1)
    response = staff_client.get(_csv_url(consultation))
    assert response["Content-Disposition"] == (
        f'attachment; filename="have-your-say-{consultation.pk}-answers.csv"'
    )
    header, *rows = _rows(response)
    assert header == [
        "Response number",
        "Submitted (date)",
        "How they answered",
        "Helped by staff",
        "Area",
        "Question 1: Which times would you call?",
        "Question 2: How would you like to get in touch?",
        "Question 3: The crisis line is easy to reach",
        "Question 4: Anything else?",
    ]
    assert len(rows) == 3
    assert rows[-1][2] == "Public, without signing in"
    assert rows[0][6] == "Text" and rows[0][7] == "4"


def test_choices_are_joined_and_assisted_answers_marked(staff_client):
    consultation, questions = answered_consultation(people=0)
    answer(
        consultation,
        questions,
        choices=("Phone", "Email"),
        channel=ResponseChannel.ASSISTED,
    )
    _, row = _rows(staff_client.get(_csv_url(consultation)))
    assert row[6] == "Phone; Email"
    assert row[3] == "yes"


def test_a_written_answer_that_looks_like_a_formula_stays_text_and_no_name_is_in_it(staff_client):
    consultation, questions = answered_consultation(people=1)
    answer(consultation, questions, text='=HYPERLINK("http://evil.example","Click")')
    body = b"".join(staff_client.get(_csv_url(consultation)).streaming_content).decode()
    assert "'=HYPERLINK(" in body
    assert ",=HYPERLINK" not in body and '"=HYPERLINK' not in body
    person = consultation.responses.exclude(cocreator=None).first().cocreator
    assert person.full_name not in body and person.email not in body


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        b"".join(client.get(url).streaming_content)
    return len(captured)


def test_the_export_costs_the_same_queries_for_2_and_20_responses(staff_client):
    few, _ = answered_consultation(people=2)
    many, _ = answered_consultation(people=14, public=6)
    _queries(staff_client, _csv_url(few))  # the session, once
    assert _queries(staff_client, _csv_url(few)) == _queries(staff_client, _csv_url(many))


def test_ideas_and_posts_export_names_nobody_and_is_formula_safe(staff_client):
    consultation, _ = answered_consultation(people=1)
    idea = ContributionFactory(consultation=consultation, title="@SUM(A1:A9)")
    ContributionFactory(consultation=consultation, kind=ContributionKind.POST, reply_to=idea)
    url = reverse("consultations:staff-export-contributions-csv", args=[consultation.pk])
    response = staff_client.get(url)
    header, first, second = _rows(response)
    assert header[0] == "Number" and "Supporters (ideas)" in header
    assert first[3] == "'@SUM(A1:A9)"
    assert second[1] == "Post" and second[2] == str(idea.pk)
    body = ",".join(first + second)
    assert idea.author.full_name not in body


def test_the_summary_is_a_pdf(staff_client):
    consultation, _ = answered_consultation(people=3)
    response = staff_client.get(reverse("consultations:staff-summary-pdf", args=[consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_an_idea_whose_writer_left_is_marked_removed_in_the_export(staff_client):
    consultation, _ = answered_consultation(people=1)
    gone = ContributionFactory(consultation=consultation, title="", body="")
    type(gone).objects.filter(pk=gone.pk).update(removed_at=gone.created_at)
    url = reverse("consultations:staff-export-contributions-csv", args=[consultation.pk])
    _, row = _rows(staff_client.get(url))
    assert row[4] == "(Removed when its writer left)"
