"""The demo's "Have your say" consultations (seed_demo runs `demo_build` after its own demos,
registered from consultations' wiring through `reporting.demo.demo_builder_register`).

- One OPEN consultation for co-creators at the Involve level, about leaving hospital: a question
  of each kind, an idea board with five ideas and supports, a discussion with a reply from the
  team, one post waiting for a check and one reported; answers from ten demo people (one helped
  by staff). The demo co-creator (cocreator@example.org) has not taken
  part, so a reviewer can answer, add an idea and post as them.
- One CLOSED consultation, public, at the Engage level, about appointment letters: answers from
  fifteen demo people and four public visitors, and a published "We asked, you said, we did"
  (through the outcomes package's services, so it is also in "You said, we did").

Each co-creator's taking part goes through `participation_record`, so it is counted in their
story and the report as the real pages count it. Synthetic data only. Idempotent: nothing is
added when the open consultation is there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cocreation.lib.links import absolute_url
from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator, CoCreatorStatus, Locality, User
from impact.models import ChangeKind

from .models import (
    Answer,
    Audience,
    Consultation,
    ConsultationLevel,
    ConsultationStatus,
    Contribution,
    ContributionKind,
    ContributionReport,
    DiscussionName,
    Moderation,
    Outcome,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Support,
)
from .outcomes.services import outcome_check, outcome_publish, outcome_save
from .services import consultation_save, participation_record

STAFF_EMAIL = "staff@example.org"
OPEN_TITLE = "Leaving hospital: planning your discharge together"
CLOSED_TITLE = "Clearer letters about your appointments"

OPEN_QUESTIONS = [
    (
        QuestionKind.CHOICE,
        "When did you first hear about your plan for leaving hospital?",
        ["In the first few days", "A day or two before I left", "On the day I left", "Never"],
    ),
    (
        QuestionKind.CHOICES,
        "Who would you like to help plan your discharge?",
        ["Me", "A family member or carer", "My care coordinator", "A peer support worker"],
    ),
    (QuestionKind.SCALE, "I felt ready to go home when I left hospital", []),
    (QuestionKind.TEXT, "What one thing would make leaving hospital better?", []),
]
OPEN_TEXT = [
    "A phone call the day after I get home.",
    "Knowing who to ring if things go wrong in the first week.",
    "Having my medication sorted before I leave, not on the day.",
    "Meeting my community team before I leave the ward.",
    "Written plans in plain English.",
    "",
    "My mum being told what is happening.",
    "A peer worker who has been through it.",
    "",
    "More time to get used to the idea.",
]
IDEAS = [
    (0, "A welcome-home call", "Someone from the team rings on the first day home to check in."),
    (1, "Meet your community nurse on the ward", "An introduction before discharge, not after."),
    (2, "A one-page plan", "One page that says what happens next, who to call and when."),
    (3, "Peer support for the first month", "A peer worker visits or calls for four weeks."),
    (4, "Carers in the planning meeting", "Invite family or carers, if the person agrees."),
]
# (supporter index, idea index)
SUPPORTS = [(5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (5, 2), (6, 2), (7, 2), (0, 2), (8, 3), (9, 4)]
POSTS = [
    (5, "I left hospital on a Friday and nobody called until Tuesday. The weekend was hard."),
    (6, "Same for me. A number to ring at weekends would make a big difference."),
    (7, "Could the plan be sent by text as well as on paper? I lose letters."),
]
TEAM_REPLY = (
    "Thank you for sharing this. We are looking at weekend cover now, and we will say what we "
    "decide when this closes. The involvement team."
)
WAITING_POST = (8, "My discharge went well. The ward staff explained everything step by step.")
REPORTED_REASON = "This names a member of staff on the ward."

CLOSED_QUESTIONS = [
    (
        QuestionKind.CHOICE,
        "How would you like to get letters about your appointments?",
        ["By post", "By email", "By text message", "In the NHS App"],
    ),
    (QuestionKind.SCALE, "Our letters are easy to understand", []),
    (QuestionKind.TEXT, "What would make our letters clearer?", []),
]
CLOSED_TEXT = [
    "Put the date and time at the top in big letters.",
    "Shorter letters.",
    "Say if I can bring someone with me.",
    "",
    "A map of where to go.",
    "Less jargon please.",
    "Tell me who I am seeing.",
    "",
    "A number to ring to change the time.",
    "Easy read versions.",
    "",
    "Texts as a reminder the day before.",
    "Say how long it will take.",
    "",
    "Larger print.",
]
OUTCOME = {
    "we_asked": "How you would like to get letters about your appointments, and what would make "
    "them clearer.",
    "you_said": "Most of you wanted a text message as well as a letter, with the date and time at "
    "the top. Many asked for shorter letters with less jargon, a map, and a number to ring to "
    "change the time.",
    "we_did": "We rewrote our appointment letters with co-creators: the date, time and place come "
    "first, in large print, with a map and a number to ring. Everyone now gets a text reminder "
    "two days before.",
    "we_could_not": "We cannot send letters through the NHS App yet: the trust's systems do not "
    "connect to it. We will ask again next year.",
}


@dataclass
class DemoConsultationsSummary:
    consultations: int
    added: int
    responses: int
    ideas: int
    published_outcomes: int

    def line(self) -> str:
        return (
            f"Demo consultations: {self.consultations} consultations ({self.added} added), "
            f"{self.responses} sets of answers, {self.ideas} ideas, "
            f"{self.published_outcomes} published outcome."
        )


def _summary(added: int) -> DemoConsultationsSummary:
    titles = [OPEN_TITLE, CLOSED_TITLE]
    return DemoConsultationsSummary(
        consultations=Consultation.objects.filter(title__in=titles).count(),
        added=added,
        responses=Response.objects.filter(consultation__title__in=titles).count(),
        ideas=Contribution.objects.filter(
            consultation__title__in=titles, kind=ContributionKind.IDEA
        ).count(),
        published_outcomes=Outcome.objects.filter(
            consultation__title__in=titles, published_at__isnull=False
        ).count(),
    )


def _questions(consultation, specs) -> list[Question]:
    return Question.objects.bulk_create(
        Question(
            consultation=consultation,
            position=position,
            kind=kind,
            text=text,
            options="\n".join(options),
            required=kind == QuestionKind.CHOICE,
        )
        for position, (kind, text, options) in enumerate(specs)
    )


def _answer(question: Question, n: int, text: str) -> Answer | None:
    options = question.option_list
    if question.kind == QuestionKind.CHOICE:
        return Answer(question=question, choices=[options[(n * 3) % len(options)]])
    if question.kind == QuestionKind.CHOICES:
        chosen = [o for i, o in enumerate(options) if (n + i) % 3 != 1]
        return Answer(question=question, choices=chosen)
    if question.kind == QuestionKind.SCALE:
        return Answer(question=question, scale=[2, 4, 3, 5, 4, 1, 3, 4, 5, 2][n % 10])
    return Answer(question=question, text=text) if text else None


def _answers(consultation, questions, answering, texts, *, start, public_areas, staff):
    """Responses for each (person, channel) in `answering` and one per public area, their
    answers, spaced a few hours apart from `start`."""
    responses = []
    for n, (person, channel) in enumerate(answering):
        responses.append(
            Response(
                consultation=consultation,
                cocreator=person,
                channel=channel,
                entered_by=staff if channel == ResponseChannel.ASSISTED else None,
                submitted_at=start + datetime.timedelta(hours=7 * n + 3),
            )
        )
    for n, area in enumerate(public_areas):
        responses.append(
            Response(
                consultation=consultation,
                channel=ResponseChannel.PUBLIC,
                locality=area,
                submitted_at=start + datetime.timedelta(hours=11 * n + 5),
            )
        )
    responses = Response.objects.bulk_create(responses)
    answers = []
    for n, response in enumerate(responses):
        for question in questions:
            answer = _answer(question, n, texts[n % len(texts)])
            if answer is not None:
                answer.response = response
                answers.append(answer)
    Answer.objects.bulk_create(answers)
    return responses


def _open_consultation(people, staff, now, areas) -> Consultation:
    consultation = consultation_save(
        consultation=Consultation(
            title=OPEN_TITLE,
            summary=(
                "We want to make leaving a mental health ward safer and less worrying. Tell us "
                "what helped you, what did not, and what you would change. It takes about 15 "
                "minutes. You can also share ideas and talk with others."
            ),
            level=ConsultationLevel.INVOLVE,
            audience=Audience.COCREATORS,
            opens_at=now - datetime.timedelta(days=10),
            closes_at=now + datetime.timedelta(days=21),
            ideas_on=True,
            discussion_on=True,
            premoderate=True,
            minutes_to_take_part=20,
            status=ConsultationStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=10),
        ),
        actor=staff,
    )
    questions = _questions(consultation, OPEN_QUESTIONS)
    answering = [
        (person, ResponseChannel.ASSISTED if n == 3 else ResponseChannel.PORTAL)
        for n, person in enumerate(people[:10])
    ]
    _answers(
        consultation,
        questions,
        answering,
        OPEN_TEXT,
        start=consultation.opens_at,
        public_areas=[],
        staff=staff,
    )
    writers = sorted({i for i, *_ in IDEAS} | {i for i, _ in POSTS} | {WAITING_POST[0]})
    DiscussionName.objects.bulk_create(
        DiscussionName(cocreator=people[i], display_name=_name(people[i])) for i in writers
    )
    opened = consultation.opens_at
    ideas = Contribution.objects.bulk_create(
        Contribution(
            consultation=consultation,
            kind=ContributionKind.IDEA,
            author=people[i],
            title=title,
            body=body,
            moderation=Moderation.SHOWN,
            moderated_by=staff,
            moderated_at=opened + datetime.timedelta(days=n + 1, hours=2),
            created_at=opened + datetime.timedelta(days=n + 1),
        )
        for n, (i, title, body) in enumerate(IDEAS)
    )
    Support.objects.bulk_create(
        Support(idea=ideas[idea], cocreator=people[i]) for i, idea in SUPPORTS
    )
    posts = Contribution.objects.bulk_create(
        Contribution(
            consultation=consultation,
            kind=ContributionKind.POST,
            author=people[i],
            body=body,
            moderation=Moderation.SHOWN,
            moderated_by=staff,
            moderated_at=opened + datetime.timedelta(days=2 + n, hours=1),
            created_at=opened + datetime.timedelta(days=2 + n),
        )
        for n, (i, body) in enumerate(POSTS)
    )
    waiting_by, waiting_body = WAITING_POST
    Contribution.objects.bulk_create(
        [
            Contribution(
                consultation=consultation,
                kind=ContributionKind.POST,
                staff_author=staff,
                as_team=True,
                reply_to=posts[0],
                body=TEAM_REPLY,
                moderation=Moderation.SHOWN,
                created_at=opened + datetime.timedelta(days=3),
            ),
            Contribution(
                consultation=consultation,
                kind=ContributionKind.POST,
                author=people[waiting_by],
                body=waiting_body,
                moderation=Moderation.WAITING,
                created_at=now - datetime.timedelta(hours=5),
            ),
        ]
    )
    # A shown post someone reported: waiting for staff to decide.
    reporter = next((p for p in people[:10] if p.user_id), None)
    ContributionReport.objects.create(
        contribution=posts[2],
        reported_by_id=reporter.user_id if reporter else None,
        reason=REPORTED_REASON,
    )
    took_part = {p.pk: p for p, _ in answering}
    for i in writers + [i for i, _ in SUPPORTS]:
        took_part.setdefault(people[i].pk, people[i])
    for person in took_part.values():
        participation_record(consultation=consultation, cocreator=person, actor=None)
    return consultation


def _name(person: CoCreator) -> str:
    parts = (person.preferred_name or person.full_name).split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else parts[0]


def _closed_consultation(people, staff, now, areas) -> Consultation:
    consultation = consultation_save(
        consultation=Consultation(
            title=CLOSED_TITLE,
            summary=(
                "Our letters about appointments can be long and hard to follow. Tell us how you "
                "would like to hear from us and what would make our letters clearer."
            ),
            level=ConsultationLevel.ENGAGE,
            audience=Audience.PUBLIC,
            opens_at=now - datetime.timedelta(days=80),
            closes_at=now - datetime.timedelta(days=50),
            ideas_on=False,
            discussion_on=False,
            minutes_to_take_part=10,
            status=ConsultationStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=80),
        ),
        actor=staff,
    )
    questions = _questions(consultation, CLOSED_QUESTIONS)
    answering = [
        (person, ResponseChannel.LINK if n % 5 == 4 else ResponseChannel.PORTAL)
        for n, person in enumerate(people[10:25])
    ]
    _answers(
        consultation,
        questions,
        answering,
        CLOSED_TEXT,
        start=consultation.opens_at,
        public_areas=areas[:4],
        staff=staff,
    )
    for person, _channel in answering:
        participation_record(consultation=consultation, cocreator=person, actor=None)
    _outcome_publish(consultation, staff)
    return consultation


def _outcome_publish(consultation: Consultation, staff) -> None:
    """Write, check and publish the outcome through the outcomes package's services: the demo's
    one member of staff checks it; the writing and publishing are the demo's own (no login), as
    two-person publishing needs someone other than the checker to publish."""
    outcome = outcome_save(outcome=Outcome(consultation=consultation, **OUTCOME), actor=None)
    outcome = outcome_check(outcome=outcome, actor=staff)
    outcome_publish(
        outcome=outcome,
        kind=ChangeKind.SERVICE,
        page_url=absolute_url(reverse("consultations:detail", args=[consultation.pk])),
        actor=None,
    )


def demo_build(*, now: datetime.datetime | None = None) -> DemoConsultationsSummary:
    """Add the demo's open and closed consultations unless the open one is there."""
    if Consultation.objects.filter(title=OPEN_TITLE).exists():
        return _summary(0)
    now = now or timezone.now()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    # 25 current demo co-creators, never the demo co-creator (a reviewer takes part as them).
    people = list(
        CoCreator.objects.filter(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        .exclude(Q(email=DEMO_COCREATOR_EMAIL) | Q(user__email=DEMO_COCREATOR_EMAIL))
        .order_by("email")[:25]
    )
    if staff is None or len(people) < 25:
        return _summary(0)
    areas = list(Locality.objects.order_by("name")[:4])
    _closed_consultation(people, staff, now, areas)
    _open_consultation(people, staff, now, areas)
    return _summary(2)
