"""Working out the demo's activities, month by month, from today's date: pure, with one seeded random."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from ..models import (
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    AttendanceRole,
    AttendanceStatus,
    SignUpStatus,
)
from .data import (
    INFORMAL_VENUES,
    MONTHS_AHEAD,
    MONTHS_BACK,
    ONLINE_VENUE,
    PER_MONTH,
    PROJECTS,
    SEED,
    STANDING_KINDS,
    TRUST_SITES,
    UNRECORDED,
    DemoProject,
    Kind,
    L,
)


def level_weights(t: float) -> list[float]:
    """How likely each level is, shallow to deep, at `t` (0 two years ago, 1 now)."""
    return [40 - 36 * t, 30 - 20 * t, 18 + 4 * t, 8 + 22 * t, 4 + 30 * t]


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
