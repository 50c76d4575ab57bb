"""Reading groups: who is in one, who of them a message would reach by the chosen channel and
who it would not (and why), the saved groups with their current counts, a message's progress.

Who can be reached follows the one pipeline's rules (community.messaging.channels
`reason_not_to_send` and `channel_for`, for a message that has a text version), written as
database conditions so a group of any size is counted in one query:

- left the community: nothing is sent;
- unsubscribed (used an unsubscribe link): nothing is sent, by any channel;
- "email only": people who chose email and have an address;
- "text only": people the pipeline would text, that is who chose text messages, have a number
  and cannot be emailed (people who can be emailed always get email first, so they are left out
  of a text-only message, counted as "would get email");
- "email and text": email to everyone who chose email and has an address; a text to those who
  cannot be emailed but chose text messages and have a number;
- the rest cannot be reached by the chosen channel: those who asked for post or a phone call
  (or large print or easy read) are counted as "by hand" and listed for staff to contact.
"""

import datetime as dt

from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.shortcuts import get_object_or_404

from activities.models import Activity, ActivitySeries, Project
from cocreation.lib.dates import date_text
from community.messaging.channels import BY_HAND_NEEDS, sms_configured
from community.messaging.selectors import broadcast_progress
from community.models import (
    CoCreator,
    CoCreatorAccessNeed,
    CoCreatorStatus,
    EthnicGroup,
    Interest,
    Locality,
    PartnerOrganisation,
    Relationship,
    Role,
)
from community.permissions import has_role

from .criteria import EQUALITY_FIELDS, NOTHING, TOOK_PART, criteria_q
from .models import GroupChannel, GroupMessage, SavedGroup

EQUALITY_PERMISSION = "community.view_individual_equality_data"

REASONS = {
    "left": "Left the community",
    "unsubscribed": "Unsubscribed from our messages",
    "other_channel": "Would get it by another way than the one chosen",
    "by_hand": "Asked for post or a phone call: contact by hand",
    "no_channel": "No way to reach them (no email address or phone number they chose)",
}
OTHER_CHANNEL = {
    GroupChannel.EMAIL: "Chose text messages, not email: choose 'email and text' to include them",
    GroupChannel.SMS: "Can be emailed, so the pipeline emails them: choose 'email and text'",
}


def may_choose_by_equality(user) -> bool:
    """Only staff holding the separate equality-data permission choose people by their answers."""
    return has_role(user, Role.STAFF) and user.has_perm(EQUALITY_PERMISSION)


def can_email_q() -> Q:
    return ~Q(email="") & Q(prefers_email=True)


def can_text_q() -> Q:
    if not sms_configured():
        return NOTHING
    return ~Q(phone="") & Q(prefers_sms=True)


def reachable_q(channel: str) -> Q:
    """People a message by this channel reaches (not left or unsubscribed are checked apart)."""
    if channel == GroupChannel.EMAIL:
        return can_email_q()
    if channel == GroupChannel.SMS:
        return can_text_q() & ~can_email_q()
    return can_email_q() | can_text_q()


def other_channel_q(channel: str) -> Q:
    if channel == GroupChannel.EMAIL:
        return can_text_q()
    if channel == GroupChannel.SMS:
        return can_email_q()
    return NOTHING


def by_hand_q() -> Q:
    needs = CoCreatorAccessNeed.objects.filter(cocreator=OuterRef("pk"), kind__in=BY_HAND_NEEDS)
    return Q(prefers_post=True) | Q(prefers_phone=True) | Q(Exists(needs))


def stopped_q() -> Q:
    return Q(status=CoCreatorStatus.LEFT) | Q(email_unsubscribed_at__isnull=False)


def sendable_q(channel: str) -> Q:
    """In a group, the people the message goes to."""
    return ~stopped_q() & reachable_q(channel)


def group_people(criteria: dict):
    """Everyone the criteria choose, whether or not a message can reach them."""
    return CoCreator.objects.filter(criteria_q(criteria))


def group_recipients(criteria: dict, channel: str):
    """The people in the group a message by `channel` is sent to."""
    return group_people(criteria).filter(sendable_q(channel))


def _reason_case(channel: str) -> Case:
    whens = [
        When(status=CoCreatorStatus.LEFT, then=Value("left")),
        When(email_unsubscribed_at__isnull=False, then=Value("unsubscribed")),
        When(reachable_q(channel), then=Value("send")),
    ]
    if channel != GroupChannel.BOTH:
        whens.append(When(other_channel_q(channel), then=Value("other_channel")))
    whens.append(When(by_hand_q(), then=Value("by_hand")))
    return Case(*whens, default=Value("no_channel"), output_field=CharField())


def group_summary(criteria: dict, channel: str = GroupChannel.BOTH) -> dict:
    """How many people the group has, how many the message would reach, and the others by
    reason, in one query: {"total", "send", "excluded", "reasons": [(key, label, count)]}."""
    rows = (
        group_people(criteria)
        .annotate(reason=_reason_case(channel))
        .order_by()
        .values("reason")
        .annotate(n=Count("pk"))
    )
    counts = {row["reason"]: row["n"] for row in rows}
    reasons = []
    for key, label in REASONS.items():
        if key == "other_channel":
            if channel == GroupChannel.BOTH:
                continue
            label = OTHER_CHANNEL[channel]
        reasons.append((key, label, counts.get(key, 0)))
    total = sum(counts.values())
    send = counts.get("send", 0)
    return {"total": total, "send": send, "excluded": total - send, "reasons": reasons}


def group_by_hand(criteria: dict, channel: str = GroupChannel.BOTH):
    """People in the group the message cannot reach who asked for post or a phone call (or large
    print or easy read): for staff to contact by hand."""
    return (
        group_people(criteria)
        .exclude(stopped_q())
        .exclude(reachable_q(channel))
        .exclude(other_channel_q(channel))
        .filter(by_hand_q())
        .order_by("full_name", "pk")
    )


# --- Saved groups ------------------------------------------------------------------------------


def saved_groups_for(user):
    """The saved groups this user may see: groups chosen by equality answers only with the
    equality permission."""
    groups = SavedGroup.objects.all()
    if not may_choose_by_equality(user):
        groups = groups.exclude(criteria__has_key="equality")
    return groups.order_by("name", "pk")


def saved_group_get(user, pk: int) -> SavedGroup:
    return get_object_or_404(saved_groups_for(user), pk=pk)


def saved_group_counts(groups) -> dict[int, dict]:
    """Each group's current count and how many a message (email and text) would reach, for a
    page of groups in one query: {group id: {"total", "send"}}.

    One count per group, joined with UNION ALL: each group's criteria stay in its own WHERE, so
    the database answers each with semi-joins (a single scan with a filtered count per group took
    seconds on 50,000 people; this takes milliseconds).
    """
    groups = list(groups)
    if not groups:
        return {}
    send = sendable_q(GroupChannel.BOTH)
    parts = [
        CoCreator.objects.filter(criteria_q(group.criteria))
        .order_by()
        .annotate(group_id=Value(group.pk, output_field=IntegerField()))
        .values("group_id")
        .annotate(total=Count("pk"), send=Count("pk", filter=send))
        for group in groups
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    counts = {g.pk: {"total": 0, "send": 0} for g in groups}
    for row in rows:
        counts[row["group_id"]] = {"total": row["total"], "send": row["send"]}
    return counts


# --- Messages ----------------------------------------------------------------------------------


def group_messages_for(user):
    messages = GroupMessage.objects.select_related("saved_group", "broadcast", "created_by")
    if not may_choose_by_equality(user):
        messages = messages.exclude(criteria__has_key="equality")
    return messages.order_by("-created_at", "-pk")


def group_message_get(user, pk: int) -> GroupMessage:
    return get_object_or_404(group_messages_for(user), pk=pk)


def group_message_progress(message: GroupMessage) -> dict | None:
    """How far a sent message has got (None before Send): the broadcast's counts, and while the
    worker is still adding people, how many it has added of how many."""
    if message.broadcast_id is None:
        return None
    progress = broadcast_progress(message.broadcast)
    preparing = message.prepared_at is None
    progress["preparing"] = preparing
    progress["expected"] = message.recipients_expected or 0
    if preparing:
        progress["finished"] = False
    progress["sent_by"] = message.broadcast.created_by
    return progress


def criteria_words(criteria: dict) -> list[tuple[str, str]]:
    """The criteria in words, a line for each kind (a few queries: one a kind chosen)."""
    lines = []
    took = []
    for key, model, attr in (
        ("activities", Activity, "title"),
        ("projects", Project, "title"),
        ("series", ActivitySeries, "title"),
    ):
        if criteria.get(key):
            names = model.objects.filter(pk__in=criteria[key]).values_list(attr, flat=True)
            took.append(f"{key}: {', '.join(sorted(names))}")
    if took:
        verb = TOOK_PART.get(criteria.get("took_part", "either"), TOOK_PART["either"])
        lines.append(("Took part", f"{verb.capitalize()} any of these {'; '.join(took)}"))
    for key, model, label in (
        ("interests", Interest, "Interested in"),
        ("localities", Locality, "Lives in"),
        ("partners", PartnerOrganisation, "Contacts of partner organisations"),
    ):
        if criteria.get(key):
            names = [str(row) for row in model.objects.filter(pk__in=criteria[key])]
            lines.append((label, " or ".join(names)))
    if criteria.get("relationships"):
        names = [str(Relationship(k).label) for k in criteria["relationships"]]
        lines.append(("Relationship", " or ".join(names)))
    if criteria.get("champions"):
        lines.append(("Champions", "Current Community Co-creation Champions only"))
    for field, values in (criteria.get("equality") or {}).items():
        label, choices = EQUALITY_FIELDS[field]
        if choices is None:
            names = [g.label for g in EthnicGroup.objects.filter(pk__in=values)]
        else:
            names = [str(choices(v).label) for v in values]
        lines.append((f"{label} (equality monitoring, with consent)", " or ".join(names)))
    if criteria.get("last_involved_before"):
        day = dt.date.fromisoformat(criteria["last_involved_before"])
        lines.append(("Last came", f"Before {date_text(day)}, and not since"))
    return lines
