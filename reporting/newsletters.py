"""The community newsletter: composing, scheduling and sending an issue, and reading the archive.

An issue is written by staff (sections and 'You said, we did' highlights picked from published
impact records); the upcoming opportunities are filled in when it is shown or sent. Sending
hands the issue to `community.delivery.broadcast_start` with a copy of everything in it, so what
people received and what the public archive shows is exactly what was sent, even as activities
and records change afterwards.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from .models import (
    NEWSLETTER_OUT,
    NewsletterIssue,
    NewsletterSection,
    NewsletterStatus,
)
from .readability import Readability, flesch_reading_ease

logger = logging.getLogger(__name__)

KIND = "newsletter"
TEMPLATE = "reporting/email/newsletter"
MAX_SECTIONS = 6
HIGHLIGHT_CHOICES = 30
UPCOMING_WEEKS = 6
UPCOMING_LIMIT = 12


def absolute_url(path: str) -> str:
    """A site path as a full address, for emails and text messages."""
    return f"{settings.SITE_URL}{path}"


def long_date(moment) -> str:
    """A moment's date in UK time, as people write it: "3 March 2027"."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


# --- Selectors ----------------------------------------------------------------------------------


def newsletter_list():
    """Every issue for the staff list, newest first (one query)."""
    return NewsletterIssue.objects.select_related("created_by").order_by("-created_at", "-pk")


def newsletter_get(pk: int) -> NewsletterIssue:
    """One issue with its sections and highlights loaded (three queries), or 404."""
    from django.shortcuts import get_object_or_404

    from impact.models import ImpactRecord

    return get_object_or_404(
        NewsletterIssue.objects.select_related("broadcast").prefetch_related(
            "sections",
            Prefetch(
                "highlights",
                queryset=ImpactRecord.objects.published().order_by("-published_at", "-pk"),
            ),
        ),
        pk=pk,
    )


def highlight_choices(*, chosen: Iterable[int] = ()):
    """Published impact records to pick highlights from: the newest 30, and any already chosen."""
    from impact.models import ImpactRecord

    recent = list(
        ImpactRecord.objects.published()
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:HIGHLIGHT_CHOICES]
    )
    return (
        ImpactRecord.objects.published()
        .filter(pk__in=[*recent, *chosen])
        .order_by("-published_at", "-pk")
    )


def upcoming_opportunities(*, now=None) -> list[dict]:
    """Public activities open for sign-up that start in the next six weeks, soonest first.

    Shaped as plain values (text and addresses), so they can be kept with a sent issue.
    """
    from activities.models import Activity
    from activities.selectors import when_in_words, where_in_words

    now = now or timezone.now()
    activities = (
        Activity.objects.open_for_signup(now)
        .public()
        .filter(starts_at__lt=now + dt.timedelta(weeks=UPCOMING_WEEKS))
        .select_related("locality")
        .order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )
    return [
        {
            "title": a.title,
            "summary": a.summary,
            "when": when_in_words(a.starts_at, a.ends_at),
            "where": where_in_words(a),
            "url": absolute_url(reverse("activities:calendar-activity", args=[a.pk])),
        }
        for a in activities
    ]


def _is_published(record) -> bool:
    from impact.models import ImpactStatus

    return record.status == ImpactStatus.PUBLISHED and record.published_at is not None


def _highlight(record) -> dict:
    return {
        "title": record.title,
        "you_said": record.you_said,
        "we_did": record.we_did,
        "we_could_not": record.we_could_not,
        "published": long_date(record.published_at),
    }


def newsletter_content(issue: NewsletterIssue, *, now=None) -> dict:
    """Everything an issue says, as plain values: what the email and web page are made from.

    For an issue that has gone out this is the copy kept when it was sent.
    """
    if issue.status in NEWSLETTER_OUT and issue.broadcast_id and issue.broadcast.context:
        return issue.broadcast.context
    return {
        "title": issue.title,
        "intro": issue.intro,
        "sections": [{"heading": s.heading, "body": s.body} for s in issue.sections.all()],
        "highlights": [_highlight(r) for r in issue.highlights.all() if _is_published(r)],
        "opportunities": upcoming_opportunities(now=now),
        "web_url": absolute_url(reverse("reporting:newsletter-issue", args=[issue.pk])),
        "archive_url": absolute_url(reverse("reporting:newsletter-archive")),
        "calendar_url": absolute_url(reverse("activities:calendar")),
        "you_said_we_did_url": absolute_url(reverse("impact:you-said-we-did")),
        "date": long_date(issue.sent_at or now or timezone.now()),
    }


@dataclass(frozen=True)
class SectionReadability:
    heading: str
    readability: Readability


def newsletter_readability(issue: NewsletterIssue) -> dict:
    """The Flesch reading ease of the whole issue (introduction and sections) and of each section."""
    sections = list(issue.sections.all())
    parts = [issue.intro] + [f"{s.heading}\n{s.body}" for s in sections]
    return {
        "whole": flesch_reading_ease("\n\n".join(p for p in parts if p)),
        "intro": flesch_reading_ease(issue.intro),
        "sections": [SectionReadability(s.heading, flesch_reading_ease(s.body)) for s in sections],
    }


def newsletter_recipients():
    """The people an issue goes to: everyone who has not left and asked for the newsletter."""
    from community.models import CoCreator, NewsletterChoice

    return CoCreator.objects.current().filter(newsletter=NewsletterChoice.YES)


def newsletter_audience() -> dict:
    """How many people an issue will reach by email and by text message, and who to post it to.

    The same rules as `community.delivery.channel_for`, counted in the database: one counting
    query and one for the people to post to, whatever the number of people.
    """
    from django.db.models import Count, Q

    from community.delivery import people_to_send_by_hand, sms_configured

    subscribed = Q(email_unsubscribed_at__isnull=True)  # unsubscribing stops every channel
    by_email = Q(prefers_email=True) & ~Q(email="") & subscribed
    by_sms = Q(prefers_sms=True) & ~Q(phone="") & subscribed & ~by_email
    # The names must not be field names ("email"), or the filters would read the counts.
    totals = newsletter_recipients().aggregate(
        n_total=Count("pk"),
        n_email=Count("pk", filter=by_email),
        n_sms=Count("pk", filter=by_sms),
    )
    counts = {
        "total": totals["n_total"],
        "email": totals["n_email"],
        "sms": totals["n_sms"] if sms_configured() else 0,
    }
    counts["neither"] = counts["total"] - counts["email"] - counts["sms"]
    by_hand = list(people_to_send_by_hand(KIND).select_related("locality"))
    return {**counts, "by_hand": by_hand}


def newsletter_archive():
    """Issues that have gone out, newest first, for the public archive (one query)."""
    return (
        NewsletterIssue.objects.out()
        .only("pk", "title", "intro", "sent_at", "status")
        .order_by("-sent_at", "-pk")
    )


def newsletter_public_get(pk: int) -> NewsletterIssue:
    """An issue that has gone out, for the public, or 404 (drafts and scheduled ones are private)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(NewsletterIssue.objects.out().select_related("broadcast"), pk=pk)


# --- Services -----------------------------------------------------------------------------------


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
    issue.highlights.set([r for r in highlights if _is_published(r)])
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
    """Send an issue to everyone who asked for the newsletter, once.

    The row is locked, so two requests (or the schedule and a person) cannot both send it; an
    issue already going out is returned as it is. Messages are made under keys
    `newsletter:<issue>:<person>`, so even a repeated broadcast sends nothing twice.

    With `require_due`, the issue is sent only if, under the lock, it is still scheduled for
    that moment or earlier; one taken off the schedule or moved later since the caller looked is
    returned unchanged.
    """
    from community.delivery import broadcast_start

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
    content["date"] = long_date(now)
    broadcast = broadcast_start(
        kind=KIND,
        title=issue.title,
        template=TEMPLATE,
        recipients=newsletter_recipients().order_by("pk").values_list("pk", flat=True),
        context=content,
        key_prefix=f"{KIND}:{issue.pk}",
        created_by=actor or issue.created_by,
    )
    issue.status, issue.sent_at, issue.broadcast = NewsletterStatus.SENDING, now, broadcast
    issue.save(update_fields=["status", "sent_at", "broadcast", "updated_at"])
    return issue


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
    newsletters_mark_finished()
    return sent


def newsletters_mark_finished() -> int:
    """An issue whose every message has been sent, skipped or given up on is marked sent."""
    from community.delivery import broadcast_progress

    done = 0
    sending = NewsletterIssue.objects.filter(status=NewsletterStatus.SENDING).select_related(
        "broadcast"
    )
    for issue in sending:
        if broadcast_progress(issue.broadcast)["finished"]:
            NewsletterIssue.objects.filter(pk=issue.pk, status=NewsletterStatus.SENDING).update(
                status=NewsletterStatus.SENT, updated_at=timezone.now()
            )
            done += 1
    return done


def newsletter_progress(issue: NewsletterIssue) -> dict | None:
    """How a send is going: sent, failed, waiting and not sent, and whether it has finished."""
    from community.delivery import broadcast_progress

    if issue.broadcast_id is None:
        return None
    return broadcast_progress(issue.broadcast)
