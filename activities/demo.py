"""Demo projects, activities, sign-ups and attendance for the synthetic demo community.

Everything here is invented: about a dozen pieces of co-creation work in a mental health trust and
about two years of activities up to three months ahead, six to ten a month. The mix moves towards
the deeper engagement levels over time, so the staff dashboard's centre of gravity rises; the share
of evening, weekend and informal-setting sessions rises too.

Past activities are done (a few cancelled) and have attendance, drawn from the demo co-creators;
the few most recent have sign-ups but no attendance yet, so "attendance still to record" has rows.
Future activities are open or planned, with sign-ups; some are full with a waiting list.

`build_demo_activities()` is deterministic (one `random.Random(2027)`) and idempotent: projects are
keyed by title and activities by title and start time. The plan is worked out from today's date, so
a month that already holds demo activities is left alone whole: loading again on a later day adds
only the months that were not there before.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from community.models import (
    CoCreator,
    CoCreatorStatus,
    Interest,
    Locality,
    PartnerOrganisation,
    User,
)

from .models import (
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    EngagementLevel,
    Objective,
    Project,
    ProjectObjective,
    ProjectStage,
    ProjectStatus,
    SignUp,
    SignUpStatus,
)
from .services import evening_and_weekend

SEED = 2027
MONTHS_BACK = 24
MONTHS_AHEAD = 3
PER_MONTH = (6, 10)
# The most recent past activities are left without attendance, as if nobody had recorded it yet.
UNRECORDED = 4
DEMO_STAFF_EMAIL = "staff@example.org"
DEMO_COCREATOR_EMAIL = "cocreator@example.org"

L = EngagementLevel
OBJ = Objective


# --- What the demo is made of ------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of session that recurs: its title, level, length, places and usual turnout."""

    title: str
    level: int
    hours: float
    capacity: int | None
    turnout: tuple[int, int]
    summary: str
    audience: str = "Anyone in the co-creation community"
    online: bool = False  # usually held online
    public: bool = True


@dataclass(frozen=True)
class DemoProject:
    title: str
    summary: str
    stage: str
    status: str
    service_area: str  # an Interest name, or ""
    objectives: tuple[str, ...]
    partners: tuple[str, ...]
    started: int  # months ago
    ended: int | None  # months ago its sessions stopped, or None if they go on
    kinds: tuple[Kind, ...] = field(default=())


PROJECTS = (
    DemoProject(
        "Redesigning the crisis line callback",
        "People who ring the crisis line and wait for a call back told us the wait felt "
        "endless. Callers, carers and crisis staff are redesigning what happens between the "
        "first call and the call back.",
        ProjectStage.TESTING,
        ProjectStatus.ACTIVE,
        "Crisis and urgent care",
        (OBJ.COMMUNICATION, OBJ.ENVIRONMENT),
        ("Riverside Wellbeing Collective", "Lantern Coast Primary Care Network"),
        started=22,
        ended=None,
        kinds=(
            Kind(
                "Crisis line: tell us about waiting for a call back",
                L.ENGAGE,
                1.5,
                15,
                (6, 12),
                "Share what it was like to wait for the crisis line to call you back, "
                "and what would have helped.",
                audience="People who have used the crisis line, and their carers",
            ),
            Kind(
                "Crisis line callback: mapping the journey",
                L.INVOLVE,
                2,
                12,
                (5, 10),
                "Together we draw out every step from the first call to the call back, and "
                "mark where it goes wrong.",
            ),
            Kind(
                "Crisis line callback: project group",
                L.COLLABORATE,
                2,
                10,
                (5, 8),
                "The project group of callers, carers and crisis staff shares the decisions.",
                public=False,
            ),
            Kind(
                "Crisis line callback: design sprint",
                L.COCREATE,
                3,
                10,
                (6, 9),
                "Design the new callback messages and the script side by side with crisis "
                "line staff, then try them out.",
            ),
        ),
    ),
    DemoProject(
        "Carers' information pack",
        "Carers asked for one clear pack about the trust's services, their rights and where "
        "to get support. Carers are writing it with the carers' support team.",
        ProjectStage.IMPLEMENTATION,
        ProjectStatus.ACTIVE,
        "Adult community mental health",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        ("Hop Garden Carers' Network",),
        started=23,
        ended=None,
        kinds=(
            Kind(
                "Carers' pack: what do you wish you had known?",
                L.ENGAGE,
                1.5,
                20,
                (6, 14),
                "Tell us what you wish someone had told you when you started caring.",
                audience="Carers, family members and friends",
            ),
            Kind(
                "Carers' pack: choosing what goes in",
                L.INVOLVE,
                2,
                12,
                (5, 10),
                "Help decide what goes into the pack and what order it comes in.",
                audience="Carers, family members and friends",
            ),
            Kind(
                "Carers' pack: writing day",
                L.COCREATE,
                3,
                10,
                (5, 9),
                "Write and illustrate sections of the pack alongside the carers' support team.",
                audience="Carers, family members and friends",
            ),
        ),
    ),
    DemoProject(
        "A garden for the inpatient ward",
        "Patients, families and ward staff are turning a bare courtyard into a garden people "
        "can use every day.",
        ProjectStage.DESIGN,
        ProjectStatus.ACTIVE,
        "Inpatient wards",
        (OBJ.ENVIRONMENT, OBJ.CAPACITY),
        ("Oast House Peer Support",),
        started=15,
        ended=None,
        kinds=(
            Kind(
                "Ward garden: ideas on the ward",
                L.ENGAGE,
                1,
                None,
                (6, 14),
                "Drop in and tell us what you would like the garden to have.",
            ),
            Kind(
                "Ward garden: planning group",
                L.COLLABORATE,
                2,
                10,
                (4, 8),
                "The planning group shares the choices about layout, planting and budget.",
            ),
            Kind(
                "Ward garden: planting day",
                L.COCREATE,
                3,
                12,
                (6, 10),
                "Plant the garden together. Gloves, tools and lunch are provided.",
            ),
        ),
    ),
    DemoProject(
        "Digital appointment letters",
        "Appointment letters are moving to text and email. People who get them are deciding "
        "what the new letters say and how they look.",
        ProjectStage.TESTING,
        ProjectStatus.ACTIVE,
        "Psychological therapies",
        (OBJ.COMMUNICATION,),
        ("Downsview University Centre for Community Mental Health",),
        started=13,
        ended=None,
        kinds=(
            Kind(
                "Digital letters: what is changing and why",
                L.INFORM,
                1,
                None,
                (10, 25),
                "Hear what is changing about appointment letters and when.",
                online=True,
            ),
            Kind(
                "Digital letters: testing the new letters",
                L.INVOLVE,
                2,
                8,
                (4, 8),
                "Try the new letters on your own phone and tell us what is not clear.",
            ),
            Kind(
                "Digital letters: design workshop",
                L.COCREATE,
                2.5,
                10,
                (5, 9),
                "Write the new letters with the team who send them.",
            ),
        ),
    ),
    DemoProject(
        "Welcome to the ward: a guide for your first days",
        "A guide for people arriving on a ward and their families, written with people who "
        "remember their own first days. It is finished and in use on every ward.",
        ProjectStage.REVIEW,
        ProjectStatus.COMPLETED,
        "Inpatient wards",
        (OBJ.ENVIRONMENT, OBJ.COMMUNICATION),
        (),
        started=24,
        ended=11,
        kinds=(
            Kind(
                "Admission guide: what helped when you arrived?",
                L.INVOLVE,
                2,
                12,
                (5, 10),
                "Tell us what helped, and what did not, in your first days on a ward.",
            ),
            Kind(
                "Admission guide: editing group",
                L.COLLABORATE,
                2,
                8,
                (4, 7),
                "The editing group decides together what the guide says.",
            ),
        ),
    ),
    DemoProject(
        "Moving on: young people moving to adult services",
        "Young people told us moving from children's to adult services felt like falling off "
        "a cliff. With a young people's project we are finding out what would make it gentler.",
        ProjectStage.DISCOVERY,
        ProjectStatus.ACTIVE,
        "Early intervention in psychosis",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        ("Saltmarsh Young People's Project",),
        started=10,
        ended=None,
        kinds=(
            Kind(
                "Moving on: young people's listening session",
                L.ENGAGE,
                1.5,
                15,
                (4, 10),
                "Tell us about moving to adult services, in a relaxed evening session.",
                audience="Young people aged 16 to 25",
            ),
            Kind(
                "Moving on: mapping the move",
                L.INVOLVE,
                2,
                12,
                (4, 9),
                "Map the move from children's to adult services and where it breaks down.",
                audience="Young people aged 16 to 25, and their families",
            ),
            Kind(
                "Moving on: writing a peer guide",
                L.COCREATE,
                3,
                10,
                (4, 8),
                "Write a guide by young people for young people, with youth workers.",
                audience="Young people aged 16 to 25",
            ),
        ),
    ),
    DemoProject(
        "Faith, culture and mental health conversations",
        "Conversations in places of worship and community centres about mental health, what "
        "gets in the way of asking for help, and how the trust could listen better.",
        ProjectStage.DISCOVERY,
        ProjectStatus.ACTIVE,
        "",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        (
            "Greensand Interfaith Forum",
            "Northfleet Sikh Community Seva Circle",
            "Kingsgate African and Caribbean Wellbeing Hub",
        ),
        started=17,
        ended=None,
        kinds=(
            Kind(
                "Mental health awareness talk",
                L.INFORM,
                1,
                None,
                (15, 35),
                "A short talk about mental health and where to get help, with time for questions.",
            ),
            Kind(
                "Faith and mental health: community conversation",
                L.ENGAGE,
                2,
                25,
                (8, 18),
                "An open conversation about mental health in our communities.",
            ),
            Kind(
                "Faith and mental health: partners' planning group",
                L.COLLABORATE,
                2,
                12,
                (5, 9),
                "Faith and community partners plan the next conversations with the trust.",
                public=False,
            ),
        ),
    ),
    DemoProject(
        "Perinatal peer support group",
        "Parents who have been through perinatal mental illness are setting up a peer support "
        "group with the perinatal team.",
        ProjectStage.IMPLEMENTATION,
        ProjectStatus.ACTIVE,
        "Perinatal mental health",
        (OBJ.CAPACITY, OBJ.COMMUNITY),
        (),
        started=19,
        ended=None,
        kinds=(
            Kind(
                "Perinatal peer support: shaping the group",
                L.INVOLVE,
                2,
                10,
                (4, 8),
                "Help decide how the peer support group will run. Babies are welcome.",
                audience="Parents with experience of perinatal mental illness",
            ),
            Kind(
                "Perinatal peer support: training together",
                L.COCREATE,
                3,
                10,
                (4, 8),
                "Peer supporters and the perinatal team build the training side by side.",
                audience="Parents with experience of perinatal mental illness",
            ),
        ),
    ),
    DemoProject(
        "Co-creation training for staff and co-creators",
        "A course on working as equal partners, designed and taught by co-creators and staff "
        "together.",
        ProjectStage.IMPLEMENTATION,
        ProjectStatus.ACTIVE,
        "",
        (OBJ.CAPACITY, OBJ.ENVIRONMENT),
        ("Downsview University Centre for Community Mental Health",),
        started=21,
        ended=None,
        kinds=(
            Kind(
                "Introduction to co-creation",
                L.INFORM,
                1.5,
                40,
                (12, 30),
                "What co-creation means here, and the ways to take part.",
                online=True,
            ),
            Kind(
                "Co-creation skills: facilitating together",
                L.COLLABORATE,
                3,
                14,
                (6, 12),
                "Learn to run a session as a pair: one co-creator and one member of staff.",
                audience="Co-creators and trust staff",
            ),
            Kind(
                "Co-creation training: designing the course",
                L.COCREATE,
                3,
                10,
                (5, 9),
                "Design the next part of the course with the people who teach it.",
            ),
        ),
    ),
    DemoProject(
        "A calmer memory service waiting room",
        "Older people and their carers find the memory service waiting room noisy and "
        "confusing. This idea is paused until the building work is agreed.",
        ProjectStage.IDEA,
        ProjectStatus.PAUSED,
        "Older adults' mental health",
        (OBJ.ENVIRONMENT,),
        (),
        started=6,
        ended=3,
        kinds=(
            Kind(
                "Memory service waiting room: what would help?",
                L.ENGAGE,
                1.5,
                15,
                (5, 10),
                "Tell us what would make the waiting room calmer and easier to find your way in.",
                audience="Older people and their carers",
            ),
        ),
    ),
    DemoProject(
        "Health outreach with Gypsy, Roma and Traveller communities",
        "With a community organisation we are finding out how the trust can reach Gypsy, Roma "
        "and Traveller families in ways that suit them.",
        ProjectStage.DISCOVERY,
        ProjectStatus.ACTIVE,
        "Adult community mental health",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        ("Open Road Traveller and Roma Voices",),
        started=8,
        ended=None,
        kinds=(
            Kind(
                "Open Road: health and wellbeing drop-in",
                L.ENGAGE,
                2,
                None,
                (5, 12),
                "Drop in for a cup of tea and a chat about health and wellbeing.",
            ),
            Kind(
                "Open Road: shaping the outreach together",
                L.INVOLVE,
                2,
                10,
                (4, 8),
                "Help decide where and how the outreach team should work.",
            ),
        ),
    ),
)

# Sessions that belong to no one project: the community's own regular life.
STANDING_KINDS = (
    Kind(
        "Co-creation community briefing",
        L.INFORM,
        1,
        None,
        (12, 30),
        "News from the involvement team: what has changed because of you, and what is coming up.",
        online=True,
    ),
    Kind(
        "Open evening: what is co-creation?",
        L.INFORM,
        1.5,
        40,
        (10, 25),
        "Come and find out about the co-creation community and how to join in.",
        audience="Anyone: you do not need to be a member yet",
    ),
    Kind(
        "Coffee and conversation",
        L.ENGAGE,
        1.5,
        20,
        (6, 14),
        "An informal chat about your experience of mental health services, over a coffee.",
    ),
    Kind(
        "Listening event: your experience of our services",
        L.ENGAGE,
        2,
        30,
        (8, 16),
        "Tell senior leaders directly what is working and what is not.",
    ),
    Kind(
        "Reading panel: checking leaflets for plain English",
        L.INVOLVE,
        2,
        8,
        (4, 7),
        "Read new leaflets before they are printed and help make them clear.",
    ),
    Kind(
        "Recruitment panel: interviewing for a new post",
        L.INVOLVE,
        3,
        3,
        (2, 3),
        "Sit on an interview panel with trust managers. Training is given first.",
        public=False,
    ),
    Kind(
        "Co-creation community forum",
        L.COLLABORATE,
        2,
        20,
        (8, 14),
        "The community and the involvement team decide together what to work on next.",
    ),
    Kind(
        "Planning next year's priorities together",
        L.COCREATE,
        3,
        20,
        (8, 14),
        "Set the co-creation community's priorities for next year, side by side with the "
        "trust's leaders.",
    ),
)

TRUST_SITES = (
    ("Trust headquarters, Maidstone", "Maidstone"),
    ("Community mental health centre, Canterbury", "Canterbury"),
    ("Community mental health centre, Margate", "Thanet"),
    ("Community mental health centre, Ashford", "Ashford"),
    ("Inpatient unit, Dartford", "Dartford"),
)
INFORMAL_VENUES = (
    (ActivitySetting.COMMUNITY_VENUE, "Sheerness community hub", "Swale"),
    (ActivitySetting.COMMUNITY_VENUE, "Chatham community centre", "Medway"),
    (ActivitySetting.COMMUNITY_VENUE, "Cheriton community centre", "Folkestone and Hythe"),
    (ActivitySetting.LIBRARY, "Gravesend library", "Gravesham"),
    (ActivitySetting.LIBRARY, "Tunbridge Wells library", "Tunbridge Wells"),
    (ActivitySetting.FOOD_BANK, "Margate food bank", "Thanet"),
    (ActivitySetting.FOOD_BANK, "Dover food bank", "Dover"),
    (ActivitySetting.JOB_CENTRE, "Job Centre, Chatham", "Medway"),
    (ActivitySetting.FAITH_VENUE, "Gurdwara community hall, Gravesend", "Gravesham"),
    (ActivitySetting.FAITH_VENUE, "Methodist church hall, Sevenoaks", "Sevenoaks"),
)
ONLINE_VENUE = "Online (a video call link is sent the day before)"
ACCESS = "Step-free access, a hearing loop and a quiet room. Tell us what else would help."
RECOGNITION = "Payment for your time and travel expenses, under the trust's recognition policy"


def level_weights(t: float) -> list[float]:
    """How likely each level is, shallow to deep, at `t` (0 two years ago, 1 now)."""
    return [40 - 36 * t, 30 - 20 * t, 18 + 4 * t, 8 + 22 * t, 4 + 30 * t]


# --- Working out the plan ----------------------------------------------------------------------


@dataclass
class PlannedActivity:
    kind: Kind
    project: DemoProject | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    setting: str
    format: str
    venue: str
    locality: str
    status: str = ActivityStatus.PLANNED
    # (person index, attendance status or "" for a sign-up only, sign-up status, role, walked in)
    people: list[tuple] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, datetime.datetime]:
        return (self.kind.title, self.starts_at)


def _month(today: datetime.date, offset: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 + offset
    return datetime.date(index // 12, index % 12 + 1, 1)


def _levels_for_months(counts: list[int]) -> list[list[int]]:
    """Levels for each month: the weights' share, carried over so every level gets its due.

    Within a month the deeper sessions come first, so the dashboard's "quarter so far" shows the
    month's depth from its first days rather than swinging with whichever sessions came first.
    """
    owed = [0.0] * 5
    months = []
    for index, n in enumerate(counts):
        weights = level_weights(index / MONTHS_BACK)
        total = sum(weights)
        owed = [o + n * w / total for o, w in zip(owed, weights, strict=True)]
        levels = []
        for _ in range(n):
            pick = max(range(5), key=lambda i: owed[i])
            owed[pick] -= 1
            levels.append(pick + 1)
        months.append(sorted(levels, reverse=True))
    return months


def _day_and_time(rng, month: datetime.date, t: float) -> tuple[datetime.date, datetime.time]:
    last = (_month(month, 1) - datetime.timedelta(days=1)).day
    days = [month.replace(day=d) for d in range(1, last + 1)]
    if rng.random() < 0.05 + 0.07 * t:
        return rng.choice([d for d in days if d.weekday() == 5]), datetime.time(10, 30)
    day = rng.choice([d for d in days if d.weekday() < 5])
    if rng.random() < 0.10 + 0.12 * t:
        return day, rng.choice([datetime.time(17, 30), datetime.time(18, 0)])
    return day, rng.choice(
        [datetime.time(10, 0), datetime.time(10, 30), datetime.time(13, 30), datetime.time(14, 0)]
    )


def _place(rng, kind: Kind, t: float) -> tuple[str, str, str, str]:
    """Setting, format, venue and locality name: more informal settings as time goes on."""
    if kind.online or rng.random() < 0.12:
        return ActivitySetting.ONLINE, ActivityFormat.ONLINE, ONLINE_VENUE, ""
    if rng.random() < 0.10 + 0.40 * t:
        setting, venue, locality = rng.choice(INFORMAL_VENUES)
        return setting, ActivityFormat.IN_PERSON, venue, locality
    venue, locality = rng.choice(TRUST_SITES)
    fmt = ActivityFormat.HYBRID if rng.random() < 0.15 else ActivityFormat.IN_PERSON
    return ActivitySetting.TRUST_SITE, fmt, venue, locality


def _kinds_running(offset: int) -> dict[int, list[tuple[Kind, DemoProject | None]]]:
    """The kinds of session on offer `offset` months from now, by level."""
    by_level = {level: [] for level in L}
    for project in PROJECTS:
        if -project.started <= offset and (project.ended is None or offset <= -project.ended):
            for kind in project.kinds:
                by_level[kind.level].append((kind, project))
    for kind in STANDING_KINDS:
        by_level[kind.level].append((kind, None))
    return by_level


def _people_for(
    rng, plan: PlannedActivity, pool_size: int, alex: int | None, now, *, full: bool
) -> None:
    """Sign-ups and attendance, by index into the pool of demo co-creators.

    `full`: more people sign up than there are places, so some wait.
    """
    kind = plan.kind
    if plan.status in (ActivityStatus.CANCELLED, ActivityStatus.PLANNED) or pool_size == 0:
        return
    low, high = kind.turnout
    if plan.ends_at <= now and plan.status == ActivityStatus.DONE:
        n = min(rng.randint(low, high), kind.capacity or high, pool_size)
        chosen = rng.sample(range(pool_size), n)
        if alex is not None and alex not in chosen and rng.random() < 0.2:
            chosen[-1] = alex
        walk_in = chosen[-1] if n > 2 and rng.random() < 0.2 else None
        for position, person in enumerate(chosen):
            came = rng.choices(
                [
                    AttendanceStatus.ATTENDED,
                    AttendanceStatus.DID_NOT_ATTEND,
                    AttendanceStatus.APOLOGIES,
                ],
                weights=[85, 8, 7],
            )[0]
            role = AttendanceRole.PARTICIPANT
            if position == 0 and kind.level >= L.COLLABORATE and rng.random() < 0.5:
                role = AttendanceRole.CO_FACILITATOR
            elif (
                position == 1 and plan.setting != ActivitySetting.TRUST_SITE and rng.random() < 0.2
            ):
                role = AttendanceRole.CHAMPION
            if person == walk_in:
                plan.people.append((person, AttendanceStatus.ATTENDED, "", role, True))
            else:
                plan.people.append((person, came, SignUpStatus.BOOKED, role, False))
        return
    # Still to come, under way, or over with nobody's attendance recorded yet: sign-ups only.
    capacity = kind.capacity
    if capacity is None:
        n = rng.randint(low, high)
    elif full:
        n = capacity + rng.randint(1, 4)  # full, with a waiting list
    else:
        n = max(1, round(capacity * rng.uniform(0.3, 0.9)))
    chosen = rng.sample(range(pool_size), min(n, pool_size))
    if alex is not None and alex not in chosen and rng.random() < 0.3:
        chosen[-1] = alex
    for position, person in enumerate(chosen):
        status = (
            SignUpStatus.BOOKED if capacity is None or position < capacity else SignUpStatus.WAITING
        )
        plan.people.append((person, "", status, AttendanceRole.PARTICIPANT, False))


def demo_plan(*, now: datetime.datetime, pool_size: int, alex: int | None) -> list[PlannedActivity]:
    """The demo activities, from two years ago to three months ahead, the same every time for `now`."""
    rng = random.Random(SEED)  # noqa: S311 - made-up demo data, not security
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    offsets = list(range(-MONTHS_BACK, MONTHS_AHEAD + 1))
    counts = [rng.randint(*PER_MONTH) for _ in offsets]
    levels_by_month = _levels_for_months(counts)
    horizon = datetime.datetime.combine(_month(today, MONTHS_AHEAD), datetime.time.min, tz)
    horizon = horizon.replace(day=min(today.day, 28))
    plans, seen = [], set()
    for offset, levels in zip(offsets, levels_by_month, strict=True):
        month = _month(today, offset)
        t = (offset + MONTHS_BACK) / MONTHS_BACK
        running = _kinds_running(offset)
        slots = sorted(_day_and_time(rng, month, t) for _ in levels)
        for level, (day, start) in zip(levels, slots, strict=True):
            kind, project = rng.choice(running[level])
            starts_at = datetime.datetime.combine(day, start, tz)
            ends_at = starts_at + datetime.timedelta(minutes=round(kind.hours * 60))
            setting, fmt, venue, locality = _place(rng, kind, t)
            plan = PlannedActivity(kind, project, starts_at, ends_at, setting, fmt, venue, locality)
            cancelled = rng.random() < 0.04
            if cancelled:
                plan.status = ActivityStatus.CANCELLED
            elif ends_at <= now:
                plan.status = ActivityStatus.DONE
            elif (starts_at - now).days > 42 and rng.random() < 0.6:
                plan.status = ActivityStatus.PLANNED
            else:
                plan.status = ActivityStatus.OPEN
            # Title and start time are the key: a second draw of the same slot is not kept.
            if starts_at < horizon and plan.key not in seen:
                seen.add(plan.key)
                plans.append(plan)
    plans.sort(key=lambda p: (p.starts_at, p.kind.title))
    # A few recent past sessions, every other one: over, but nobody has recorded who came.
    past = [p for p in plans if p.status == ActivityStatus.DONE]
    for plan in past[-2 * UNRECORDED + 1 :: 2]:
        plan.status = ActivityStatus.OPEN
    # About a third of the open sessions still to come are full, with a waiting list: at least two.
    to_come = [
        p
        for p in plans
        if p.status == ActivityStatus.OPEN and p.starts_at > now and p.kind.capacity
    ]
    full = {id(p) for p in to_come if rng.random() < 0.35} | {id(p) for p in to_come[:2]}
    for plan in plans:
        _people_for(rng, plan, pool_size, alex, now, full=id(plan) in full)
    return plans


# --- Writing it --------------------------------------------------------------------------------


def _ensure_projects(lead: User | None, today: datetime.date) -> dict[str, Project]:
    """The demo projects, keyed by title; only missing ones are made, with objectives and partners."""
    titles = [p.title for p in PROJECTS]
    existing = {p.title: p for p in Project.objects.filter(title__in=titles)}
    missing = [p for p in PROJECTS if p.title not in existing]
    if missing:
        areas = dict(Interest.objects.filter(kind="service_area").values_list("name", "pk"))
        Project.objects.bulk_create(
            [
                Project(
                    title=p.title,
                    summary=p.summary,
                    stage=p.stage,
                    status=p.status,
                    service_area_id=areas.get(p.service_area),
                    lead=lead,
                    started_on=_month(today, -p.started),
                )
                for p in missing
            ]
        )
        made = {p.title: p for p in Project.objects.filter(title__in=[m.title for m in missing])}
        partners = dict(
            PartnerOrganisation.objects.filter(
                name__in={n for p in missing for n in p.partners}
            ).values_list("name", "pk")
        )
        ProjectObjective.objects.bulk_create(
            [
                ProjectObjective(project=made[p.title], objective=o)
                for p in missing
                for o in p.objectives
            ]
        )
        Project.partners.through.objects.bulk_create(
            [
                Project.partners.through(
                    project_id=made[p.title].pk, partnerorganisation_id=partners[name]
                )
                for p in missing
                for name in p.partners
                if name in partners
            ]
        )
        existing.update(made)
    return existing


def _all_titles() -> set[str]:
    return {k.title for p in PROJECTS for k in p.kinds} | {k.title for k in STANDING_KINDS}


def _write(plans, projects, pool, lead, now) -> None:
    """Insert the activities, then their partners, sign-ups and attendance, in bulk."""
    localities = dict(Locality.objects.values_list("name", "pk"))
    partners = dict(PartnerOrganisation.objects.values_list("name", "pk"))
    rows = []
    for plan in plans:
        kind = plan.kind
        is_evening, is_weekend = evening_and_weekend(plan.starts_at)
        rows.append(
            Activity(
                title=kind.title,
                summary=kind.summary,
                level=kind.level,
                project=projects.get(plan.project.title) if plan.project else None,
                format=plan.format,
                setting=plan.setting,
                venue=plan.venue,
                locality_id=localities.get(plan.locality),
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                is_evening=is_evening,
                is_weekend=is_weekend,
                capacity=kind.capacity,
                audience=kind.audience,
                access_provisions="" if plan.setting == ActivitySetting.ONLINE else ACCESS,
                recognition=RECOGNITION if kind.level >= L.INVOLVE else "",
                lead=lead,
                status=plan.status,
                is_public=kind.public,
            )
        )
    Activity.objects.bulk_create(rows)
    ids = {
        (title, starts_at): pk
        for pk, title, starts_at in Activity.objects.filter(
            title__in={p.kind.title for p in plans},
            starts_at__gte=plans[0].starts_at,
            starts_at__lte=plans[-1].starts_at,
        ).values_list("pk", "title", "starts_at")
    }
    links, signups, attendances = [], [], []
    for plan in plans:
        pk = ids[plan.key]
        # A session at a partner's own venue, in a project with partners, is run with them.
        if (
            plan.project
            and plan.project.partners
            and plan.setting
            not in (
                ActivitySetting.TRUST_SITE,
                ActivitySetting.ONLINE,
            )
        ):
            name = plan.project.partners[0]
            if name in partners:
                links.append(
                    Activity.partners.through(activity_id=pk, partnerorganisation_id=partners[name])
                )
        hours = Decimal((plan.ends_at - plan.starts_at).total_seconds() / 3600).quantize(
            Decimal("0.01")
        )
        for person, came, signup_status, role, walked_in in plan.people:
            cocreator_id = pool[person]
            if signup_status:
                signups.append(
                    SignUp(activity_id=pk, cocreator_id=cocreator_id, status=signup_status)
                )
            if came:
                attendances.append(
                    Attendance(
                        activity_id=pk,
                        cocreator_id=cocreator_id,
                        status=came,
                        hours=hours if came == AttendanceStatus.ATTENDED else Decimal(0),
                        role=role,
                        walked_in=walked_in,
                        recorded_by=lead,
                    )
                )
    Activity.partners.through.objects.bulk_create(links)
    SignUp.objects.bulk_create(signups)
    Attendance.objects.bulk_create(attendances)


@dataclass
class DemoActivitiesSummary:
    projects: int
    activities: int
    activities_added: int
    signups: int
    attendances: int

    def line(self) -> str:
        return (
            f"Demo activities: {self.projects} projects, {self.activities} activities "
            f"({self.activities_added} added), {self.signups} sign-ups, "
            f"{self.attendances} attendance records."
        )


@transaction.atomic
def build_demo_activities(*, now: datetime.datetime | None = None) -> DemoActivitiesSummary:
    """Create whatever of the demo projects and activities is missing; leave what is there alone."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    lead = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    projects = _ensure_projects(lead, today)
    pool = list(
        CoCreator.objects.filter(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        .order_by("email")
        .values_list("pk", "email")
    )
    emails = [email for _, email in pool]
    alex = emails.index(DEMO_COCREATOR_EMAIL) if DEMO_COCREATOR_EMAIL in emails else None
    plans = demo_plan(now=now, pool_size=len(pool), alex=alex)

    titles = _all_titles()
    first_day = datetime.datetime.combine(
        _month(today, -MONTHS_BACK), datetime.time.min, timezone.get_current_timezone()
    )
    window = Activity.objects.filter(title__in=titles, starts_at__gte=first_day)
    existing = set(window.values_list("title", "starts_at"))
    filled = {(local.year, local.month) for local in (timezone.localtime(s) for _, s in existing)}
    missing = [
        p
        for p in plans
        if p.key not in existing and (p.starts_at.year, p.starts_at.month) not in filled
    ]
    if missing:
        _write(missing, projects, [pk for pk, _ in pool], lead, now)

    every = Activity.objects.filter(title__in=titles)
    return DemoActivitiesSummary(
        projects=len(projects),
        activities=every.count(),
        activities_added=len(missing),
        signups=SignUp.objects.filter(activity__in=every).count(),
        attendances=Attendance.objects.filter(activity__in=every).count(),
    )
