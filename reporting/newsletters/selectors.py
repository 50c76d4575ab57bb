"""Reading the community newsletter: the staff list, an issue as it will be (or was) sent, who it
reaches, how readable it is, how a send is going, and the public archive.

An issue's upcoming opportunities are filled in when it is shown, with any lists higher apps
registered (`newsletter_extra_register`, such as the consultations open now); once it has gone
out, what it says is the copy kept with its broadcast (see `services.newsletter_send`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.selectors.words import when_in_words, where_in_words
from cocreation.lib.dates import date_text
from cocreation.lib.links import absolute_url
from community.messaging.channels import people_to_send_by_hand, sms_configured
from community.messaging.selectors import broadcast_progress
from community.models import CoCreator, NewsletterChoice
from impact.models import ImpactRecord, ImpactStatus

from .models import NEWSLETTER_OUT, NewsletterIssue
from .readability import Readability, flesch_reading_ease

KIND = "newsletter"
UPCOMING_WEEKS = 6
UPCOMING_LIMIT = 12


def newsletter_list():
    """Every issue for the staff list, newest first (one query)."""
    return NewsletterIssue.objects.select_related("created_by").order_by("-created_at", "-pk")


def newsletter_get(pk: int) -> NewsletterIssue:
    """One issue with its sections and highlights loaded (three queries), or 404."""
    return get_object_or_404(
        NewsletterIssue.objects.select_related("broadcast__created_by").prefetch_related(
            "sections",
            Prefetch(
                "highlights",
                queryset=ImpactRecord.objects.published().order_by("-published_at", "-pk"),
            ),
        ),
        pk=pk,
    )


def upcoming_opportunities(*, now=None) -> list[dict]:
    """Public activities open for sign-up that start in the next six weeks, soonest first.

    Shaped as plain values (text and addresses), so they can be kept with a sent issue.
    """
    now = now or timezone.now()
    activities = (
        Activity.objects.open_for_signup(now)
        .public()
        .filter(starts_at__lt=now + dt.timedelta(weeks=UPCOMING_WEEKS))
        .select_related("locality")
        .order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )
    return [opportunity(a) for a in activities]


def opportunity(activity) -> dict:
    """One activity as a newsletter or digest lists it: plain words and its public address."""
    return {
        "title": activity.title,
        "summary": activity.summary,
        "when": when_in_words(activity.starts_at, activity.ends_at),
        "where": where_in_words(activity),
        "url": absolute_url(reverse("activities:calendar-activity", args=[activity.pk])),
    }


def is_published(record) -> bool:
    return record.status == ImpactStatus.PUBLISHED and record.published_at is not None


def record_highlight(record) -> dict:
    """A published 'You said, we did' record as a newsletter or digest shows it."""
    return {
        "title": record.title,
        "you_said": record.you_said,
        "we_did": record.we_did,
        "we_could_not": record.we_could_not,
        "published": date_text(record.published_at),
    }


@dataclass(frozen=True)
class NewsletterExtra:
    key: str
    heading: str
    intro: str
    items: Callable  # (now) -> [{"title", "url", "lines": [str]}], plain values, a few queries
    order: int = 100


_EXTRAS: dict[str, NewsletterExtra] = {}


def newsletter_extra_register(
    *, key: str, heading: str, intro: str, items: Callable, order: int = 100
) -> None:
    """Add (or replace, by key) a list a higher app adds to every issue after its opportunities.

    Every issue is on the public archive, so list only what anyone may see, as the issue's own
    opportunities are public activities only."""
    _EXTRAS[key] = NewsletterExtra(key=key, heading=heading, intro=intro, items=items, order=order)


def newsletter_extras(*, now=None) -> list[dict]:
    """Each registered list with something in it, as plain values, in order."""
    now = now or timezone.now()
    extras = []
    for extra in sorted(_EXTRAS.values(), key=lambda e: (e.order, e.key)):
        items = extra.items(now)
        if items:
            extras.append(
                {"key": extra.key, "heading": extra.heading, "intro": extra.intro, "items": items}
            )
    return extras


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
        "highlights": [record_highlight(r) for r in issue.highlights.all() if is_published(r)],
        "opportunities": upcoming_opportunities(now=now),
        "extras": newsletter_extras(now=now),
        "web_url": absolute_url(reverse("reporting:newsletter-issue", args=[issue.pk])),
        "archive_url": absolute_url(reverse("reporting:newsletter-archive")),
        "calendar_url": absolute_url(reverse("activities:calendar")),
        "you_said_we_did_url": absolute_url(reverse("impact:you-said-we-did")),
        "date": date_text(issue.sent_at or now or timezone.now()),
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
    return CoCreator.objects.current().filter(newsletter=NewsletterChoice.YES)


def newsletter_audience() -> dict:
    """How many people an issue will reach by email and by text message, and who to post it to.

    The same rules as `community.messaging.channels.channel_for`, counted in the database: one counting
    query and one for the people to post to, whatever the number of people.
    """
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
    return get_object_or_404(NewsletterIssue.objects.out().select_related("broadcast"), pk=pk)


def newsletter_progress(issue: NewsletterIssue) -> dict | None:
    """How a send is going (one query): messages made so far of the people expected while the
    worker makes them, then sent, failed, waiting and not sent, and whether it has finished."""
    if issue.broadcast_id is None:
        return None
    progress = broadcast_progress(issue.broadcast)
    preparing = issue.is_preparing
    return {
        **progress,
        "prepared": progress["total"],
        "expected": issue.recipients_expected,
        "preparing": preparing,
        "finished": progress["finished"] and not preparing,
        "sent_by": issue.broadcast.created_by,
    }
