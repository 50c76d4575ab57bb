"""Demo role profiles with a pathway between them, and about 20 demo people in roles (two of them
ambassadors with forums). Idempotent: roles are made only when none has the name, people given
roles only when no demo role is held yet. A few queries, whatever the size of the demo.

Run after the training demo: required courses are linked by title when the courses exist, and
none are linked when they do not.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator, CoCreatorStatus

from ..models import Course, PersonRole, RoleProfile

COCREATOR = "Co-creator"
FACILITATOR = "Lived-experience facilitator"
PANEL = "Panel member"
CHAMPION = "Community Co-creation Champion"
AMBASSADOR = "System co-creation ambassador"

# name: (order, what it involves, support offered, time needed, ambassador, courses)
ROLES = {
    COCREATOR: (
        10,
        "Sharing your experience and ideas in activities, groups and surveys, so services are "
        "designed with the people who use them.",
        "A welcome conversation, paid involvement and expenses, and a named contact in the team.",
        "As much or as little as you like",
        False,
        ("Inclusive communication",),
    ),
    FACILITATOR: (
        20,
        "Helping to run sessions: welcoming people, keeping discussions safe and making sure "
        "every voice is heard.",
        "Training, a staff co-facilitator at every session, and a debrief afterwards.",
        "About 4 hours a month",
        False,
        ("Trauma-informed engagement", "Facilitation skills", "Safeguarding"),
    ),
    PANEL: (
        30,
        "Sitting on interview, steering or service-design panels as an equal member, reading "
        "papers and helping make decisions.",
        "Papers in plain English a week ahead, a pre-meeting with the chair, and paid time.",
        "About 6 hours a month",
        False,
        ("Partnership working", "Safeguarding"),
    ),
    CHAMPION: (
        40,
        "Championing co-creation in your own community or organisation and bringing new voices "
        "into the community.",
        "Regular champion meet-ups, materials to share and a named contact in the team.",
        "About 2 hours a month",
        False,
        ("Inclusive communication", "Digital access"),
    ),
    AMBASSADOR: (
        50,
        "Representing the trust's co-creation work in forums across the health and care "
        "system, and bringing what you hear back to the community.",
        "Briefings before each forum, supervision every month and paid time.",
        "About 8 hours a month",
        True,
        ("Partnership working", "Trauma-informed engagement", "Safeguarding"),
    ),
}
PATHWAY = (
    (COCREATOR, FACILITATOR),
    (FACILITATOR, PANEL),
    (PANEL, AMBASSADOR),
    (COCREATOR, CHAMPION),
)
FORUMS = (
    "Kent and Medway Integrated Care Board: people and communities group\nMedway health and care partnership",
    "East Kent mental health collaborative\nKent and Medway carers' forum",
)
PEOPLE = 20


def _roles() -> dict[str, RoleProfile]:
    existing = {r.name: r for r in RoleProfile.objects.filter(name__in=ROLES)}
    missing = [
        RoleProfile(
            name=name,
            order=order,
            what_it_involves=involves,
            support_offered=support,
            time_needed=time,
            is_ambassador=ambassador,
        )
        for name, (order, involves, support, time, ambassador, _courses) in ROLES.items()
        if name not in existing
    ]
    if not missing:
        return existing
    RoleProfile.objects.bulk_create(missing)
    roles = {r.name: r for r in RoleProfile.objects.filter(name__in=ROLES)}
    made = {r.name for r in missing}
    Next = RoleProfile.next_roles.through
    Next.objects.bulk_create(
        [
            Next(from_roleprofile=roles[a], to_roleprofile=roles[b])
            for a, b in PATHWAY
            if a in made or b in made
        ],
        ignore_conflicts=True,
    )
    courses = {c.title: c for c in Course.objects.filter(title__in=_course_titles())}
    Needs = RoleProfile.required_courses.through
    Needs.objects.bulk_create(
        [
            Needs(roleprofile=roles[name], course=courses[title])
            for name in made
            for title in ROLES[name][5]
            if title in courses
        ],
        ignore_conflicts=True,
    )
    return roles


def _course_titles() -> set[str]:
    return {title for spec in ROLES.values() for title in spec[5]}


def demo_build() -> int:
    """The demo's role profiles and pathway, and people in roles; returns how many people were
    given roles (0 when the demo already has them)."""
    roles = _roles()
    if PersonRole.objects.filter(role__in=roles.values()).exists():
        return 0
    today = timezone.localdate()
    people = list(
        CoCreator.objects.exclude(status=CoCreatorStatus.LEFT)
        .exclude(user__email=DEMO_COCREATOR_EMAIL)
        .order_by("pk")
        .only("pk")[:PEOPLE]
    )
    rows = []
    ladder = (COCREATOR, FACILITATOR, PANEL, CHAMPION)
    for i, person in enumerate(people):
        started = today - datetime.timedelta(days=60 + 37 * i)
        if i < len(FORUMS):  # two ambassadors, who came up the pathway
            rows.append(
                _held(person, roles[PANEL], started, ended=today - datetime.timedelta(days=40))
            )
            rows.append(
                _held(
                    person,
                    roles[AMBASSADOR],
                    today - datetime.timedelta(days=30 + 9 * i),
                    forums=FORUMS[i],
                )
            )
            continue
        rows.append(_held(person, roles[ladder[i % len(ladder)]], started))
    demo = CoCreator.objects.filter(user__email=DEMO_COCREATOR_EMAIL).only("pk").first()
    if demo is not None:
        rows.append(_held(demo, roles[COCREATOR], today - datetime.timedelta(days=400)))
        rows.append(_held(demo, roles[FACILITATOR], today - datetime.timedelta(days=90)))
    PersonRole.objects.bulk_create(rows)
    return len({row.cocreator_id for row in rows})


def _held(person, role, started, *, ended=None, forums="") -> PersonRole:
    return PersonRole(
        cocreator_id=person.pk, role=role, started_on=started, ended_on=ended, forums=forums
    )
