"""A newsletter's "You said, we did" highlights are chosen with a picker (cocreation.lib.pickers):
the newest published changes, then search for others; never every published change."""

import datetime as dt

import pytest
from django.utils import timezone

from cocreation.lib.pickers import PAGE_SIZE
from impact.models import ImpactRecord
from reporting.newsletters.models import NewsletterIssue
from tests.frontend.pickers import picker_boxes, picker_labels, picker_status, picker_ticked
from tests.impact.factories import ImpactRecordFactory

from .test_newsletters import compose_data

pytestmark = pytest.mark.django_db

ADD = "/staff/newsletters/new/"


def _published(count, prefix="Change"):
    start = timezone.now() - dt.timedelta(days=count)
    return ImpactRecord.objects.bulk_create(
        ImpactRecordFactory.build(
            title=f"{prefix} {i:02d}", published=True, published_at=start + dt.timedelta(days=i)
        )
        for i in range(count)
    )


def test_the_newest_published_are_offered_and_the_rest_found_by_searching(staff_client):
    _published(35)
    ImpactRecordFactory(title="Change draft")

    html = staff_client.get(ADD).text
    labels = picker_labels(html, "highlights")
    assert len(labels) == PAGE_SIZE
    assert labels[0].startswith("Change 34 (published ")
    assert not any(picker_ticked(html, "highlights"))
    assert picker_status(html, "highlights") == (
        "Showing the 20 newest of 35. Search to find others."
    )

    found = staff_client.post(
        ADD, compose_data(highlights__q="change 03", highlights__search="1")
    ).text
    assert [label.split(" (")[0] for label in picker_labels(found, "highlights")] == ["Change 03"]
    drafts = staff_client.post(ADD, compose_data(highlights__q="draft", highlights__search="1"))
    assert picker_boxes(drafts.text, "highlights") == []  # not published, so not offered


def test_searching_saves_nothing_and_shows_no_errors_even_for_a_half_written_section(
    staff_client,
):
    _published(3)
    data = compose_data(
        **{
            "sections-1-heading": "Only a heading",
            "highlights__q": "change",
            "highlights__search": "1",
        }
    )
    html = staff_client.post(ADD, data).text
    assert "There is a problem" not in html and "Enter the text for" not in html
    assert len(picker_boxes(html, "highlights")) == 3
    assert 'value="Only a heading"' in html
    assert not NewsletterIssue.objects.exists()


def test_a_highlight_ticked_is_saved_and_shown_ticked_first(staff_client):
    records = _published(25)
    response = staff_client.post(ADD, compose_data(highlights=[str(records[2].pk)]))
    assert response.status_code == 302
    issue = NewsletterIssue.objects.get()
    assert list(issue.highlights.all()) == [records[2]]

    html = staff_client.get(f"/staff/newsletters/{issue.pk}/edit/").text
    assert picker_labels(html, "highlights")[0].startswith("Change 02 (published ")
    assert picker_ticked(html, "highlights")[:2] == [True, False]
    assert len(picker_boxes(html, "highlights")) == 1 + PAGE_SIZE


def test_an_unpublished_or_made_up_record_is_refused(staff_client):
    draft = ImpactRecordFactory(title="Not yet")
    for forged in (draft.pk, 999999):
        response = staff_client.post(ADD, compose_data(highlights=[str(forged)]))
        assert response.status_code == 200
        assert "Choose from the matches shown, or search again" in response.text
    assert not NewsletterIssue.objects.exists()
