"""Community's own rows in a person's story: messages, letters and calls, champion roles and the
contact log (staff only). Registered from CommunityConfig.ready(); see community/story.py."""

from __future__ import annotations

from django.urls import reverse

from cocreation.lib.dates import date_text, moment_text

from .models import (
    Champion,
    ContactLogEntry,
    HandContactMethod,
    Message,
    MessageChannel,
    MessageStatus,
    ToContact,
)
from .story import StoryRow, story_limited, story_source_register


def message_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Messages recorded for the person, with their status. One query.

    The person sees only what reached them (or is on its way); staff also see what was not
    sent, and why.
    """
    messages = Message.objects.filter(cocreator=cocreator).select_related("broadcast")
    if not for_staff:
        messages = messages.exclude(status__in=[MessageStatus.SKIPPED, MessageStatus.FAILED])
    messages = messages.only(
        "channel",
        "subject",
        "status",
        "reason",
        "recipient",
        "kind",
        "created_at",
        "sent_at",
        "broadcast__title",
    ).order_by("-created_at", "-pk")
    rows = []
    for message in story_limited(messages, limit):
        subject = message.subject or (message.broadcast.title if message.broadcast else "")
        text = message.channel == MessageChannel.SMS
        if for_staff:
            how = "Text message" if text else "Email"
            title = f"{how}: {subject}" if subject else f"{how} ({message.kind})"
            detail = message.get_status_display()
            if message.status == MessageStatus.SENT and message.sent_at:
                detail = f"Sent {moment_text(message.sent_at)}"
                if message.recipient:
                    detail += f" to {message.recipient}"
            elif message.reason:
                detail = f"{detail}: {message.reason}"
        else:
            title = "We sent you a text message" if text else "We emailed you"
            if subject:
                title += f": {subject}"
            detail = "" if message.status == MessageStatus.SENT else "On its way"
        rows.append(
            StoryRow(
                when=message.sent_at or message.created_at,
                kind="Message",
                title=title,
                detail=detail,
            )
        )
    return rows


def to_contact_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Letters and calls the team was to make by hand, due or done. One query.

    The person sees the ones made; the list of ones still due is the team's.
    """
    items = ToContact.objects.filter(cocreator=cocreator)
    if not for_staff:
        items = items.filter(done_at__isnull=False)
    items = items.only("method", "kind", "due_on", "what_to_say", "done_at", "outcome").order_by(
        "-due_on", "-pk"
    )
    rows = []
    for item in story_limited(items, limit):
        letter = item.method == HandContactMethod.POST
        if for_staff:
            if item.done_at:
                title = "Letter sent" if letter else "Phone call made"
                detail = f"Done {moment_text(item.done_at)}"
                if item.outcome:
                    detail += f": {item.outcome}"
            else:
                title = "Letter to send" if letter else "Phone call to make"
                detail = f"Due {date_text(item.due_on)}: {item.what_to_say}"
            rows.append(
                StoryRow(
                    when=item.done_at or item.due_on,
                    kind="Letter or call",
                    title=title,
                    detail=detail,
                )
            )
        else:
            rows.append(
                StoryRow(
                    when=item.done_at,
                    kind="Letter or call",
                    title="We wrote to you" if letter else "We phoned you",
                    detail=item.what_to_say,
                )
            )
    return rows


def champion_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Becoming (and stopping being) a Community Co-creation Champion. One query."""
    roles = Champion.objects.filter(cocreator=cocreator).only("since", "until", "communities")
    rows = []
    for role in story_limited(roles.order_by("-since", "-pk"), limit):
        rows.append(
            StoryRow(
                when=role.since,
                kind="Champion",
                title="Became a Community Co-creation Champion"
                if for_staff
                else "You became a Community Co-creation Champion",
                detail=role.communities,
                url=reverse("community:champion-edit", args=[role.pk]) if for_staff else None,
            )
        )
        if role.until:
            rows.append(
                StoryRow(
                    when=role.until,
                    kind="Champion",
                    title="Stopped being a champion"
                    if for_staff
                    else "Your time as a champion ended",
                )
            )
    return rows


def contact_log_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The team's notes of calls and conversations. Staff only: none for the person. One query."""
    if not for_staff:
        return []
    entries = (
        ContactLogEntry.objects.filter(cocreator=cocreator)
        .select_related("staff_member")
        .only(
            "contacted_on",
            "method",
            "summary",
            "follow_up_on",
            "follow_up_done_at",
            "staff_member__full_name",
            "staff_member__email",
            "staff_member__is_active",
        )
        .order_by("-contacted_on", "-pk")
    )
    rows = []
    for entry in story_limited(entries, limit):
        who = entry.staff_member.get_full_name() if entry.staff_member else "Someone who has left"
        detail = f"{who}: {entry.summary}"
        if entry.follow_up_on and not entry.follow_up_done_at:
            detail += f" (follow up by {date_text(entry.follow_up_on)})"
        rows.append(
            StoryRow(
                when=entry.contacted_on,
                kind="Contact log",
                title=entry.get_method_display(),
                detail=detail,
                url=reverse("community:contact-log-edit", args=[entry.pk]),
                staff_only=True,
            )
        )
    return rows


def story_sources_register() -> None:
    """Community's sources for the story (called from CommunityConfig.ready())."""
    story_source_register(
        key="community-messages", models=["community.Message"], rows_for=message_rows
    )
    story_source_register(
        key="community-to-contact", models=["community.ToContact"], rows_for=to_contact_rows
    )
    story_source_register(
        key="community-champions", models=["community.Champion"], rows_for=champion_rows
    )
    story_source_register(
        key="community-contact-log", models=["community.ContactLogEntry"], rows_for=contact_log_rows
    )
