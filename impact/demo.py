"""Synthetic demo impact: records with evidence, survey answers with SWEMWBS pairs, survey
invitations as the survey job would have sent them, theme counts.

Deterministic (one seeded random generator) and safe to run again: when the demo records are
already there it adds nothing. Everything is bulk-inserted.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityStatus, Attendance, AttendanceStatus, Project
from cocreation.lib.periods import period_containing
from community.models import CoCreator, CoCreatorStatus, Interest

from . import swemwbs
from .models import (
    BetterDirection,
    ChangeKind,
    EvidenceItem,
    EvidenceSource,
    ExperienceResponse,
    FeedbackSource,
    ImpactRecord,
    ImpactStatus,
    InsightSource,
    InsightTag,
    SourceThemeCount,
    SurveyInvitation,
    SurveyKind,
    Theme,
    WellbeingResponse,
)
from .services.surveys import SURVEY_SEND_TIME, experience_survey_due_on, survey_due_through

# (title, you said, we did, we couldn't, kind, evidence: (measure, unit, source, before, after, better))
RECORDS = [
    (
        "Crisis line call-backs within the hour",
        "Waiting hours for a call back in a crisis felt frightening.",
        "Co-creators rewrote the call-back script and we added an evening rota.",
        "",
        ChangeKind.BOTH,
        (
            "Median wait for a crisis call-back",
            "minutes",
            EvidenceSource.WAITING_TIMES,
            "185",
            "52",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Carers' information pack",
        "Carers did not know who to call when things got worse.",
        "Carers co-wrote a pack with named contacts for every team.",
        "",
        ChangeKind.EXPERIENCE,
        (
            "Carers' complaints about information",
            "a quarter",
            EvidenceSource.COMPLAINTS,
            "14",
            "6",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Ward garden",
        "There was nowhere calm to be outside on the ward.",
        "Patients and staff designed and planted a garden together.",
        "",
        ChangeKind.EXPERIENCE,
        (
            "Friends and Family Test, % positive",
            "%",
            EvidenceSource.FFT,
            "71",
            "83",
            BetterDirection.HIGHER,
        ),
    ),
    (
        "Plain-English appointment letters",
        "Letters were hard to understand and arrived late.",
        "We rewrote the letters with co-creators and send them by text too.",
        "",
        ChangeKind.SERVICE,
        (
            "Missed first appointments",
            "%",
            EvidenceSource.UPTAKE,
            "18",
            "11",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Evening clinics in Swale",
        "Daytime clinics clash with work and school runs.",
        "We opened a Tuesday evening clinic.",
        "",
        ChangeKind.SERVICE,
        (
            "Appointments taken up",
            "a month",
            EvidenceSource.UPTAKE,
            "120",
            "162",
            BetterDirection.HIGHER,
        ),
    ),
    (
        "Interpreters booked in advance",
        "People waited for interpreters on the day.",
        "Interpreters are now booked with the appointment.",
        "",
        ChangeKind.SERVICE,
        (
            "Appointments without a needed interpreter",
            "a month",
            EvidenceSource.INCIDENTS,
            "9",
            "2",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Discharge checklist",
        "Leaving hospital felt rushed and confusing.",
        "Co-creators helped write a discharge checklist.",
        "",
        ChangeKind.BOTH,
        (
            "Readmissions within 30 days",
            "%",
            EvidenceSource.OTHER,
            "12",
            "12",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Welcome pack for new co-creators",
        "Joining felt daunting.",
        "We made a short welcome pack and a buddy scheme.",
        "",
        ChangeKind.EXPERIENCE,
        (
            "New co-creators still involved after 3 months",
            "%",
            EvidenceSource.OTHER,
            "48",
            "66",
            BetterDirection.HIGHER,
        ),
    ),
    (
        "Free parking at the Maidstone hub",
        "Parking charges put people off coming.",
        "",
        "The car park belongs to the council, which kept the charges; we now refund parking for co-creators.",
        ChangeKind.EXPERIENCE,
        None,
    ),
    (
        "Quiet waiting area",
        "The waiting room is loud and stressful.",
        "We created a quiet waiting area with co-creators' advice.",
        "",
        ChangeKind.EXPERIENCE,
        (
            "Friends and Family Test, % positive",
            "%",
            EvidenceSource.FFT,
            "64",
            "69",
            BetterDirection.HIGHER,
        ),
    ),
    (
        "Text reminders",
        "I forget appointments when I'm unwell.",
        "Everyone can now choose text reminders.",
        "",
        ChangeKind.SERVICE,
        ("Did not attend rate", "%", EvidenceSource.UPTAKE, "15", "10", BetterDirection.LOWER),
    ),
    (
        "Faith-friendly appointment times",
        "Appointments clash with Friday prayers.",
        "Teams now offer times around prayer.",
        "",
        ChangeKind.SERVICE,
        None,
    ),
    (
        "Peer support on the ward",
        "Talking to someone who had been there would help.",
        "Two peer supporters now visit each week.",
        "",
        ChangeKind.EXPERIENCE,
        (
            "Complaints about staff attitudes",
            "a quarter",
            EvidenceSource.COMPLAINTS,
            "8",
            "9",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Online referral form",
        "Referring yourself is hard.",
        "",
        "The national system cannot take self-referrals yet; we added a phone number that does.",
        ChangeKind.SERVICE,
        None,
    ),
    (
        "Easy read care plans",
        "My care plan was full of jargon.",
        "Care plans now come in easy read on request.",
        "",
        ChangeKind.EXPERIENCE,
        None,
    ),
    (
        "Young adults' group",
        "There was nothing for people aged 18 to 25.",
        "A monthly young adults' group, run with a youth charity.",
        "",
        ChangeKind.SERVICE,
        (
            "Young adults attending",
            "a month",
            EvidenceSource.UPTAKE,
            "4",
            "19",
            BetterDirection.HIGHER,
        ),
    ),
    (
        "Carers at ward rounds",
        "Carers were left out of decisions.",
        "Carers are invited to ward rounds when the patient agrees.",
        "",
        ChangeKind.BOTH,
        None,
    ),
    (
        "Medication leaflets",
        "Nobody explained the side effects.",
        "We co-wrote leaflets for the five most used medicines.",
        "",
        ChangeKind.EXPERIENCE,
        (
            "PALS contacts about medication",
            "a quarter",
            EvidenceSource.COMPLAINTS,
            "11",
            "7",
            BetterDirection.LOWER,
        ),
    ),
    (
        "Step-free entrance at Dartford",
        "I could not get in with my wheelchair.",
        "A ramp and an automatic door were fitted.",
        "",
        ChangeKind.SERVICE,
        None,
    ),
    (
        "Out-of-hours text line",
        "I needed help at 2am and could not face a call.",
        "A text line runs overnight.",
        "",
        ChangeKind.SERVICE,
        (
            "Crisis contacts by text",
            "a month",
            EvidenceSource.UPTAKE,
            "0",
            "140",
            BetterDirection.HIGHER,
        ),
    ),
]
DEMO_TITLES = [r[0] for r in RECORDS]
PUBLISHED = 12

# Keywords for the starting themes, so the insight inbox has suggestions to show.
THEME_KEYWORDS = {
    "Access to services": "referral, referred, GP, get seen, eligible",
    "Waiting times": "wait, waited, waiting, waiting list, delay",
    "Communication": "letter, letters, information, notice, listened, explained, kept informed",
    "Staff attitudes": "kind, kindness, respect, rude, believed",
    "Involvement in care": "care plan, a say, decisions",
    "Carers and families": "carer, carers, family, families",
    "Environment": "ward, building, parking, noisy, quiet",
    "Medication": "medication, medicine, side effects, prescription",
    "Discharge and transitions": "discharge, discharged, leaving hospital",
    "Digital services": "online, app, video, digital",
    "Equality and inclusion": "interpreter, language, wheelchair, faith",
    "Crisis support": "crisis, out of hours, 2am",
}
# Free text for the latest quarter's survey answers: each raises a theme or two, or none.
LATEST_FREE_TEXT = [
    "I waited three months for my referral to be looked at.",
    "The letters I got were confusing and arrived late.",
    "Staff were kind and I felt believed.",
    "My carer was not told about the care plan.",
    "The ward was noisy at night.",
    "Nobody explained the side effects of my medication.",
    "Leaving hospital felt rushed: the discharge was on a Friday evening.",
    "Video appointments suit me better than travelling.",
    "We needed an interpreter and none was booked.",
    "In a crisis at 2am there was no one to call.",
    "Good to meet others.",
]


@dataclass
class DemoImpactSummary:
    records: int = 0
    experience: int = 0
    wellbeing: int = 0
    counts: int = 0
    tags: int = 0
    invitations: int = 0

    def line(self) -> str:
        return (
            f"Demo impact: {self.records} impact records, {self.experience} experience survey answers, "
            f"{self.wellbeing} SWEMWBS answers, {self.invitations} survey invitations, "
            f"{self.counts} monthly theme counts, {self.tags} insight tags added."
        )


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _answers_for(rng: random.Random, target_raw: int) -> list[int]:
    """Seven answers from 1 to 5 that add up to target_raw (7 to 35)."""
    answers = [1] * 7
    for _ in range(target_raw - 7):
        i = rng.choice([k for k in range(7) if answers[k] < 5])
        answers[i] += 1
    return answers


@transaction.atomic
def build_demo_impact(*, now: datetime.datetime | None = None) -> DemoImpactSummary:
    """Create the demo impact data unless it is already there."""
    summary = DemoImpactSummary()
    for name, keywords in THEME_KEYWORDS.items():
        Theme.objects.filter(name=name, keywords="").update(keywords=keywords)
    if ImpactRecord.objects.filter(title__in=DEMO_TITLES).exists():
        return summary
    rng = random.Random(2028)  # noqa: S311 - synthetic demo data, not security
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    people = list(
        CoCreator.objects.filter(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    projects = list(Project.objects.order_by("pk"))
    areas = list(Interest.objects.filter(kind="service_area").order_by("pk"))
    themes = list(Theme.objects.order_by("pk"))

    # Impact records and their evidence.
    records, evidence = [], []
    for i, (title, said, did, could_not, kind, _evidence) in enumerate(RECORDS):
        published = i < PUBLISHED
        published_at = now - datetime.timedelta(days=20 + 30 * i) if published else None
        records.append(
            ImpactRecord(
                title=title,
                what_changed=did or could_not,
                kind=kind,
                how_influenced="Co-creators named the problem, shaped the change and tested it.",
                project=projects[i % len(projects)] if projects else None,
                service_area=areas[i % len(areas)] if areas else None,
                you_said=said,
                we_did=did,
                we_could_not=could_not,
                status=ImpactStatus.PUBLISHED
                if published
                else (ImpactStatus.CHECKED if i % 2 else ImpactStatus.DRAFT),
                published_at=published_at,
            )
        )
    ImpactRecord.objects.bulk_create(records)
    records = list(ImpactRecord.objects.filter(title__in=DEMO_TITLES).order_by("pk"))
    through = ImpactRecord.contributors.through
    links = []
    for i, record in enumerate(records):
        item = RECORDS[i][5]
        if item:
            measure, unit, source, before, after, better = item
            evidence.append(
                EvidenceItem(
                    record=record,
                    measure=measure,
                    unit=unit,
                    source=source,
                    baseline_value=Decimal(before),
                    baseline_date=today - datetime.timedelta(days=400),
                    followup_value=Decimal(after),
                    followup_date=today - datetime.timedelta(days=40),
                    better=better,
                )
            )
        for pk in rng.sample(people, min(4, len(people))):
            links.append(through(impactrecord_id=record.pk, cocreator_id=pk))
    EvidenceItem.objects.bulk_create(evidence)
    through.objects.bulk_create(links, ignore_conflicts=True)
    summary.records = len(records)

    # Experience answers for attended demo sessions; about one in five anonymous.
    attended = list(
        Attendance.objects.filter(
            status=AttendanceStatus.ATTENDED, activity__status=ActivityStatus.DONE
        )
        .order_by("pk")
        .values_list("cocreator_id", "activity_id", "activity__level", "activity__starts_at")[:1500]
    )
    experience = []
    for cocreator_id, activity_id, level, starts_at in rng.sample(
        attended, min(300, len(attended))
    ):
        anonymous = rng.random() < 0.2
        base = 3 + (level >= 4)
        scores = [max(1, min(5, base + rng.choice((-1, 0, 0, 1)))) for _ in range(4)]
        experience.append(
            ExperienceResponse(
                cocreator_id=None if anonymous else cocreator_id,
                activity_id=None if anonymous else activity_id,
                level=None if anonymous else level,
                month=_month_start(timezone.localtime(starts_at).date()),
                anonymous=anonymous,
                confidence=scores[0],
                connection=scores[1],
                purpose=scores[2],
                input_led_to_change=scores[3],
                free_text=rng.choice(
                    [
                        "",
                        "",
                        "I felt listened to.",
                        "More notice of dates, please.",
                        "Good to meet others.",
                    ]
                ),
            )
        )
    ExperienceResponse.objects.bulk_create(experience)
    summary.experience = len(experience)

    # SWEMWBS before and six months later, for 120 people: most improve, some do not.
    wellbeing = []
    for pk in people[:120]:
        before_raw = rng.randint(12, 26)
        change = rng.choice((-5, -4, -1, 0, 2, 3, 4, 5, 6))
        after_raw = max(7, min(35, before_raw + change))
        first = today - datetime.timedelta(days=rng.randint(200, 500))
        for kind, raw, day in (
            (SurveyKind.WELLBEING_BEFORE, before_raw, first),
            (SurveyKind.WELLBEING_FOLLOWUP, after_raw, first + datetime.timedelta(days=183)),
        ):
            answers = _answers_for(rng, raw)
            wellbeing.append(
                WellbeingResponse(
                    cocreator_id=pk,
                    kind=kind,
                    answers=answers,
                    raw_total=swemwbs.raw_total(answers),
                    metric_score=swemwbs.metric_score(answers),
                    answered_on=day,
                )
            )
    WellbeingResponse.objects.bulk_create(wellbeing)
    summary.wellbeing = len(wellbeing)

    # 24 months of theme counts from complaints, PALS, incidents and the FFT.
    counts = []
    first_month = _add_months(_month_start(today), -24)
    for m in range(24):
        month = _add_months(first_month, m)
        for t, theme in enumerate(themes):
            for s, source in enumerate(FeedbackSource.values):
                counts.append(
                    SourceThemeCount(
                        source=source,
                        theme=theme,
                        month=month,
                        count=max(0, (t * 7 + s * 3) % 17 + rng.randint(-2, 4)),
                    )
                )
    SourceThemeCount.objects.bulk_create(counts, ignore_conflicts=True)
    summary.counts = len(counts)

    # Themes staff found in demo activities' notes.
    noted = list(
        Activity.objects.filter(status=ActivityStatus.DONE)
        .order_by("pk")
        .values_list("pk", "starts_at")[:80]
    )
    tags = []
    for activity_id, starts_at in noted:
        for theme in rng.sample(themes, min(2, len(themes))):
            tags.append(
                InsightTag(
                    theme=theme,
                    source=InsightSource.ACTIVITY_NOTES,
                    source_id=str(activity_id),
                    month=_month_start(timezone.localtime(starts_at).date()),
                )
            )
    InsightTag.objects.bulk_create(tags, ignore_conflicts=True)
    summary.tags = len(tags)
    latest, latest_tags = _latest_quarter_insight(now=now, themes=themes)
    summary.experience += latest
    summary.tags += latest_tags
    summary.invitations = _survey_invitations(now=now)
    return summary


def _at_send_time(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, SURVEY_SEND_TIME))


def _survey_invitations(*, now: datetime.datetime) -> int:
    """The invitations the survey job would have sent since the start of last quarter, so the
    demo's response rates add up and people (the demo co-creator among them) have surveys
    waiting from the first run, with no batch of them on the job's first run.

    Experience surveys went at 09:00 the morning after each session, with reminders a week apart;
    a named demo answer closes its invitation (an anonymous one cannot be matched, so stays open).
    Each demo SWEMWBS answer has its invitation, answered, so no one is asked again.
    """
    through = survey_due_through(now)
    since = period_containing(timezone.localdate(now), "quarter").previous().start
    answered = set(
        ExperienceResponse.objects.filter(anonymous=False, activity__isnull=False).values_list(
            "cocreator_id", "activity_id"
        )
    )
    emails = dict(CoCreator.objects.values_list("pk", "email"))
    attended = (
        Attendance.objects.filter(
            status=AttendanceStatus.ATTENDED,
            activity__ends_at__gte=timezone.make_aware(
                datetime.datetime.combine(since, datetime.time.min)
            ),
            activity__ends_at__lt=timezone.make_aware(
                datetime.datetime.combine(through, datetime.time.min)
            ),
            cocreator__status=CoCreatorStatus.ACTIVE,
        )
        .order_by("pk")
        .values_list("cocreator_id", "activity_id", "activity__ends_at")
    )
    gap = datetime.timedelta(days=settings.SURVEY_REMINDER_AFTER_DAYS)
    invitations = []
    for person_id, activity_id, ends_at in attended:
        due_on = experience_survey_due_on(ended_at=ends_at, recorded_at=ends_at)
        completed = (person_id, activity_id) in answered
        invited = bool(emails.get(person_id))
        reminders = 0
        if invited and not completed:
            while (
                reminders < settings.SURVEY_MAX_REMINDERS
                and due_on + gap * (reminders + 1) <= through
            ):
                reminders += 1
        invitations.append(
            SurveyInvitation(
                key=f"experience:{activity_id}:{person_id}",
                cocreator_id=person_id,
                kind=SurveyKind.EXPERIENCE,
                activity_id=activity_id,
                due_on=due_on,
                invited_at=_at_send_time(due_on) if invited else None,
                reminders_sent=reminders,
                last_reminded_at=_at_send_time(due_on + gap * reminders) if reminders else None,
                completed=completed,
            )
        )
    for person_id, kind, answered_on in WellbeingResponse.objects.values_list(
        "cocreator_id", "kind", "answered_on"
    ):
        key = (
            f"wellbeing_before:{person_id}"
            if kind == SurveyKind.WELLBEING_BEFORE
            else f"wellbeing_followup:{person_id}:1"
        )
        invitations.append(
            SurveyInvitation(
                key=key,
                cocreator_id=person_id,
                kind=kind,
                due_on=answered_on,
                invited_at=_at_send_time(answered_on),
                completed=True,
            )
        )
    SurveyInvitation.objects.bulk_create(invitations, ignore_conflicts=True)
    return len(invitations)


def _latest_quarter_insight(*, now: datetime.datetime, themes: list[Theme]) -> tuple[int, int]:
    """Survey answers with free text in the quarter holding `now`, half of them tagged, so the
    insight inbox and the triangulation have this quarter's insight to show; (answers, tags).

    A random generator of its own, so the rest of the demo stays as it was.
    """
    rng = random.Random(2029)  # noqa: S311 - synthetic demo data, not security
    today = timezone.localtime(now).date()
    start, _ = period_containing(today, "quarter").bounds()
    attended = list(
        Attendance.objects.filter(
            status=AttendanceStatus.ATTENDED,
            activity__status=ActivityStatus.DONE,
            activity__starts_at__gte=start,
            activity__starts_at__lte=now,
        )
        .order_by("pk")
        .values_list("cocreator_id", "activity_id", "activity__level", "activity__starts_at")
    )
    answers = [
        ExperienceResponse(
            cocreator_id=cocreator_id,
            activity_id=activity_id,
            level=level,
            month=_month_start(timezone.localtime(starts_at).date()),
            confidence=4,
            connection=4,
            purpose=rng.choice((3, 4, 5)),
            input_led_to_change=rng.choice((3, 4, 5)),
            free_text=rng.choice(LATEST_FREE_TEXT),
        )
        for cocreator_id, activity_id, level, starts_at in rng.sample(
            attended, min(24, len(attended))
        )
    ]
    # Anonymous answers this month: the quarter has some insight even on its first day.
    answers += [
        ExperienceResponse(
            month=_month_start(today),
            anonymous=True,
            confidence=4,
            connection=3,
            purpose=4,
            input_led_to_change=4,
            free_text=rng.choice(LATEST_FREE_TEXT),
        )
        for _ in range(6)
    ]
    ExperienceResponse.objects.bulk_create(answers)
    tags = []
    for answer in answers[::2]:
        suggested = [theme for theme in themes if theme.is_suggested_by(answer.free_text)]
        if suggested:
            tags.append(
                InsightTag(
                    theme=suggested[0],
                    source=InsightSource.SURVEY_TEXT,
                    source_id=str(answer.pk),
                    month=answer.month,
                )
            )
    InsightTag.objects.bulk_create(tags, ignore_conflicts=True)
    return len(answers), len(tags)
