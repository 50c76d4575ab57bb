"""Writes for peer support and mentoring: staff pair a mentor and a mentee, or set up a peer group
and invite people; each person agrees or declines (in the portal, or staff record it for someone
who never signs in); either person logs meetings; either (or staff) ends a pairing; a member
leaves a group; staff end a group. Each write is one transaction, locks the row it changes, and
refuses with a plain-English `ValidationError` (by field where a form has the field) rather than
write something wrong."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cocreation.lib.dates import date_text
from community.audit import audit_record
from community.models import AuditAction, CoCreator, CoCreatorStatus, User

from ..models import Mentoring, PeerGroup, PeerGroupMember, SupportMeeting
from .notices import (
    mentoring_ended_send,
    mentoring_proposed_send,
    mentoring_started_send,
    peer_group_invited_send,
)
from .selectors import is_active, is_closed

PAIR_FIELD = "mentoring pair"  # what the audit trail says changed on a person's record
GROUP_FIELD = "peer group"


def _open_between(a: CoCreator, b: CoCreator):
    return Mentoring.objects.filter(ended_at__isnull=True, declined_at__isnull=True).filter(
        Q(mentor=a, mentee=b) | Q(mentor=b, mentee=a)
    )


def _already_paired(mentor: CoCreator, mentee: CoCreator) -> ValidationError:
    return ValidationError(
        {
            "mentee": f"{mentor.full_name} and {mentee.full_name} are already paired. End that "
            "pairing first, or choose someone else"
        }
    )


@transaction.atomic
def mentoring_pair(*, mentor: CoCreator, mentee: CoCreator, purpose: str, actor: User) -> Mentoring:
    """Pair a mentor and a mentee (both still in the community, not already paired either way
    round); each is asked to agree in their portal, and it is noted on both records."""
    if mentor.pk == mentee.pk:
        raise ValidationError(
            {"mentee": "Choose two different people: the mentor and the mentee are the same"}
        )
    errors = {}
    for field, person in (("mentor", mentor), ("mentee", mentee)):
        if person.status == CoCreatorStatus.LEFT:
            errors[field] = f"{person.full_name} has left the community, so cannot be paired"
    if errors:
        raise ValidationError(errors)
    # Lock both people (in id order, so two pairings never wait on each other in a circle): a
    # pairing of the same two people the other way round, made at the same moment, waits here
    # and then finds this one open. The database's own rule covers only the same way round.
    list(
        CoCreator.objects.select_for_update()
        .filter(pk__in=[mentor.pk, mentee.pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if _open_between(mentor, mentee).exists():
        raise _already_paired(mentor, mentee)
    try:
        with transaction.atomic():
            pair = Mentoring.objects.create(
                mentor=mentor, mentee=mentee, purpose=purpose.strip(), set_up_by=actor
            )
    except IntegrityError:  # paired by someone else a moment ago
        raise _already_paired(mentor, mentee) from None
    for person in (mentor, mentee):
        audit_record(
            actor=actor, action=AuditAction.CREATE, cocreator_id=person.pk, fields=[PAIR_FIELD]
        )
    mentoring_proposed_send(pair=pair)
    return pair


def _locked_pair(pair: Mentoring) -> Mentoring:
    return Mentoring.objects.select_for_update().select_related("mentor", "mentee").get(pk=pair.pk)


@transaction.atomic
def mentoring_answer(
    *, pair: Mentoring, cocreator: CoCreator, agree: bool, actor: User
) -> Mentoring:
    """The mentor or mentee agrees to the pairing, or declines it. It starts when both have
    agreed (both are told); declining closes it. `actor` is the person, or staff recording the
    answer for someone who does not sign in."""
    pair = _locked_pair(pair)
    if cocreator.pk not in (pair.mentor_id, pair.mentee_id):
        raise ValidationError("Only the mentor or the mentee can answer")
    if is_closed(pair):
        raise ValidationError("This pairing has ended, so there is nothing to answer")
    if cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError(f"{cocreator.full_name} has left the community")
    side = "mentor_agreed_at" if cocreator.pk == pair.mentor_id else "mentee_agreed_at"
    if getattr(pair, side) is not None:
        raise ValidationError(f"{cocreator.display_name} has already agreed")
    now = timezone.now()
    if agree:
        setattr(pair, side, now)
        pair.save(update_fields=[side])
        if is_active(pair):
            mentoring_started_send(pair=pair)
    else:
        pair.declined_at = now
        pair.save(update_fields=["declined_at"])
    return pair


@transaction.atomic
def mentoring_end(
    *, pair: Mentoring, reason: str, actor: User, by: CoCreator | None = None
) -> Mentoring:
    """End a pairing, waiting or active, with an optional reason. `by` is the mentor or mentee
    ending it (the other is told); without it staff end it (both are told)."""
    pair = _locked_pair(pair)
    if is_closed(pair):
        raise ValidationError("This pairing has already ended")
    if by is not None and by.pk not in (pair.mentor_id, pair.mentee_id):
        raise ValidationError("Only the mentor or the mentee can end it")
    pair.ended_at = timezone.now()
    pair.ended_by = actor
    pair.end_reason = reason.strip()
    pair.save(update_fields=["ended_at", "ended_by", "end_reason"])
    if by is None:
        told = [pair.mentor, pair.mentee]
    else:
        told = [pair.mentee if by.pk == pair.mentor_id else pair.mentor]
    mentoring_ended_send(pair=pair, to=told)
    return pair


def _check_meeting_day(met_on: datetime.date, since: datetime.datetime, what: str) -> None:
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": "The date you met must be today or in the past"})
    first = timezone.localdate(since)
    if met_on < first:
        raise ValidationError(
            {"met_on": f"The date you met must be on or after {date_text(first)}, when {what}"}
        )


@transaction.atomic
def meeting_log_for_pair(
    *,
    pair: Mentoring,
    met_on: datetime.date,
    how_it_went: str,
    note: str,
    cocreator: CoCreator | None,
    actor: User,
) -> SupportMeeting:
    """Log a meeting of an active pairing (both agreed, not ended): the day and how it went; a
    note is optional. `cocreator` is whichever of the two logged it."""
    pair = _locked_pair(pair)
    if not is_active(pair):
        raise ValidationError(
            "A meeting can be logged once you have both agreed, and until the pairing ends"
        )
    _check_meeting_day(met_on, pair.created_at, "you were paired")
    return SupportMeeting.objects.create(
        mentoring=pair,
        met_on=met_on,
        how_it_went=how_it_went,
        note=note.strip(),
        logged_by=cocreator,
        logged_by_user=actor,
    )


def _locked_member(member: PeerGroupMember) -> PeerGroupMember:
    return (
        PeerGroupMember.objects.select_for_update(of=("self",))
        .select_related("group", "cocreator")
        .get(pk=member.pk)
    )


@transaction.atomic
def meeting_log_for_group(
    *,
    member: PeerGroupMember,
    met_on: datetime.date,
    how_it_went: str,
    note: str,
    actor: User,
) -> SupportMeeting:
    """Log a meeting of a running peer group, by a member who agreed to join and has not left."""
    member = _locked_member(member)
    group = member.group
    if group.ended_at is not None:
        raise ValidationError("This group has ended, so no more meetings can be logged")
    if member.agreed_at is None or member.left_at is not None:
        raise ValidationError("Only members of the group can log its meetings")
    _check_meeting_day(met_on, group.created_at, "the group was set up")
    return SupportMeeting.objects.create(
        group=group,
        met_on=met_on,
        how_it_went=how_it_went,
        note=note.strip(),
        logged_by=member.cocreator,
        logged_by_user=actor,
    )


@transaction.atomic
def peer_group_save(*, group: PeerGroup, actor: User) -> PeerGroup:
    """Set up a peer group, or change its name, what it is for and when it meets (not once it
    has ended)."""
    if (
        group.pk is not None
        and PeerGroup.objects.filter(pk=group.pk, ended_at__isnull=False).exists()
    ):
        raise ValidationError("This group has ended, so it cannot be changed")
    if group.pk is None:
        group.set_up_by = actor
    group.save()
    return group


@transaction.atomic
def peer_group_invite(
    *, group: PeerGroup, people: list[CoCreator], actor: User
) -> list[PeerGroupMember]:
    """Invite people to a running group (each asked to agree in their portal; noted on their
    record). Someone who left the group before is invited again; nobody who has left the
    community, or is already invited or a member, is."""
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    if group.ended_at is not None:
        raise ValidationError("This group has ended, so nobody can be invited")
    problems = [
        f"{p.full_name} has left the community, so cannot be invited"
        for p in people
        if p.status == CoCreatorStatus.LEFT
    ]
    existing = {
        m.cocreator_id: m for m in PeerGroupMember.objects.filter(group=group, cocreator__in=people)
    }
    for person in people:
        member = existing.get(person.pk)
        if member is not None and member.left_at is None:
            already = "a member of" if member.agreed_at else "already invited to"
            problems.append(f"{person.full_name} is {already} this group")
    if problems:
        raise ValidationError({"people": problems})
    now = timezone.now()
    invited = []
    for person in people:
        member = existing.get(person.pk)
        if member is None:
            member = PeerGroupMember.objects.create(group=group, cocreator=person)
        else:  # left the group before: invited afresh
            member.invited_at, member.agreed_at, member.left_at = now, None, None
            member.save(update_fields=["invited_at", "agreed_at", "left_at"])
        audit_record(
            actor=actor, action=AuditAction.CREATE, cocreator_id=person.pk, fields=[GROUP_FIELD]
        )
        peer_group_invited_send(group=group, member=member)
        invited.append(member)
    return invited


@transaction.atomic
def peer_group_answer(*, member: PeerGroupMember, agree: bool, actor: User) -> PeerGroupMember:
    """A person invited to a group agrees to join, or declines (which is leaving it)."""
    member = _locked_member(member)
    if member.group.ended_at is not None:
        raise ValidationError("This group has ended, so there is nothing to answer")
    if member.left_at is not None:
        raise ValidationError("This invitation has already been declined")
    if member.agreed_at is not None:
        raise ValidationError(f"{member.cocreator.display_name} has already agreed to join")
    if member.cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError(f"{member.cocreator.full_name} has left the community")
    if agree:
        member.agreed_at = timezone.now()
        member.save(update_fields=["agreed_at"])
    else:
        member.left_at = timezone.now()
        member.save(update_fields=["left_at"])
    return member


@transaction.atomic
def peer_group_leave(*, member: PeerGroupMember, actor: User) -> PeerGroupMember:
    """A member leaves a group."""
    member = _locked_member(member)
    if member.left_at is not None:
        raise ValidationError("You have already left this group")
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    return member


@transaction.atomic
def peer_group_end(*, group: PeerGroup, actor: User) -> PeerGroup:
    """End a group: it stays, with its members and meetings, and nothing more is logged."""
    group = PeerGroup.objects.select_for_update().get(pk=group.pk)
    if group.ended_at is not None:
        raise ValidationError("This group has already ended")
    group.ended_at = timezone.now()
    group.save(update_fields=["ended_at"])
    return group
