"""Telling people about their mentoring and peer groups, through community's one pipeline
(`person_notify`), by each person's own channel, once per key: a pairing proposed by staff (to
each of the two), a pairing started (to both, when the second agrees), a pairing ended (to the
other person, or to both when staff end it) and an invitation to a peer group."""

from django.urls import reverse

from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify
from community.models import CoCreator

from ..models import Mentoring, PeerGroup, PeerGroupMember

TEMPLATES = "capacity/mentoring/email/"


def _portal_url() -> str:
    return absolute_url(reverse("capacity:portal-mentoring"))


def _roles(pair: Mentoring, person: CoCreator) -> tuple[str, str]:
    """The person's part in the pair and the other's: ("mentor", "mentee") or the other way."""
    return ("mentor", "mentee") if person.pk == pair.mentor_id else ("mentee", "mentor")


def _other(pair: Mentoring, person: CoCreator) -> CoCreator:
    return pair.mentee if person.pk == pair.mentor_id else pair.mentor


def _pair_context(pair: Mentoring, person: CoCreator) -> dict:
    role, other_role = _roles(pair, person)
    return {
        "role": role,
        "other_role": other_role,
        "other_name": _other(pair, person).display_name,
        "purpose": pair.purpose,
        "portal_url": _portal_url(),
    }


def mentoring_proposed_send(*, pair: Mentoring) -> None:
    """Staff paired two people: ask each to agree (or decline) in their portal."""
    for person in (pair.mentor, pair.mentee):
        person_notify(
            cocreator_id=person.pk,
            kind="mentoring_proposed",
            key=f"mentoring-proposed:{pair.pk}:{person.pk}",
            template=TEMPLATES + "mentoring_proposed",
            context=_pair_context(pair, person),
        )


def mentoring_started_send(*, pair: Mentoring) -> None:
    """Both have agreed: the pairing has started; each can now see how the other likes to be
    contacted."""
    for person in (pair.mentor, pair.mentee):
        person_notify(
            cocreator_id=person.pk,
            kind="mentoring_started",
            key=f"mentoring-started:{pair.pk}:{person.pk}",
            template=TEMPLATES + "mentoring_started",
            context=_pair_context(pair, person),
        )


def mentoring_ended_send(*, pair: Mentoring, to: list[CoCreator]) -> None:
    """The pairing has ended: tell the people in `to` (the other person, or both)."""
    for person in to:
        person_notify(
            cocreator_id=person.pk,
            kind="mentoring_ended",
            key=f"mentoring-ended:{pair.pk}:{person.pk}",
            template=TEMPLATES + "mentoring_ended",
            context=_pair_context(pair, person),
        )


def peer_group_invited_send(*, group: PeerGroup, member: PeerGroupMember) -> None:
    """Invited to a peer-support group: agree (or decline) in the portal. Keyed by the
    invitation's time, so someone invited again after leaving is told again."""
    stamp = int(member.invited_at.timestamp())
    person_notify(
        cocreator_id=member.cocreator_id,
        kind="peer_group_invited",
        key=f"peer-group-invited:{group.pk}:{member.cocreator_id}:{stamp}",
        template=TEMPLATES + "peer_group_invited",
        context={
            "group_name": group.name,
            "about": group.about,
            "meets": group.meets,
            "portal_url": _portal_url(),
        },
    )
