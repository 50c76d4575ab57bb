"""The demo's mentoring and peer support (seed_demo, through capacity/demo.py): five agreed
pairs (the demo co-creator is a mentee in one, with two meetings logged), one pairing waiting for
agreement for three weeks (the demo co-creator is asked to mentor someone, so their portal has an
invitation and the staff dashboard's panel counts it), one that ended, and a peer group of five
members (the demo co-creator among them) with meetings. Idempotent: nothing is added when the
demo group is there. Ten queries whatever the size of the demo, in seed_demo's transaction."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, DateTimeField, Q, Value, When
from django.utils import timezone

from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator, CoCreatorStatus, User

from ..models import MeetingFeeling, Mentoring, PeerGroup, PeerGroupMember, SupportMeeting

GROUP_NAME = "Carers' peer support"
STAFF_EMAIL = "staff@example.org"
WELL, OKAY, HARD = MeetingFeeling.WELL, MeetingFeeling.OKAY, MeetingFeeling.HARD

# (mentor, mentee, purpose, paired days ago, agreed days ago, ended days ago, end reason,
#  meetings as (days ago, how it went, logged by "mentor"/"mentee")). "demo" is the demo
# co-creator; numbers index the other demo people.
PAIRS = [
    (
        0,
        "demo",
        "Getting ready to sit on interview panels",
        75,
        70,
        None,
        "",
        [(60, WELL, "mentee"), (30, OKAY, "mentor")],
    ),
    (
        1,
        2,
        "Confidence to speak up in service design meetings",
        120,
        115,
        None,
        "",
        [(100, WELL, "mentee"), (70, HARD, "mentee"), (40, WELL, "mentor")],
    ),
    (3, 4, "Learning to facilitate a session", 50, 45, None, "", [(20, OKAY, "mentor")]),
    (5, 6, "Finding a way into co-creation as a carer", 30, 28, None, "", []),
    (0, 7, "Writing in plain English for the newsletter", 90, 85, None, "", [(10, WELL, "mentee")]),
    (
        9,
        10,
        "Settling in after joining the community",
        200,
        195,
        60,
        "The mentee felt ready to carry on without a mentor.",
        [(180, WELL, "mentee"), (150, OKAY, "mentor"), (100, WELL, "mentee")],
    ),
]
WAITING = ("demo", 8, "Sharing what helped you with someone new to panels", 20, 19)
GROUP_MEMBERS = ["demo", 11, 12, 13, 2]
GROUP_MEETINGS = [(56, WELL, 11), (28, OKAY, "demo"), (14, WELL, 12)]


def _at(today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(11), timezone.get_current_timezone())


def _backdate(model, field: str, when: dict[int, datetime.datetime]) -> None:
    """Set an auto_now_add field (which bulk_create fills with now) to the demo's dates, in one
    query."""
    if when:
        model.objects.filter(pk__in=list(when)).update(
            **{
                field: Case(
                    *[When(pk=pk, then=Value(moment)) for pk, moment in when.items()],
                    output_field=DateTimeField(),
                )
            }
        )


def demo_build(*, now: datetime.datetime | None = None) -> int:
    """Add the demo's pairs and peer group unless the group is there. Returns how many pairs
    were made."""
    if PeerGroup.objects.filter(name=GROUP_NAME).exists():
        return 0
    # The demo co-creator and 14 other demo people, in one query.
    found = list(
        CoCreator.objects.filter(
            Q(user__email=DEMO_COCREATOR_EMAIL)
            | Q(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        )
        .annotate(
            is_demo=Case(
                When(user__email=DEMO_COCREATOR_EMAIL, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-is_demo", "-email")[:15]
    )
    demo = found[0] if found and found[0].is_demo else None
    people = [p for p in found if not p.is_demo and p.email != DEMO_COCREATOR_EMAIL][:14]
    if demo is None or len(people) < 14:
        return 0
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    today = timezone.localdate(now or timezone.now())

    def who(ref):
        return demo if ref == "demo" else people[ref]

    pairs, created, meetings = [], {}, []
    for mentor, mentee, purpose, _paired, agreed, ended, reason, _ in PAIRS:
        pairs.append(
            Mentoring(
                mentor=who(mentor),
                mentee=who(mentee),
                purpose=purpose,
                set_up_by=staff,
                mentor_agreed_at=_at(today, agreed),
                mentee_agreed_at=_at(today, agreed - 1),
                ended_at=_at(today, ended) if ended is not None else None,
                ended_by=staff if ended is not None else None,
                end_reason=reason,
            )
        )
    mentor, mentee, purpose, paired_waiting, agreed_waiting = WAITING
    pairs.append(
        Mentoring(
            mentor=who(mentor),
            mentee=who(mentee),
            purpose=purpose,
            set_up_by=staff,
            mentee_agreed_at=_at(today, agreed_waiting),
        )
    )
    pairs = Mentoring.objects.bulk_create(pairs)
    for pair, (_, _, _, paired, *_rest) in zip(pairs, PAIRS, strict=False):
        created[pair.pk] = _at(today, paired)
    created[pairs[-1].pk] = _at(today, paired_waiting)
    _backdate(Mentoring, "created_at", created)
    for pair, spec in zip(pairs, PAIRS, strict=False):
        for days_ago, feeling, by in spec[7]:
            meetings.append(
                SupportMeeting(
                    mentoring=pair,
                    met_on=today - datetime.timedelta(days=days_ago),
                    how_it_went=feeling,
                    logged_by=pair.mentor if by == "mentor" else pair.mentee,
                    logged_by_user_id=(pair.mentor if by == "mentor" else pair.mentee).user_id,
                )
            )

    group = PeerGroup.objects.create(
        name=GROUP_NAME,
        about=(
            "An informal group for carers who take part in co-creation: a space to share what "
            "helps, talk through what is hard and support each other."
        ),
        meets="Second Thursday of the month, 6pm to 7pm, online",
        set_up_by=staff,
    )
    _backdate(PeerGroup, "created_at", {group.pk: _at(today, 70)})
    members = PeerGroupMember.objects.bulk_create(
        PeerGroupMember(group=group, cocreator=who(ref), agreed_at=_at(today, 65 - i))
        for i, ref in enumerate(GROUP_MEMBERS)
    )
    _backdate(PeerGroupMember, "invited_at", {m.pk: _at(today, 68) for m in members})
    for days_ago, feeling, by in GROUP_MEETINGS:
        meetings.append(
            SupportMeeting(
                group=group,
                met_on=today - datetime.timedelta(days=days_ago),
                how_it_went=feeling,
                logged_by=who(by),
                logged_by_user_id=who(by).user_id,
            )
        )
    SupportMeeting.objects.bulk_create(meetings)
    return len(pairs)
