"""Newsletters list the public consultations open now, after the ways to get involved (every
issue is on the public archive); a sent issue keeps the list it went out with."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations.models import Audience
from reporting.newsletters import selectors, services
from tests.consultations.factories import ConsultationFactory
from tests.reporting.factories import NewsletterReaderFactory

from .reach_factories import group_interested_in, service_area


def draft():
    return services.newsletter_save(
        issue=None,
        actor=None,
        title="Spring news",
        intro="Hello everyone.",
        sections=[("Our garden", "We planted bulbs.")],
        highlights=[],
    )


def _closing_in(days, **fields):
    return ConsultationFactory(closes_at=timezone.now() + dt.timedelta(days=days), **fields)


def _listed(content) -> list[str]:
    extras = {e["key"]: e for e in content["extras"]}
    return [item["title"] for item in extras.get("consultations", {}).get("items", [])]


def test_the_issue_lists_live_public_consultations_closing_soonest_first(db):
    _closing_in(9, title="For co-creators")
    _closing_in(3, title="For anyone", audience=Audience.PUBLIC)
    _closing_in(1, title="Draft", draft=True)
    ConsultationFactory(title="Ended", ended=True)
    _closing_in(
        2,
        title="For a group",
        audience=Audience.GROUP,
        group=group_interested_in(service_area("Acute wards")),
    )
    _closing_in(5, title="Also for anyone", audience=Audience.PUBLIC)
    assert _listed(selectors.newsletter_content(draft())) == ["For anyone", "Also for anyone"]


def test_nothing_is_added_when_none_is_open(db):
    ConsultationFactory(title="Ended", ended=True)
    assert selectors.newsletter_content(draft())["extras"] == []


def test_staff_see_the_list_in_the_preview(staff_client):
    consultation = _closing_in(3, title="Crisis line hours", audience=Audience.PUBLIC)
    issue = draft()
    html = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    web = html[html.index('id="web-version"') : html.index('id="email-version"')]
    email = html[html.index('id="email-version"') :]
    for part in (web, email):
        assert "Have your say online" in part
        assert "Crisis line hours" in part
        assert reverse("consultations:detail", args=[consultation.pk]) in part


def test_the_sent_email_has_the_list_and_the_archive_keeps_it(
    db, anonymous, django_capture_on_commit_callbacks
):
    NewsletterReaderFactory(full_name="Ann Email")
    consultation = _closing_in(3, title="Crisis line hours", audience=Audience.PUBLIC)
    issue = draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send(issue=issue)
    email = mail.outbox[0]
    assert "HAVE YOUR SAY ONLINE" in email.body and "Crisis line hours" in email.body
    assert "<h2>Have your say online</h2>" in email.alternatives[0][0]
    # Once sent, the issue says what it said then, even after the consultation ends.
    consultation.closes_at = timezone.now() - dt.timedelta(minutes=1)
    consultation.opens_at = timezone.now() - dt.timedelta(days=2)
    consultation.save()
    page = anonymous.get(reverse("reporting:newsletter-issue", args=[issue.pk]))
    assert page.status_code == 200
    assert "Crisis line hours" in page.content.decode()


def test_the_public_archive_shows_no_consultation_for_co_creators_or_a_group(
    db, anonymous, django_capture_on_commit_callbacks
):
    NewsletterReaderFactory(full_name="Ann Email")
    _closing_in(3, title="Members only", audience=Audience.COCREATORS)
    _closing_in(
        4,
        title="Ward group only",
        audience=Audience.GROUP,
        group=group_interested_in(service_area("Acute wards")),
    )
    issue = draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send(issue=issue)
    page = anonymous.get(reverse("reporting:newsletter-issue", args=[issue.pk])).content.decode()
    for words in ("Members only", "Ward group only", "Have your say online"):
        assert words not in page
        assert words not in mail.outbox[0].body
