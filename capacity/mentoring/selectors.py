"""Reads for peer support and mentoring: where a pair stands, the staff overview and pages, the
portal's pages (the other person's name and how they like to be contacted, nothing else of their
record), the staff record's section and the dashboard panel (the steering report's counts are
`capacity.report`'s). Each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import CoCreator

from ..models import Mentoring, PeerGroup, PeerGroupMember, SupportMeeting

WAITING, ACTIVE, ENDED, DECLINED = "waiting", "active", "ended", "declined"
STATUS_WORDS = {
    WAITING: "Waiting for agreement",
    ACTIVE: "Active",
    ENDED: "Ended",
    DECLINED: "Did not go ahead",
}
STATUS_TAGS = {WAITING: "nhsuk-tag--yellow", ACTIVE: "nhsuk-tag--green"}
WAITING_TOO_LONG_DAYS = 14  # the dashboard counts pairs waiting for agreement longer than this
RECENT_ROWS = 20  # ended pairs and groups shown on the overview (all are counted)

OPEN = Q(ended_at__isnull=True, declined_at__isnull=True)
BOTH_AGREED = Q(mentor_agreed_at__isnull=False, mentee_agreed_at__isnull=False)
WAITING_Q = OPEN & ~BOTH_AGREED
ACTIVE_Q = OPEN & BOTH_AGREED


def is_closed(pair: Mentoring) -> bool:
    """Ended, or declined by one of the two."""
    return pair.ended_at is not None or pair.declined_at is not None


def is_active(pair: Mentoring) -> bool:
    """Both agreed and not ended."""
    return (
        not is_closed(pair)
        and pair.mentor_agreed_at is not None
        and pair.mentee_agreed_at is not None
    )


def pair_status(pair: Mentoring) -> str:
    if pair.declined_at is not None:
        return DECLINED
    if pair.ended_at is not None:
        return ENDED
    return ACTIVE if is_active(pair) else WAITING


def started_at(pair: Mentoring) -> datetime.datetime | None:
    """When the second of the two agreed, or None."""
    if pair.mentor_agreed_at is None or pair.mentee_agreed_at is None:
        return None
    return max(pair.mentor_agreed_at, pair.mentee_agreed_at)


class _PairStatus:
    """Where a pair stands, in words and as a tag, for a row that holds it as `pair`."""

    pair: Mentoring

    @property
    def status(self) -> str:
        return pair_status(self.pair)

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "nhsuk-tag--grey")


@dataclass
class PairRow(_PairStatus):
    pair: Mentoring
    n_meetings: int = 0
    last_met: datetime.date | None = None

    @property
    def started_at(self):
        return started_at(self.pair)

    @property
    def closed_at(self):
        return self.pair.ended_at or self.pair.declined_at


def _pairs():
    return Mentoring.objects.select_related("mentor", "mentee").annotate(
        n_meetings=Count("meetings"), last_met=Max("meetings__met_on")
    )


def _rows(pairs) -> list[PairRow]:
    return [PairRow(pair=p, n_meetings=p.n_meetings, last_met=p.last_met) for p in pairs]


def _groups():
    return PeerGroup.objects.annotate(
        n_members=Count(
            "members",
            filter=Q(members__agreed_at__isnull=False, members__left_at__isnull=True),
            distinct=True,
        ),
        n_invited=Count(
            "members",
            filter=Q(members__agreed_at__isnull=True, members__left_at__isnull=True),
            distinct=True,
        ),
        n_meetings=Count("meetings", distinct=True),
        last_met=Max("meetings__met_on"),
    )


def staff_overview() -> dict:
    """The staff page: pairs waiting for agreement (oldest first) and active (with their
    meetings), the latest ended ones, running peer groups and the latest ended ones, with exact
    counts of each. Seven queries."""
    waiting = _rows(_pairs().filter(WAITING_Q).order_by("created_at", "pk"))
    active = _rows(
        _pairs().filter(ACTIVE_Q).order_by("mentor__full_name", "mentee__full_name", "pk")
    )
    closed = Mentoring.objects.exclude(OPEN)
    ended = _rows(
        _pairs()
        .exclude(OPEN)
        .order_by(Coalesce("ended_at", "declined_at").desc(), "-pk")[:RECENT_ROWS]
    )
    groups = list(_groups().filter(ended_at__isnull=True).order_by("name", "pk"))
    ended_groups = PeerGroup.objects.filter(ended_at__isnull=False)
    return {
        "waiting": waiting,
        "active": active,
        "ended": ended,
        "ended_count": closed.count(),
        "groups": groups,
        "ended_groups": list(
            _groups().filter(ended_at__isnull=False).order_by("-ended_at")[:RECENT_ROWS]
        ),
        "ended_groups_count": ended_groups.count(),
        "waiting_days": WAITING_TOO_LONG_DAYS,
    }


def meetings_of(*, pair: Mentoring | None = None, group: PeerGroup | None = None) -> list:
    """A pair's or a group's meetings, latest first, with who logged each. One query."""
    meetings = SupportMeeting.objects.select_related("logged_by").order_by("-met_on", "-pk")
    if pair is not None:
        return list(meetings.filter(mentoring=pair))
    return list(meetings.filter(group=group))


def staff_pair_page(pair: Mentoring) -> dict:
    """A pair's page for staff: where it stands, both agreements and the meetings. One query."""
    return {"pair": pair, "row": PairRow(pair=pair), "meetings": meetings_of(pair=pair)}


def staff_group_page(group: PeerGroup) -> dict:
    """A group's page for staff: its members (members, invited, left) and meetings. Two
    queries."""
    members = list(
        PeerGroupMember.objects.filter(group=group)
        .select_related("cocreator")
        .order_by("cocreator__full_name", "pk")
    )
    return {
        "group": group,
        "members": [m for m in members if m.agreed_at and not m.left_at],
        "invited": [m for m in members if not m.agreed_at and not m.left_at],
        "left": [m for m in members if m.left_at],
        "meetings": meetings_of(group=group),
    }


def dashboard_panel(user) -> dict:
    """The staff dashboard's mentoring panel: how many pairs have waited for agreement longer
    than `WAITING_TOO_LONG_DAYS` (no names). One query."""
    since = timezone.now() - datetime.timedelta(days=WAITING_TOO_LONG_DAYS)
    return {
        "waiting_long": Mentoring.objects.filter(WAITING_Q, created_at__lt=since).count(),
        "days": WAITING_TOO_LONG_DAYS,
    }


# --- The portal: a person's own pairs and groups ------------------------------------------------


@dataclass
class Contact:
    """One way a person said they like to be contacted, and the address or number for it."""

    how: str
    detail: str


def contact_choices(person: CoCreator) -> list[Contact]:
    """How the person likes to be contacted: only the ways they chose, each with only the
    address or number that way needs (never anything else of their record)."""
    choices = []
    if person.prefers_email and person.email:
        choices.append(Contact("Email", person.email))
    if person.prefers_phone and person.phone:
        choices.append(Contact("Phone call", person.phone))
    if person.prefers_sms and person.phone:
        choices.append(Contact("Text message", person.phone))
    if person.prefers_post and person.address:
        address = ", ".join(
            line.strip() for line in [*person.address.splitlines(), person.postcode] if line.strip()
        )
        choices.append(Contact("Post", address))
    return choices


@dataclass
class MyPair(_PairStatus):
    """A pair as one of the two sees it: their part in it and the other person."""

    pair: Mentoring
    me: CoCreator
    n_meetings: int = 0

    @property
    def role(self) -> str:
        return "mentor" if self.me.pk == self.pair.mentor_id else "mentee"

    @property
    def other_role(self) -> str:
        return "mentee" if self.role == "mentor" else "mentor"

    @property
    def other(self) -> CoCreator:
        return self.pair.mentee if self.role == "mentor" else self.pair.mentor

    @property
    def i_agreed(self) -> bool:
        side = self.pair.mentor_agreed_at if self.role == "mentor" else self.pair.mentee_agreed_at
        return side is not None

    @property
    def started_at(self):
        return started_at(self.pair)


@dataclass
class MyGroups:
    invitations: list = field(default_factory=list)
    current: list = field(default_factory=list)
    past: list = field(default_factory=list)


def portal_overview(cocreator: CoCreator) -> dict:
    """The person's invitations to answer, their open pairs (waiting for the other, or active),
    their groups and the ones that have ended. Two queries."""
    pairs = [
        MyPair(pair=p, me=cocreator, n_meetings=p.n_meetings)
        for p in Mentoring.objects.filter(Q(mentor=cocreator) | Q(mentee=cocreator))
        .select_related("mentor", "mentee")
        .annotate(n_meetings=Count("meetings"))
        .order_by("-created_at", "-pk")
    ]
    members = (
        PeerGroupMember.objects.filter(cocreator=cocreator)
        .exclude(agreed_at__isnull=True, left_at__isnull=False)  # declined: nothing to show
        .select_related("group")
        .annotate(n_meetings=Count("group__meetings"))
        .order_by("group__name", "pk")
    )
    groups = MyGroups()
    for member in members:
        if member.left_at or member.group.ended_at:
            groups.past.append(member)
        elif member.agreed_at:
            groups.current.append(member)
        else:
            groups.invitations.append(member)
    return {
        "invitations": [p for p in pairs if p.status == WAITING and not p.i_agreed],
        "open_pairs": [
            p for p in pairs if p.status == ACTIVE or (p.status == WAITING and p.i_agreed)
        ],
        "past_pairs": [p for p in pairs if p.status in (ENDED, DECLINED)],
        "groups": groups,
    }


def portal_pair_page(pair: Mentoring, cocreator: CoCreator) -> dict:
    """A pair as one of the two sees it: the other person's name, and how they like to be
    contacted while the pairing is active; the meetings. One query."""
    mine = MyPair(pair=pair, me=cocreator)
    return {
        "mine": mine,
        "contact": contact_choices(mine.other) if mine.status == ACTIVE else [],
        "meetings": meetings_of(pair=pair),
    }


def portal_group_page(group: PeerGroup, member: PeerGroupMember) -> dict:
    """A group as a member sees it: what it is for, when it meets, the first names others go by
    (members who agreed) and its meetings. Two queries."""
    others = (
        PeerGroupMember.objects.filter(group=group, agreed_at__isnull=False, left_at__isnull=True)
        .exclude(pk=member.pk)
        .select_related("cocreator")
        .order_by("cocreator__full_name", "pk")
    )
    return {
        "group": group,
        "member": member,
        "others": [m.cocreator.display_name for m in others],
        "meetings": meetings_of(group=group),
        "can_log": group.ended_at is None and member.agreed_at is not None,
    }


# --- The staff record ----------------------------------------------------------------------------


def record_mentoring_section(cocreator: CoCreator) -> dict:
    """The staff record's "Mentoring and peer support" section: the person's pairs (as mentor or
    mentee) and their peer groups. Two queries."""
    pairs = [
        MyPair(pair=p, me=cocreator, n_meetings=p.n_meetings)
        for p in Mentoring.objects.filter(Q(mentor=cocreator) | Q(mentee=cocreator))
        .select_related("mentor", "mentee")
        .annotate(n_meetings=Count("meetings"))
        .order_by("-created_at", "-pk")
    ]
    members = list(
        PeerGroupMember.objects.filter(cocreator=cocreator)
        .select_related("group")
        .order_by("-invited_at", "-pk")
    )
    return {"cocreator": cocreator, "pairs": pairs, "memberships": members}
