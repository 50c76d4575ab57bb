"""The community newsletter: composing, scheduling and sending an issue.

An issue is written by staff (sections and 'You said, we did' highlights picked from published
impact records); the upcoming opportunities are filled in when it is shown or sent. Sending opens
a broadcast (`community.messaging.queueing.broadcast_open`) with a copy of everything in it, so
what people received and what the public archive shows is exactly what was sent, even as
activities and records change afterwards; the worker then adds the people to it a batch at a
time (`newsletter_build`). Reading issues is in `selectors`.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from cocreation.jobs.services import outbox_enqueue
from cocreation.lib.dates import date_text
from community.messaging.queueing import broadcast_open
from community.messaging.selectors import broadcast_progress

from .building import broadcast_build, broadcast_builds_requeue
from .models import NEWSLETTER_OUT, NewsletterIssue, NewsletterSection, NewsletterStatus
from .selectors import KIND, is_published, newsletter_content, newsletter_recipients

logger = logging.getLogger(__name__)

TEMPLATE = "reporting/email/newsletter"
MAX_SECTIONS = 6
BUILD_TASK = "reporting.build_newsletter"
BUILD_BATCH = 1000  # people per transaction while the worker makes the messages
BUILD_STALLED_AFTER = dt.timedelta(minutes=10)


def _check_editable(issue: NewsletterIssue) -> None:
    if not issue.is_editable:
        raise ValidationError("This newsletter has been sent, so it cannot be changed.")


@transaction.atomic
def newsletter_save(
    *,
    issue: NewsletterIssue | None,
    actor,
    title: str,
    intro: str,
    sections: list[tuple[str, str]],
    highlights: Iterable,
) -> NewsletterIssue:
    """Create or change a draft (or scheduled) issue: its text, sections in order and highlights."""
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(f"A newsletter can have up to {MAX_SECTIONS} sections.")
    if issue is None:
        issue = NewsletterIssue(created_by=actor)
    else:
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        _check_editable(issue)
    issue.title, issue.intro = title, intro
    issue.full_clean(exclude=["broadcast", "created_by"])
    issue.save()
    NewsletterSection.objects.filter(issue=issue).delete()
    NewsletterSection.objects.bulk_create(
        NewsletterSection(issue=issue, position=n, heading=heading, body=body)
        for n, (heading, body) in enumerate(sections, start=1)
    )
    issue.highlights.set([r for r in highlights if is_published(r)])
    return issue


@transaction.atomic
def newsletter_schedule(*, issue: NewsletterIssue, send_at: dt.datetime, now=None):
    """Set an issue to go out at a time in the future (a later send_due run sends it)."""
    now = now or timezone.now()
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    _check_editable(issue)
    if send_at <= now:
        raise ValidationError({"send_on": "The time to send must be in the future."})
    issue.status, issue.send_at = NewsletterStatus.SCHEDULED, send_at
    issue.save(update_fields=["status", "send_at", "updated_at"])
    return issue


@transaction.atomic
def newsletter_unschedule(*, issue: NewsletterIssue) -> NewsletterIssue:
    """Take an issue off the schedule: it goes back to being a draft."""
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    _check_editable(issue)
    issue.status, issue.send_at = NewsletterStatus.DRAFT, None
    issue.save(update_fields=["status", "send_at", "updated_at"])
    return issue


@transaction.atomic
def newsletter_send(
    *, issue: NewsletterIssue, actor=None, now=None, require_due: dt.datetime | None = None
) -> NewsletterIssue:
    """Record that an issue is going out, once, and leave making its messages to the worker.

    The row is locked, so two requests (or the schedule and a person) cannot both send it; an
    issue already going out is returned as it is. This keeps a copy of what the issue says on its
    broadcast (who pressed Send is the broadcast's `created_by`), counts who has asked for it,
    and queues `reporting.build_newsletter` after commit: a few queries whatever the number of
    people. The worker's `newsletter_build` makes the messages.

    With `require_due`, the issue is sent only if, under the lock, it is still scheduled for
    that moment or earlier; one taken off the schedule or moved later since the caller looked is
    returned unchanged.
    """
    now = now or timezone.now()
    issue = (
        NewsletterIssue.objects.select_for_update(of=("self",))
        .select_related("broadcast")
        .get(pk=issue.pk)
    )
    if issue.status in NEWSLETTER_OUT:
        return issue
    if require_due is not None and not (
        issue.status == NewsletterStatus.SCHEDULED
        and issue.send_at is not None
        and issue.send_at <= require_due
    ):
        return issue
    content = newsletter_content(issue, now=now)
    content["date"] = date_text(now)
    broadcast = broadcast_open(
        kind=KIND,
        title=issue.title,
        template=TEMPLATE,
        context=content,
        created_by=actor or issue.created_by,
    )
    audience = newsletter_recipients().aggregate(people=Count("pk"), last=Max("pk"))
    issue.status, issue.sent_at, issue.broadcast = NewsletterStatus.SENDING, now, broadcast
    issue.recipients_expected = audience["people"]
    issue.recipients_through = audience["last"] or 0
    issue.prepared_through, issue.prepared_at = 0, None
    issue.save(
        update_fields=[
            "status",
            "sent_at",
            "broadcast",
            "recipients_expected",
            "recipients_through",
            "prepared_through",
            "prepared_at",
            "updated_at",
        ]
    )
    outbox_enqueue(task_name=BUILD_TASK, kwargs={"issue_id": issue.pk})
    return issue


def newsletter_build(*, issue_id: int, batch_size: int = BUILD_BATCH) -> int:
    """Make the messages of an issue that is going out, a batch of people at a time.

    Run by the worker after `newsletter_send`. Each batch is one transaction that records a
    message per person through `community.messaging.queueing.broadcast_add` (keys
    `newsletter:<issue>:<person>`, so nobody is ever added twice, however often this runs) and
    moves the issue's `prepared_through` on; delivery takes each batch's messages after it
    commits. A retried or repeated run starts after the last batch that committed. The people
    are those who have asked for the newsletter, up to the highest id there was at Send; each is
    checked again when their message goes. Returns how many people it looked at.
    """
    issue = (
        NewsletterIssue.objects.select_related("broadcast")
        .filter(pk=issue_id, status__in=NEWSLETTER_OUT, prepared_at=None)
        .first()
    )
    if issue is None:
        return 0  # already made (or not sent at all)
    return broadcast_build(
        row=issue,
        people=newsletter_recipients().order_by("pk"),
        key_prefix=f"{KIND}:{issue.pk}",
        batch_size=batch_size,
    )


def newsletters_build_stalled(*, now=None) -> int:
    """Queue the build again for an issue whose messages stopped being made (its worker died).

    A build moves the issue's `updated_at` on at every batch, so one untouched for
    `BUILD_STALLED_AFTER` has stopped; queueing it again is safe, as a build adds nobody twice.
    """
    now = now or timezone.now()
    stalled = NewsletterIssue.objects.filter(
        status=NewsletterStatus.SENDING,
        prepared_at=None,
        updated_at__lte=now - BUILD_STALLED_AFTER,
    )
    return broadcast_builds_requeue(
        stalled=stalled, task_name=BUILD_TASK, kwarg="issue_id", now=now
    )


def newsletters_send_due(*, now=None) -> int:
    """Send every scheduled issue whose time has come; then mark finished sends as sent."""
    now = now or timezone.now()
    sent = 0
    due = NewsletterIssue.objects.due(now).order_by("send_at", "pk").values_list("pk", flat=True)
    for pk in list(due):
        try:
            issue = newsletter_send(issue=NewsletterIssue(pk=pk), now=now, require_due=now)
        except Exception:  # one broken issue must not hold up the others; it stays scheduled
            logger.exception("Newsletter %s could not be sent; it stays scheduled", pk)
            continue
        if issue.status in NEWSLETTER_OUT and issue.sent_at == now:
            sent += 1
    newsletters_build_stalled(now=now)
    newsletters_mark_finished()
    return sent


def newsletters_mark_finished() -> int:
    """An issue whose messages are all made, and each sent, skipped or given up on, is sent."""
    done = 0
    sending = NewsletterIssue.objects.filter(
        status=NewsletterStatus.SENDING, prepared_at__isnull=False
    ).select_related("broadcast")
    for issue in sending:
        if broadcast_progress(issue.broadcast)["finished"]:
            NewsletterIssue.objects.filter(pk=issue.pk, status=NewsletterStatus.SENDING).update(
                status=NewsletterStatus.SENT, updated_at=timezone.now()
            )
            done += 1
    return done
