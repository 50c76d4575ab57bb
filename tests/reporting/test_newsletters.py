"""The newsletter: staff compose, check readability, preview, schedule and send; the public archive."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from cocreation.jobs.models import OutboxMessage
from community.messaging.queueing import broadcast_add
from community.models import (
    AccessNeed,
    CoCreatorStatus,
    Message,
    MessageChannel,
    MessageStatus,
    NewsletterChoice,
)
from reporting.newsletters import building, selectors, services
from reporting.newsletters.models import NewsletterIssue, NewsletterSection, NewsletterStatus
from reporting.tasks import send_due_newsletters
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for
from tests.impact.factories import ImpactRecordFactory
from tests.reporting.factories import NewsletterReaderFactory

# --- Helpers ------------------------------------------------------------------------------------


def draft(
    title="Spring news", *, sections=(("Our garden", "We planted bulbs. They look lovely."),)
):
    issue = services.newsletter_save(
        issue=None,
        actor=None,
        title=title,
        intro="Hello everyone. Here is our news.",
        sections=list(sections),
        highlights=[],
    )
    return issue


def compose_data(**overrides):
    data = {
        "title": "Spring news",
        "intro": "Hello everyone. Here is our news.",
        "sections-TOTAL_FORMS": "3",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "6",
        "sections-0-heading": "Our garden",
        "sections-0-body": "We planted bulbs in March.\n\nThey look lovely now.",
        "sections-1-heading": "",
        "sections-1-body": "",
        "sections-2-heading": "",
        "sections-2-body": "",
        "save": "",
    }
    data.update(overrides)
    return data


# --- Who may see what ---------------------------------------------------------------------------


def _staff_urls(issue):
    return [
        "/staff/newsletters/",
        "/staff/newsletters/new/",
        f"/staff/newsletters/{issue.pk}/",
        f"/staff/newsletters/{issue.pk}/edit/",
        f"/staff/newsletters/{issue.pk}/progress/",
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_staff_page(anonymous, db):
    for url in _staff_urls(draft()):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_cocreators_and_steering_members_are_refused_every_staff_page(
    cocreator_client, steering_client
):
    issue = draft()
    for client in (cocreator_client, steering_client):
        for url in _staff_urls(issue):
            assert client.get(url).status_code == 403, url
        assert client.post(f"/staff/newsletters/{issue.pk}/", {"action": "send"}).status_code == 403
    assert not Message.objects.exists()


def test_a_cocreator_cannot_write_a_newsletter(cocreator_client):
    response = cocreator_client.post("/staff/newsletters/new/", compose_data())
    assert response.status_code == 403
    assert not NewsletterIssue.objects.exists()


# --- Composing ----------------------------------------------------------------------------------


def test_an_empty_title_shows_the_error_summary_and_saves_nothing(staff_client):
    response = staff_client.post("/staff/newsletters/new/", compose_data(title=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter a title for the newsletter" in html
    assert "<title>Error:" in html
    assert not NewsletterIssue.objects.exists()
    assert not NewsletterSection.objects.exists()


def test_a_section_with_text_but_no_heading_is_refused(staff_client):
    data = compose_data(**{"sections-1-body": "Some words without a heading."})
    response = staff_client.post("/staff/newsletters/new/", data)
    html = response.content.decode()
    assert "Enter a heading for section 2" in html
    assert 'href="#id_sections-1-heading"' in html
    assert not NewsletterIssue.objects.exists()


def test_composing_saves_the_sections_in_order_and_the_highlights(staff_client, staff_member):
    record = ImpactRecordFactory(published=True)
    unpublished = ImpactRecordFactory(title="Not yet")
    data = compose_data(
        **{
            "sections-1-heading": "Coffee mornings",
            "sections-1-body": "Come and chat.",
            "highlights": [str(record.pk)],
        }
    )
    response = staff_client.post("/staff/newsletters/new/", data)
    issue = NewsletterIssue.objects.get()
    assert response.status_code == 302
    assert response.url == f"/staff/newsletters/{issue.pk}/"
    assert issue.status == NewsletterStatus.DRAFT
    assert issue.created_by == staff_member
    assert [(s.position, s.heading) for s in issue.sections.all()] == [
        (1, "Our garden"),
        (2, "Coffee mornings"),
    ]
    assert list(issue.highlights.all()) == [record]
    # A record that is not published is not offered as a highlight.
    page = staff_client.get(f"/staff/newsletters/{issue.pk}/edit/").content.decode()
    assert record.title in page and unpublished.title not in page


def test_saving_shows_three_more_empty_sections_up_to_six(staff_client):
    issue = draft(sections=[(f"Part {n}", "Some text.") for n in range(1, 5)])
    page = staff_client.get(f"/staff/newsletters/{issue.pk}/edit/").content.decode()
    assert 'name="sections-TOTAL_FORMS" value="6"' in page
    assert "Part 4" in page
    issue = draft("Short", sections=[("Only", "One section.")])
    page = staff_client.get(f"/staff/newsletters/{issue.pk}/edit/").content.decode()
    assert 'name="sections-TOTAL_FORMS" value="4"' in page


def test_clearing_a_section_removes_it(staff_client):
    issue = draft(sections=[("First", "One."), ("Second", "Two.")])
    data = compose_data(
        **{
            "sections-TOTAL_FORMS": "3",
            "sections-INITIAL_FORMS": "2",
            "sections-0-heading": "",
            "sections-0-body": "",
            "sections-1-heading": "Second",
            "sections-1-body": "Two.",
        }
    )
    staff_client.post(f"/staff/newsletters/{issue.pk}/edit/", data)
    assert [(s.position, s.heading) for s in issue.sections.all()] == [(1, "Second")]


def test_check_readability_saves_the_draft_and_shows_the_scores(staff_client):
    response = staff_client.post("/staff/newsletters/new/", compose_data(check=""))
    issue = NewsletterIssue.objects.get()
    assert response.url == f"/staff/newsletters/{issue.pk}/edit/#readability"
    page = staff_client.get(response.url).content.decode()
    whole = selectors.newsletter_readability(issue)["whole"]
    assert "How easy it is to read" in page
    assert "We aim for 60 or more" in page
    assert f"<strong>{whole.rounded}</strong>" in page
    assert whole.verdict in page
    assert "Our garden" in page  # the section's own row
    assert "Introduction" in page


def test_hard_text_is_shown_as_below_the_aim(staff_client):
    hard = (
        "Notwithstanding considerable organisational complexities, comprehensive multidisciplinary "
        "engagement methodologies necessitated substantial additional consideration."
    )
    issue = draft(sections=[("Governance", hard)])
    page = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert "Below the aim" in page
    assert "try shorter sentences" in page


# --- The preview --------------------------------------------------------------------------------


def test_the_preview_shows_the_web_and_email_versions_with_everything_in_them(staff_client):
    record = ImpactRecordFactory(published=True)
    soon = ActivityFactory(title="Garden design session")
    ActivityFactory(title="Far-off planning day", starts_at=timezone.now() + dt.timedelta(weeks=10))
    private = ActivityFactory(title="Staff-only session", is_public=False)
    issue = draft()
    issue.highlights.set([record])
    response = staff_client.get(f"/staff/newsletters/{issue.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    web = html[html.index('id="web-version"') : html.index('id="email-version"')]
    email = html[html.index('id="email-version"') :]
    for part in (web, email):
        assert "Our garden" in part
        assert "<p>We planted bulbs. They look lovely.</p>" in part
        assert record.title in part and record.we_did in part
        assert soon.title in part
        assert "Far-off planning day" not in part  # more than six weeks away
        assert private.title not in part
    assert 'id="email-subject">Spring news<' in email
    assert "Hello [their name]," in email
    assert "unsubscribe from our emails" in email
    assert "Change what we send you" in email


def test_the_preview_escapes_what_staff_wrote(staff_client):
    issue = draft(sections=[("<b>Bold</b>", "<script>alert(1)</script>")])
    html = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html


def test_the_preview_counts_people_by_channel_and_lists_those_to_post_to(staff_client, settings):
    NewsletterReaderFactory(full_name="Ann Email")
    NewsletterReaderFactory(
        full_name="Ben Text", email="", prefers_email=False, prefers_sms=True, phone="07700900001"
    )
    NewsletterReaderFactory(
        full_name="Cat Post",
        email="",
        prefers_email=False,
        prefers_post=True,
        address="1 High Street\nMaidstone",
        postcode="ME1 1AA",
    )
    NewsletterReaderFactory(
        full_name="Dan Large", access_needs=[AccessNeed.LARGE_PRINT], address="2 Low Road"
    )
    NewsletterReaderFactory(full_name="Eve No", newsletter=NewsletterChoice.NO, prefers_post=True)
    NewsletterReaderFactory(full_name="Fay Left", status=CoCreatorStatus.LEFT)
    issue = draft()
    html = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert 'id="audience-email">2<' in html  # Ann and Dan
    assert 'id="audience-sms">1<' in html
    assert 'id="audience-neither">1<' in html
    assert 'id="audience-by-hand">2<' in html
    assert "Cat Post" in html and "1 High Street<br>Maidstone" in html and "ME1 1AA" in html
    assert "Dan Large" in html
    assert "Eve No" not in html and "Fay Left" not in html


def test_without_text_messages_set_up_nobody_is_counted_as_reached_by_text(staff_client, settings):
    settings.SMS_BACKEND = "none"
    NewsletterReaderFactory(
        full_name="Ben Text", email="", prefers_email=False, prefers_sms=True, phone="07700900001"
    )
    html = staff_client.get(f"/staff/newsletters/{draft().pk}/").content.decode()
    assert 'id="audience-sms">0<' in html
    assert 'id="audience-neither">1<' in html


# --- Scheduling ---------------------------------------------------------------------------------


def _schedule_data(moment):
    local = timezone.localtime(moment)
    return {
        "action": "schedule",
        "schedule-send_on_day": str(local.day),
        "schedule-send_on_month": str(local.month),
        "schedule-send_on_year": str(local.year),
        "schedule-send_time": f"{local:%H:%M}",
    }


def test_a_time_in_the_past_is_refused_and_the_issue_stays_a_draft(staff_client):
    issue = draft()
    data = _schedule_data(timezone.now() - dt.timedelta(days=1))
    response = staff_client.post(f"/staff/newsletters/{issue.pk}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "must be in the future" in html
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.DRAFT and issue.send_at is None


def test_scheduling_then_cancelling(staff_client):
    issue = draft()
    when = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    response = staff_client.post(f"/staff/newsletters/{issue.pk}/", _schedule_data(when))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SCHEDULED
    assert issue.send_at == when
    page = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert "This newsletter will be sent on" in page
    staff_client.post(f"/staff/newsletters/{issue.pk}/", {"action": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.DRAFT and issue.send_at is None


def test_the_task_sends_a_scheduled_issue_only_when_it_is_due(db):
    NewsletterReaderFactory(full_name="Ann Email")
    issue = draft()
    now = timezone.now()
    services.newsletter_schedule(issue=issue, send_at=now + dt.timedelta(hours=1), now=now)
    assert send_due_newsletters() == 0  # the real task, run now: not yet
    assert services.newsletters_send_due(now=now + dt.timedelta(minutes=59)) == 0
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SCHEDULED
    assert not Message.objects.exists()
    assert services.newsletters_send_due(now=now + dt.timedelta(hours=1)) == 1
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING
    # The worker's build is queued (this test's clock runs ahead, so the stalled-build check
    # queues it once more: a build adds nobody twice).
    assert {(o.task_name, o.kwargs["issue_id"]) for o in OutboxMessage.objects.all()} == {
        ("reporting.build_newsletter", issue.pk)
    }
    services.newsletter_build(issue_id=issue.pk)
    assert Message.objects.filter(broadcast=issue.broadcast).count() == 1
    # A second run finds nothing due.
    assert services.newsletters_send_due(now=now + dt.timedelta(hours=2)) == 0
    assert Message.objects.count() == 1


def test_an_issue_unscheduled_after_the_due_list_was_read_is_not_sent(db):
    NewsletterReaderFactory(full_name="Ann Email")
    issue = draft()
    now = timezone.now()
    services.newsletter_schedule(issue=issue, send_at=now + dt.timedelta(hours=1), now=now)
    later = now + dt.timedelta(hours=2)
    due = list(NewsletterIssue.objects.due(later).values_list("pk", flat=True))
    assert due == [issue.pk]
    services.newsletter_unschedule(issue=issue)
    result = services.newsletter_send(
        issue=NewsletterIssue(pk=due[0]), now=later, require_due=later
    )
    assert result.status == NewsletterStatus.DRAFT and result.sent_at is None
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.DRAFT and issue.broadcast_id is None
    assert not Message.objects.exists()


def test_send_due_skips_an_issue_unscheduled_or_moved_later_while_it_runs(db, monkeypatch):
    NewsletterReaderFactory(full_name="Ann Email")
    gone, moved = draft("Gone"), draft("Moved")
    now = timezone.now()
    for issue in (gone, moved):
        services.newsletter_schedule(issue=issue, send_at=now + dt.timedelta(hours=1), now=now)
    real_send = services.newsletter_send

    def send_after_a_change(*, issue, **kwargs):
        # Someone changes the schedule between the due list being read and the send.
        if issue.pk == gone.pk:
            services.newsletter_unschedule(issue=gone)
        else:
            services.newsletter_schedule(issue=moved, send_at=now + dt.timedelta(days=5), now=now)
        return real_send(issue=issue, **kwargs)

    monkeypatch.setattr(services, "newsletter_send", send_after_a_change)
    assert services.newsletters_send_due(now=now + dt.timedelta(hours=2)) == 0
    gone.refresh_from_db()
    moved.refresh_from_db()
    assert gone.status == NewsletterStatus.DRAFT
    assert moved.status == NewsletterStatus.SCHEDULED
    assert moved.send_at == now + dt.timedelta(days=5)
    assert not Message.objects.exists()


# --- Sending ------------------------------------------------------------------------------------


def test_sending_needs_the_confirmation(staff_client):
    NewsletterReaderFactory(full_name="Ann Email")
    issue = draft()
    response = staff_client.post(f"/staff/newsletters/{issue.pk}/", {"action": "send"})
    assert response.status_code == 200
    assert "Confirm that you want to send this newsletter now" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.DRAFT
    assert not Message.objects.exists()


def test_send_now_makes_one_message_for_each_person_who_asked_for_it(staff_client, staff_member):
    ann = NewsletterReaderFactory(full_name="Ann Email")
    ben = NewsletterReaderFactory(
        full_name="Ben Text", email="", prefers_email=False, prefers_sms=True, phone="07700900001"
    )
    cat = NewsletterReaderFactory(
        full_name="Cat Post", email="", prefers_email=False, prefers_post=True
    )
    NewsletterReaderFactory(full_name="Eve No", newsletter=NewsletterChoice.NO)
    NewsletterReaderFactory(full_name="Fay Left", status=CoCreatorStatus.LEFT)
    issue = draft()
    response = staff_client.post(
        f"/staff/newsletters/{issue.pk}/", {"action": "send", "send-confirm": "on"}
    )
    assert response.status_code == 302
    assert response.url == f"/staff/newsletters/{issue.pk}/progress/"
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING
    assert issue.sent_at is not None
    assert (issue.recipients_expected, issue.prepared_at) == (3, None)
    broadcast = issue.broadcast
    assert broadcast.kind == "newsletter" and broadcast.created_by == staff_member
    assert not Message.objects.exists()  # the request made none: the worker does
    assert OutboxMessage.objects.get().task_name == "reporting.build_newsletter"
    assert services.newsletter_build(issue_id=issue.pk) == 3
    messages = {m.cocreator_id: m for m in Message.objects.filter(broadcast=broadcast)}
    assert set(messages) == {ann.pk, ben.pk, cat.pk}
    assert messages[ann.pk].channel == MessageChannel.EMAIL
    assert messages[ann.pk].status == MessageStatus.PENDING
    assert messages[ben.pk].channel == MessageChannel.SMS
    assert messages[cat.pk].status == MessageStatus.SKIPPED
    assert "by hand" in messages[cat.pk].reason
    assert Message.objects.count() == 3


def test_sending_twice_sends_nothing_twice(staff_client):
    NewsletterReaderFactory(full_name="Ann Email")
    NewsletterReaderFactory(full_name="Bea Email")
    issue = draft()
    for _ in range(2):
        staff_client.post(
            f"/staff/newsletters/{issue.pk}/", {"action": "send", "send-confirm": "on"}
        )
    services.newsletter_send(issue=issue)
    assert OutboxMessage.objects.count() == 1  # one build queued, for the first press
    services.newsletter_build(issue_id=issue.pk)
    services.newsletter_build(issue_id=issue.pk)
    assert Message.objects.count() == 2
    assert NewsletterIssue.objects.get().broadcast.messages.count() == 2


def test_the_emails_and_texts_go_out_with_the_issue_and_the_links(
    db, django_capture_on_commit_callbacks
):
    from community import notify

    notify.sms_outbox.clear()
    ann = NewsletterReaderFactory(full_name="Ann Email")
    NewsletterReaderFactory(
        full_name="Ben Text", email="", prefers_email=False, prefers_sms=True, phone="07700900001"
    )
    record = ImpactRecordFactory(published=True)
    ActivityFactory(title="Garden design session")
    issue = draft()
    issue.highlights.set([record])
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send(issue=issue)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [ann.email]
    assert email.subject == "Spring news"
    assert "Hello Ann Email," in email.body
    assert "OUR GARDEN" in email.body and "Garden design session" in email.body
    html = email.alternatives[0][0]
    assert "<h1>Spring news</h1>" in html
    assert "<h2>Our garden</h2>" in html
    assert record.title in html
    assert "/unsubscribe/" in html and "/portal/preferences/" in html
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    assert len(notify.sms_outbox) == 1
    assert "Spring news" in notify.sms_outbox[0]["body"]
    assert f"/newsletter/{issue.pk}/" in notify.sms_outbox[0]["body"]
    services.newsletters_mark_finished()
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENT


def test_a_sent_issue_cannot_be_changed(staff_client):
    NewsletterReaderFactory(full_name="Ann Email")
    issue = draft()
    services.newsletter_send(issue=issue)
    response = staff_client.get(f"/staff/newsletters/{issue.pk}/edit/")
    assert response.status_code == 302 and response.url == f"/staff/newsletters/{issue.pk}/"
    staff_client.post(f"/staff/newsletters/{issue.pk}/edit/", compose_data(title="Changed"))
    issue.refresh_from_db()
    assert issue.title == "Spring news"
    staff_client.post(f"/staff/newsletters/{issue.pk}/", {"action": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING
    with pytest.raises(Exception, match="cannot be changed"):
        services.newsletter_save(
            issue=issue, actor=None, title="Changed", intro="", sections=[], highlights=[]
        )
    page = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert "Send now" not in page and "It cannot be changed" in page


# --- The worker makes the messages ---------------------------------------------------------------


def _press_send(client, issue):
    return client.post(f"/staff/newsletters/{issue.pk}/", {"action": "send", "send-confirm": "on"})


@pytest.mark.parametrize("people", [3, 30])
def test_pressing_send_takes_the_same_queries_for_3_or_30_people(
    staff_client, people, django_assert_num_queries
):
    NewsletterReaderFactory.create_batch(people)
    issue = draft()
    staff_client.get(f"/staff/newsletters/{issue.pk}/")  # the session and sign-in are read once
    # The same number whatever the audience: the request makes no message (the worker does).
    with django_assert_num_queries(QUERIES_TO_PRESS_SEND):
        response = _press_send(staff_client, issue)
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.recipients_expected == people
    assert not Message.objects.exists()


QUERIES_TO_PRESS_SEND = 20  # with one for the consultations open now (a registered list)


def test_send_then_the_worker_sends_one_email_to_each_person(
    staff_client, django_capture_on_commit_callbacks
):
    people = NewsletterReaderFactory.create_batch(4)
    issue = draft()
    # After commit the build is handed to Celery (eager in tests): it makes the messages, a
    # batch at a time, and each batch is handed to delivery after it commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = _press_send(staff_client, issue)
    assert response.status_code == 302
    assert sorted(email.to[0] for email in mail.outbox) == sorted(p.email for p in people)
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 4
    issue.refresh_from_db()
    assert issue.prepared_at is not None
    assert issue.prepared_through == max(p.pk for p in people)
    services.newsletters_mark_finished()
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENT


def test_a_retried_build_makes_no_second_message_and_starts_after_the_last_batch(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    people = NewsletterReaderFactory.create_batch(5)
    issue = services.newsletter_send(issue=draft())
    calls = []

    def fail_on_the_third_batch(**kwargs):
        calls.append(kwargs["recipients"])
        if len(calls) == 3:
            raise RuntimeError("the worker stopped")
        return broadcast_add(**kwargs)

    monkeypatch.setattr(building, "broadcast_add", fail_on_the_third_batch)
    with pytest.raises(RuntimeError):
        services.newsletter_build(issue_id=issue.pk, batch_size=2)
    issue.refresh_from_db()
    assert issue.prepared_through == people[3].pk and issue.prepared_at is None
    assert Message.objects.count() == 4
    # The retry goes on from the fifth person; a repeat after it finished adds nobody.
    assert services.newsletter_build(issue_id=issue.pk, batch_size=2) == 1
    assert calls[-1] == [people[4].pk]
    assert services.newsletter_build(issue_id=issue.pk) == 0
    # Even a build made to start again from the first person finds every key already there.
    NewsletterIssue.objects.filter(pk=issue.pk).update(prepared_through=0, prepared_at=None)
    assert services.newsletter_build(issue_id=issue.pk) == 5
    keys = list(Message.objects.values_list("key", flat=True))
    assert sorted(keys) == sorted(f"newsletter:{issue.pk}:{p.pk}" for p in people)


def test_people_who_join_after_send_is_pressed_do_not_get_that_issue(db):
    first = NewsletterReaderFactory()
    issue = services.newsletter_send(issue=draft())
    NewsletterReaderFactory()  # joins while the worker has not started yet
    services.newsletter_build(issue_id=issue.pk)
    assert list(Message.objects.values_list("cocreator_id", flat=True)) == [first.pk]


def test_a_send_is_not_finished_until_every_message_is_made(db):
    NewsletterReaderFactory.create_batch(2)
    issue = services.newsletter_send(issue=draft())
    # No message yet, so none is waiting: still the send is not over.
    assert services.newsletters_mark_finished() == 0
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING
    services.newsletter_build(issue_id=issue.pk)
    Message.objects.update(status=MessageStatus.SENT)
    assert services.newsletters_mark_finished() == 1


def test_a_build_that_stopped_is_queued_again_and_a_running_one_is_not(db):
    NewsletterReaderFactory()
    issue = services.newsletter_send(issue=draft())
    now = timezone.now()
    assert services.newsletters_build_stalled(now=now + dt.timedelta(minutes=5)) == 0
    later = now + services.BUILD_STALLED_AFTER + dt.timedelta(seconds=1)
    assert services.newsletters_build_stalled(now=later) == 1
    assert services.newsletters_build_stalled(now=later) == 0  # queued once, not every minute
    assert OutboxMessage.objects.filter(task_name="reporting.build_newsletter").count() == 2
    services.newsletter_build(issue_id=issue.pk)
    assert services.newsletters_build_stalled(now=later + dt.timedelta(hours=1)) == 0


def test_the_progress_page_counts_messages_prepared_while_the_worker_makes_them(staff_client):
    people = NewsletterReaderFactory.create_batch(5)
    issue = services.newsletter_send(issue=draft())
    url = f"/staff/newsletters/{issue.pk}/progress/"
    html = staff_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Sending: " in html and 'id="progress-prepared">0<' in html
    assert 'id="progress-expected">5<' in html
    issue.refresh_from_db()
    broadcast_add(
        broadcast=issue.broadcast,
        recipients=[p.pk for p in people[:2]],
        key_prefix=f"newsletter:{issue.pk}",
    )
    html = staff_client.get(url).content.decode()
    assert 'id="progress-prepared">2<' in html and "messages prepared" in html
    detail = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert 'id="progress-prepared">2<' in detail and 'id="progress-expected">5<' in detail
    services.newsletter_build(issue_id=issue.pk)
    html = staff_client.get(url).content.decode()
    assert "messages prepared" not in html
    assert "Still sending" in html and 'id="progress-waiting">5<' in html


def test_thousands_are_shown_with_commas(staff_client):
    issue = services.newsletter_send(issue=draft())
    NewsletterIssue.objects.filter(pk=issue.pk).update(recipients_expected=20000)
    html = staff_client.get(f"/staff/newsletters/{issue.pk}/progress/").content.decode()
    assert 'id="progress-expected">20,000<' in html


# --- Progress -----------------------------------------------------------------------------------


def test_the_progress_page_refreshes_itself_until_the_send_is_finished(staff_client):
    NewsletterReaderFactory(full_name="Ann Email")
    NewsletterReaderFactory(full_name="Bea Email")
    NewsletterReaderFactory(full_name="Cat Post", email="", prefers_email=False, prefers_post=True)
    issue = services.newsletter_send(issue=draft())
    services.newsletter_build(issue_id=issue.pk)
    url = f"/staff/newsletters/{issue.pk}/progress/"
    html = staff_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert 'id="progress-waiting">2<' in html
    assert 'id="progress-skipped">1<' in html
    assert "updates itself every 5 seconds" in html
    assert 'href="/staff/messages/"' in html
    messages = Message.objects.filter(broadcast=issue.broadcast, status=MessageStatus.PENDING)
    first, second = messages.order_by("pk")
    Message.objects.filter(pk=first.pk).update(status=MessageStatus.SENT)
    Message.objects.filter(pk=second.pk).update(status=MessageStatus.FAILED)
    html = staff_client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'id="progress-sent">1<' in html
    assert 'id="progress-failed">1<' in html
    assert "Finished" in html


def test_the_progress_of_an_unsent_issue_says_so(staff_client):
    html = staff_client.get(f"/staff/newsletters/{draft().pk}/progress/").content.decode()
    assert "has not been sent yet" in html
    assert 'http-equiv="refresh"' not in html


# --- The public archive -------------------------------------------------------------------------


def test_the_archive_shows_sent_issues_only(anonymous, db):
    NewsletterReaderFactory(full_name="Ann Email")
    sent = draft("Winter news")
    services.newsletter_send(issue=sent)
    still_draft = draft("Draft news")
    scheduled = draft("Scheduled news")
    services.newsletter_schedule(issue=scheduled, send_at=timezone.now() + dt.timedelta(days=1))
    html = anonymous.get("/newsletter/").content.decode()
    assert "Winter news" in html
    assert "Draft news" not in html and "Scheduled news" not in html
    assert anonymous.get(f"/newsletter/{sent.pk}/").status_code == 200
    assert anonymous.get(f"/newsletter/{still_draft.pk}/").status_code == 404
    assert anonymous.get(f"/newsletter/{scheduled.pk}/").status_code == 404


def test_an_archived_issue_shows_what_was_sent_even_after_things_change(anonymous, db):
    record = ImpactRecordFactory(published=True)
    activity = ActivityFactory(title="Garden design session")
    issue = draft()
    issue.highlights.set([record])
    services.newsletter_send(issue=issue)
    activity.title = "Renamed session"
    activity.save()
    html = anonymous.get(f"/newsletter/{issue.pk}/").content.decode()
    assert "<h1>Spring news</h1>" in html
    assert "<p>We planted bulbs. They look lovely.</p>" in html
    assert record.title in html
    assert "Garden design session" in html and "Renamed session" not in html


def test_the_footer_links_to_the_archive(anonymous, db):
    assert 'href="/newsletter/"' in anonymous.get("/").content.decode()


# --- Query counts -------------------------------------------------------------------------------


def test_the_list_page_does_not_run_more_queries_for_more_issues(
    staff_client, django_assert_max_num_queries
):
    draft("One")
    staff_client.get("/staff/newsletters/")
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/staff/newsletters/")
    for n in range(15):
        draft(f"Issue {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = staff_client.get("/staff/newsletters/").content.decode()
    assert "Issue 14" in html


def test_the_preview_does_not_run_more_queries_for_more_people_or_highlights(
    staff_client, django_assert_max_num_queries
):
    issue = draft()
    NewsletterReaderFactory(full_name="Cat Post", email="", prefers_email=False, prefers_post=True)
    staff_client.get(f"/staff/newsletters/{issue.pk}/")
    with django_assert_max_num_queries(40) as few:
        staff_client.get(f"/staff/newsletters/{issue.pk}/")
    for n in range(10):
        NewsletterReaderFactory(
            full_name=f"Post{n} Person", email="", prefers_email=False, prefers_post=True
        )
        NewsletterReaderFactory(full_name=f"Mail{n} Person")
        ActivityFactory(title=f"Session {n}")
    issue.highlights.set(
        [ImpactRecordFactory(published=True, title=f"Change {n}") for n in range(5)]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = staff_client.get(f"/staff/newsletters/{issue.pk}/").content.decode()
    assert "Post9 Person" in html and "Change 4" in html


def test_a_signed_in_person_with_no_role_is_refused(db):
    from community.models import User

    nobody = User.objects.create_user(email="nobody@example.org", password="a-long-password-1")
    assert client_for(nobody).get("/staff/newsletters/").status_code == 403
