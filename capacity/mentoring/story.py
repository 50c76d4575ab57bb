"""Mentoring and peer support in a person's story (community/story.py): a pairing starting (when
both agreed), not going ahead or ending; meetings of their pairs and of the groups they joined;
joining and leaving a group. Registered from mentoring's wiring."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from community.story import StoryRow, story_limited

from ..models import Mentoring, PeerGroupMember, SupportMeeting
from .selectors import MyPair, started_at

KIND = "Mentoring"
GROUP_KIND = "Peer support"


def _pair_url(pair_pk: int, for_staff: bool) -> str:
    name = "capacity:mentoring-pair" if for_staff else "capacity:portal-mentoring-pair"
    return reverse(name, args=[pair_pk])


def _group_url(group_pk: int, for_staff: bool) -> str:
    name = "capacity:mentoring-group" if for_staff else "capacity:portal-mentoring-group"
    return reverse(name, args=[group_pk])


def pair_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The person's pairings: started, did not go ahead, ended; newest first. One query."""
    pairs = (
        Mentoring.objects.filter(Q(mentor=cocreator) | Q(mentee=cocreator))
        .select_related("mentor", "mentee")
        .order_by("-created_at", "-pk")
    )
    rows = []
    for pair in story_limited(pairs, limit):
        mine = MyPair(pair=pair, me=cocreator)
        other = mine.other.full_name if for_staff else mine.other.display_name
        url = _pair_url(pair.pk, for_staff)
        if mine.role == "mentor":
            what = f"mentoring {other}"
        else:
            what = f"being mentored by {other}"
        began = started_at(pair)
        if began is not None:
            rows.append(
                StoryRow(
                    when=began, kind=KIND, title=f"Started {what}", detail=pair.purpose, url=url
                )
            )
        if pair.declined_at is not None:
            rows.append(
                StoryRow(
                    when=pair.declined_at,
                    kind=KIND,
                    title=f"Pairing with {other} did not go ahead",
                    url=url,
                )
            )
        elif pair.ended_at is not None:
            rows.append(
                StoryRow(
                    when=pair.ended_at,
                    kind=KIND,
                    title=f"Ended {what}" if began else f"Pairing with {other} ended",
                    detail=pair.end_reason,
                    url=url,
                )
            )
    return rows


def meeting_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Meetings of the person's pairs, and of groups while they were a member; newest first.
    One query."""
    in_group = PeerGroupMember.objects.filter(
        group=OuterRef("group"),
        cocreator=cocreator,
        agreed_at__isnull=False,
        agreed_at__date__lte=OuterRef("met_on"),
    ).filter(Q(left_at__isnull=True) | Q(left_at__date__gte=OuterRef("met_on")))
    meetings = (
        SupportMeeting.objects.filter(
            Q(mentoring__mentor=cocreator) | Q(mentoring__mentee=cocreator) | Q(Exists(in_group))
        )
        .select_related("mentoring__mentor", "mentoring__mentee", "group")
        .annotate(
            still_in=Exists(
                PeerGroupMember.objects.filter(
                    group=OuterRef("group"), cocreator=cocreator, left_at__isnull=True
                )
            )
        )
        .order_by("-met_on", "-pk")
    )
    rows = []
    for meeting in story_limited(meetings, limit):
        if meeting.mentoring_id:
            mine = MyPair(pair=meeting.mentoring, me=cocreator)
            other = mine.other.full_name if for_staff else mine.other.display_name
            title = f"Mentoring meeting with {other}"
            url = _pair_url(meeting.mentoring_id, for_staff)
            kind = KIND
        else:
            title = f"Meeting of {meeting.group.name}"
            # A member who left can no longer open the group's page in the portal.
            url = _group_url(meeting.group_id, for_staff) if for_staff or meeting.still_in else None
            kind = GROUP_KIND
        rows.append(
            StoryRow(
                when=meeting.met_on,
                kind=kind,
                title=title,
                detail=meeting.get_how_it_went_display(),
                url=url,
            )
        )
    return rows


def membership_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Peer groups the person joined, and left; newest first. One query."""
    members = (
        PeerGroupMember.objects.filter(cocreator=cocreator, agreed_at__isnull=False)
        .select_related("group")
        .order_by("-agreed_at", "-pk")
    )
    rows = []
    for member in story_limited(members, limit):
        url = _group_url(member.group_id, for_staff)
        rows.append(
            StoryRow(
                when=member.agreed_at,
                kind=GROUP_KIND,
                title=f"Joined the peer group {member.group.name}",
                url=url if for_staff or not member.left_at else None,
            )
        )
        if member.left_at is not None:
            rows.append(
                StoryRow(
                    when=member.left_at,
                    kind=GROUP_KIND,
                    title=f"Left the peer group {member.group.name}",
                    url=url if for_staff else None,
                )
            )
    return rows
