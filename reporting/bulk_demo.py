"""Demo data at the size of a whole integrated care system, for `seed_demo --size ics` and `make bench`.

Kent and Medway has 1.86 million residents. This loads, on top of the ordinary demo:
50,000 co-creators (about 80% with equality answers), 500 projects, 20,000 activities over five
years, 1,000,000 attendance records, 100,000 survey responses (experience and SWEMWBS) and 5,000
impact records with evidence. Everything is invented and deterministic (one seeded random
generator); every email address is at ics.example.org.

Rows go in with PostgreSQL's COPY (executemany on SQLite), with their primary keys chosen here
so related rows can point at them without reading anything back; sequences are moved on after.
It is idempotent: when the set is already there it says so and does nothing.
"""

import csv
import datetime as dt
import io
import itertools
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

from activities.models import (
    INFORMAL_SETTINGS,
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    Objective,
    Project,
    ProjectObjective,
    ProjectStage,
    SignUp,
    SignUpStatus,
)
from activities.services import evening_and_weekend
from community.models import (
    AgeBand,
    CoCreator,
    CoCreatorStatus,
    Consent,
    ConsentPurpose,
    Demographics,
    DigestFrequency,
    Disability,
    EthnicGroup,
    Interest,
    Locality,
    NewsletterChoice,
    Religion,
    Sex,
    YesNo,
)
from impact import swemwbs
from impact.models import (
    BetterDirection,
    ChangeKind,
    EvidenceItem,
    EvidenceSource,
    ExperienceResponse,
    ImpactRecord,
    ImpactStatus,
    SurveyKind,
    WellbeingResponse,
)

from .reports.rollups import rollups_rebuild

SEED = 1855842  # Kent and Medway's usual residents in Census 2021
DOMAIN = "ics.example.org"

SIZES = {
    "ics": {
        "cocreators": 50_000,
        "projects": 500,
        "activities": 20_000,
        "attendances": 1_000_000,
        "experience": 70_000,
        "wellbeing_pairs": 15_000,
        "impact_records": 5_000,
    },
    # A small version of the same shape, for tests of this module.
    "tiny": {
        "cocreators": 300,
        "projects": 10,
        "activities": 120,
        "attendances": 2_000,
        "experience": 400,
        "wellbeing_pairs": 50,
        "impact_records": 40,
    },
}
YEARS = 5
CHUNK = 50_000

FIRST = (
    "Aisha Alex Amir Ana Ben Bola Cara Chen Dami Dev Ella Emeka Fatima Femi Gita Grace Hana Harry "
    "Ife Isla Jack Jade Kai Kemi Leah Leo Maya Mo Nadia Noah Ola Omar Priya Raj Ruby Sam Sana "
    "Tariq Tia Uma Vik Wen Yara Zac Zoe"
).split()
LAST = (
    "Adeyemi Ahmed Ali Baker Begum Brown Chen Clarke Davies Evans Green Gurung Hall Hussain Jones "
    "Kaur Khan King Lee Lewis Martin Mensah Nguyen Okafor Patel Price Rai Roberts Shah Singh Smith "
    "Taylor Thomas Walker White Williams Wilson Wood Wright Young"
).split()


class Progress:
    """Prints each stage with its row count and the time taken so far."""

    def __init__(self, write: Callable[[str], None]):
        self.write, self.start = write, time.monotonic()

    def __call__(self, what: str, n: int | None = None):
        count = f" {n:,}" if n is not None else ""
        self.write(f"[{time.monotonic() - self.start:6.1f} s]{count} {what}")


def _defaults(model) -> dict:
    """A value for every concrete column a row may leave out."""
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif field.has_default():
            values[field.attname] = field.get_default()
        elif field.null:
            values[field.attname] = None
        elif isinstance(field, models.CharField | models.TextField):
            values[field.attname] = ""
    return values


def _cell(value, postgres: bool):
    if value is None:
        return None
    if isinstance(value, bool):
        return ("t" if value else "f") if postgres else int(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, uuid.UUID) and not postgres:
        return value.hex
    if isinstance(value, dt.datetime | dt.date | Decimal) and not postgres:
        return str(value)
    return value


def _insert(model, rows: Iterable[dict]) -> int:
    """Insert rows (dicts of attname -> value); columns left out take their defaults."""
    defaults = _defaults(model)
    pk = model._meta.pk
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f is pk and isinstance(f, models.AutoField) and "id" not in first)
    ]
    columns = [f.attname for f in fields]
    db_columns = [f.column for f in fields]
    table = model._meta.db_table
    total = 0
    batch: list[list] = []

    def flush():
        nonlocal batch
        if not batch:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for row in batch:
                    writer.writerow(["\\N" if v is None else v for v in row])
                buffer.seek(0)
                cols = ", ".join(f'"{c}"' for c in db_columns)
                cursor.cursor.copy_expert(
                    f"COPY \"{table}\" ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
                )
            else:
                cols = ", ".join(f'"{c}"' for c in db_columns)
                marks = ", ".join(["%s"] * len(db_columns))
                sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'  # noqa: S608 - names from models
                cursor.executemany(sql, batch)
        batch = []

    postgres = connection.vendor == "postgresql"
    for row in itertools.chain([first], rows):
        full = {**defaults, **row}
        batch.append([_cell(full.get(c), postgres) for c in columns])
        total += 1
        if len(batch) >= CHUNK:
            flush()
    flush()
    return total


def _next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def _reset_sequence(model) -> None:
    """Move the id sequence past the ids chosen here, so later rows get fresh ones."""
    if connection.vendor != "postgresql":
        return
    highest = model.objects.aggregate(m=models.Max("pk"))["m"] or 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, highest])


def _weighted(rng: random.Random, choices: list, weights: list):
    return rng.choices(choices, weights=weights, k=1)[0]


def already_loaded() -> bool:
    return CoCreator.objects.filter(email__endswith="@" + DOMAIN).exists()


def load(size: str = "ics", *, write: Callable[[str], None] = print, today=None) -> dict:
    """Load the set of that size; returns the counts. Does nothing when it is already there."""
    sizes = SIZES[size]
    progress = Progress(write)
    if already_loaded():
        progress("The large demo set is already loaded; nothing to do.")
        return {}
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    today = today or timezone.localdate()
    now = timezone.now()
    first_day = today.replace(year=today.year - YEARS)
    tz = timezone.get_current_timezone()
    counts: dict[str, int] = {}

    localities = list(Locality.objects.values_list("pk", flat=True))
    interests = list(Interest.objects.values_list("pk", "kind"))
    service_areas = [pk for pk, kind in interests if kind == "service_area"] or [None]
    ethnic_groups = list(EthnicGroup.objects.values_list("pk", flat=True))

    with transaction.atomic():
        # --- People -----------------------------------------------------------------------------
        first_person = _next_id(CoCreator)
        n_people = sizes["cocreators"]
        person_ids = list(range(first_person, first_person + n_people))
        joined = {}
        left = set()

        def people():
            span = (today - first_day).days
            for i, pk in enumerate(person_ids):
                # More people join in later years: the community grows.
                day = first_day + dt.timedelta(days=int(span * (rng.random() ** 0.7)))
                joined[pk] = day
                status = CoCreatorStatus.ACTIVE
                if rng.random() < 0.04:
                    status = CoCreatorStatus.LEFT
                    left.add(pk)
                chooses_email = rng.random() < 0.85
                yield {
                    "id": pk,
                    "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "email": f"person{i}@{DOMAIN}",
                    "locality_id": rng.choice(localities) if localities else None,
                    "available_weekdays": rng.random() < 0.6,
                    "available_evenings": rng.random() < 0.4,
                    "available_weekends": rng.random() < 0.3,
                    "available_online": rng.random() < 0.7,
                    "available_in_person": rng.random() < 0.6,
                    "prefers_email": chooses_email,
                    "prefers_sms": not chooses_email and rng.random() < 0.5,
                    "prefers_post": rng.random() < 0.03,
                    "newsletter": NewsletterChoice.YES
                    if rng.random() < 0.6
                    else NewsletterChoice.NO,
                    "digest_frequency": _weighted(
                        rng,
                        [DigestFrequency.NONE, DigestFrequency.WEEKLY, DigestFrequency.MONTHLY],
                        [50, 30, 20],
                    ),
                    "date_joined": day,
                    "status": status,
                }

        counts["co-creators"] = _insert(CoCreator, people())
        _reset_sequence(CoCreator)
        progress("co-creators", counts["co-creators"])

        through = CoCreator.interests.through
        interest_ids = [pk for pk, _ in interests]

        def person_interests():
            for pk in person_ids:
                for interest in rng.sample(
                    interest_ids, k=min(len(interest_ids), rng.randint(1, 4))
                ):
                    yield {"cocreator_id": pk, "interest_id": interest}

        if interest_ids:
            counts["interests chosen"] = _insert(through, person_interests())
            progress("interests chosen", counts["interests chosen"])

        answered = [pk for pk in person_ids if rng.random() < 0.8]
        bands = [b for b in AgeBand.values if b != "prefer_not"]
        band_weights = [8, 14, 17, 19, 20, 14, 8]

        def consents():
            for pk in answered:
                yield {
                    "cocreator_id": pk,
                    "purpose": ConsentPurpose.EQUALITY_MONITORING,
                    "wording": "Demo consent to equality monitoring questions.",
                    "privacy_notice_version": "demo",
                    "given_at": timezone.make_aware(dt.datetime.combine(joined[pk], dt.time(12))),
                }

        def demographics():
            for pk in answered:
                band = _weighted(rng, bands, band_weights)
                yield {
                    "cocreator_id": pk,
                    "age_band": band,
                    "sex": _weighted(rng, [Sex.FEMALE, Sex.MALE, "prefer_not"], [60, 37, 3]),
                    "ethnic_group_id": rng.choice(ethnic_groups) if ethnic_groups else None,
                    "religion": _weighted(
                        rng, [Religion.NONE, Religion.CHRISTIAN, "prefer_not"], [45, 48, 7]
                    ),
                    "disability": _weighted(
                        rng,
                        [Disability.YES_A_LOT, Disability.YES_A_LITTLE, Disability.NO],
                        [15, 20, 65],
                    ),
                    "carer": _weighted(rng, [YesNo.YES, YesNo.NO], [25, 75]),
                }

        counts["equality consents"] = _insert(Consent, consents())
        counts["equality answers"] = _insert(Demographics, demographics())
        _reset_sequence(Consent)
        _reset_sequence(Demographics)
        progress("people with equality answers", counts["equality answers"])

        # --- Projects and activities --------------------------------------------------------------
        first_project = _next_id(Project)
        project_ids = list(range(first_project, first_project + sizes["projects"]))
        counts["projects"] = _insert(
            Project,
            (
                {
                    "id": pk,
                    "title": f"Large demo project {pk - first_project + 1}",
                    "summary": "A made-up project in the large demo set.",
                    "stage": rng.choice(ProjectStage.values),
                    "service_area_id": rng.choice(service_areas),
                    "started_on": first_day + dt.timedelta(days=rng.randint(0, 365 * YEARS)),
                }
                for pk in project_ids
            ),
        )
        _insert(
            ProjectObjective,
            (
                {"project_id": pk, "objective": objective}
                for pk in project_ids
                for objective in rng.sample(Objective.values, k=rng.randint(1, 2))
            ),
        )
        _reset_sequence(Project)
        _reset_sequence(ProjectObjective)
        progress("projects", counts["projects"])

        first_activity = _next_id(Activity)
        n_activities = sizes["activities"]
        activity_ids = list(range(first_activity, first_activity + n_activities))
        span_days = (today - first_day).days + 90  # five years back, three months ahead
        settings_list = ActivitySetting.values
        activity_start: dict[int, dt.datetime] = {}
        activity_hours: dict[int, Decimal] = {}
        activity_level: dict[int, int] = {}
        past, upcoming = [], []

        def activities():
            for pk in activity_ids:
                day = first_day + dt.timedelta(days=rng.randrange(span_days))
                t = (day - first_day).days / span_days  # later years lean to deeper levels
                level = _weighted(
                    rng, [1, 2, 3, 4, 5], [30 - 20 * t, 30 - 10 * t, 20, 12 + 12 * t, 8 + 18 * t]
                )
                hour = _weighted(rng, [10, 13, 14, 18, 19], [30, 25, 20, 15, 10])
                starts = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
                length = rng.choice([1, 1.5, 2, 3])
                ends = starts + dt.timedelta(hours=length)
                setting = rng.choice(settings_list)
                evening, weekend = evening_and_weekend(starts)
                cancelled = rng.random() < 0.03
                if cancelled:
                    status = ActivityStatus.CANCELLED
                elif starts < now:
                    status = ActivityStatus.DONE
                    past.append(pk)
                else:
                    status = ActivityStatus.OPEN
                    upcoming.append(pk)
                activity_start[pk], activity_level[pk] = starts, level
                activity_hours[pk] = Decimal(str(length))
                yield {
                    "id": pk,
                    "title": f"Large demo session {pk - first_activity + 1}",
                    "summary": "A made-up session in the large demo set.",
                    "level": level,
                    "project_id": rng.choice(project_ids) if rng.random() < 0.8 else None,
                    "format": ActivityFormat.ONLINE
                    if setting == ActivitySetting.ONLINE
                    else ActivityFormat.IN_PERSON,
                    "setting": setting,
                    "venue": "Online" if setting == ActivitySetting.ONLINE else "A demo venue",
                    "locality_id": rng.choice(localities) if localities else None,
                    "starts_at": starts,
                    "ends_at": ends,
                    "is_evening": evening,
                    "is_weekend": weekend,
                    "capacity": rng.choice([None, 12, 20, 30, 60]),
                    "status": status,
                    "is_public": setting in INFORMAL_SETTINGS or rng.random() < 0.7,
                }

        counts["activities"] = _insert(Activity, activities())
        _reset_sequence(Activity)
        progress("activities", counts["activities"])

        # --- Attendance ---------------------------------------------------------------------------
        per_activity = max(1, sizes["attendances"] // max(1, len(past)))
        remainder = sizes["attendances"] - per_activity * len(past)
        eligible = sorted(set(person_ids) - left) or person_ids
        attended_by_person: dict[int, list[int]] = {}

        def attendances():
            extra = remainder
            for pk in past:
                k = per_activity + (1 if extra > 0 else 0)
                extra -= 1
                for person in rng.sample(eligible, k=min(k, len(eligible))):
                    came = rng.random() < 0.9
                    if came and len(attended_by_person.setdefault(person, [])) < 3:
                        attended_by_person[person].append(pk)
                    yield {
                        "activity_id": pk,
                        "cocreator_id": person,
                        "status": AttendanceStatus.ATTENDED
                        if came
                        else AttendanceStatus.DID_NOT_ATTEND,
                        "hours": activity_hours[pk] if came else Decimal("0"),
                    }

        counts["attendance records"] = _insert(Attendance, attendances())
        _reset_sequence(Attendance)
        progress("attendance records", counts["attendance records"])

        def signups():
            for pk in upcoming:
                for person in rng.sample(eligible, k=min(rng.randint(3, 15), len(eligible))):
                    yield {
                        "activity_id": pk,
                        "cocreator_id": person,
                        "status": SignUpStatus.BOOKED,
                    }

        counts["sign-ups"] = _insert(SignUp, signups())
        _reset_sequence(SignUp)
        progress("sign-ups to coming sessions", counts["sign-ups"])

        # --- Surveys ------------------------------------------------------------------------------
        people_who_came = list(attended_by_person)

        def agreement(lean: float):
            if rng.random() < 0.1:
                return None
            return _weighted(rng, [1, 2, 3, 4, 5], [5, 8, 20 - 10 * lean, 40, 27 + 10 * lean])

        def experience():
            for _ in range(sizes["experience"]):
                person = rng.choice(people_who_came) if people_who_came else None
                activity = attended_by_person[person][0] if person else None
                anonymous = person is None or rng.random() < 0.2
                when = (activity_start[activity] if activity else now).date()
                lean = (when - first_day).days / span_days
                yield {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "cocreator_id": None if anonymous else person,
                    "activity_id": None if anonymous else activity,
                    "level": activity_level.get(activity),
                    "month": when.replace(day=1),
                    "anonymous": anonymous,
                    "staff_respondent": rng.random() < 0.1,
                    "confidence": agreement(lean),
                    "connection": agreement(lean),
                    "purpose": agreement(lean),
                    "input_led_to_change": agreement(lean),
                    "understanding_needs": agreement(lean) if rng.random() < 0.1 else None,
                }

        counts["experience survey answers"] = _insert(ExperienceResponse, experience())
        progress("experience survey answers", counts["experience survey answers"])

        table = swemwbs.conversion_table()

        def wellbeing():
            for person in rng.sample(
                people_who_came, k=min(sizes["wellbeing_pairs"], len(people_who_came))
            ):
                before_day = joined[person] + dt.timedelta(days=rng.randint(0, 30))
                before = [rng.randint(1, 5) for _ in range(7)]
                after = [min(5, a + (1 if rng.random() < 0.35 else 0)) for a in before]
                for kind, answers, day in (
                    (SurveyKind.WELLBEING_BEFORE, before, before_day),
                    (SurveyKind.WELLBEING_FOLLOWUP, after, before_day + dt.timedelta(days=180)),
                ):
                    if day > today:
                        continue
                    total = sum(answers)
                    yield {
                        "cocreator_id": person,
                        "kind": kind,
                        "answers": answers,
                        "raw_total": total,
                        "metric_score": table[total],
                        "answered_on": day,
                    }

        counts["SWEMWBS answers"] = _insert(WellbeingResponse, wellbeing())
        _reset_sequence(WellbeingResponse)
        progress("SWEMWBS answers", counts["SWEMWBS answers"])

        # --- Impact ------------------------------------------------------------------------------
        first_record = _next_id(ImpactRecord)
        record_ids = list(range(first_record, first_record + sizes["impact_records"]))
        published: list[int] = []

        def records():
            for pk in record_ids:
                created = first_day + dt.timedelta(days=rng.randrange((today - first_day).days))
                is_published = rng.random() < 0.7
                if is_published:
                    published.append(pk)
                yield {
                    "id": pk,
                    "title": f"Large demo change {pk - first_record + 1}",
                    "what_changed": "A made-up change to a service.",
                    "kind": rng.choice(ChangeKind.values),
                    "how_influenced": "Co-creators' ideas shaped it.",
                    "project_id": rng.choice(project_ids),
                    "service_area_id": rng.choice(service_areas),
                    "you_said": "It was hard to find out when groups run.",
                    "we_did": "We now post every group on the calendar.",
                    "status": ImpactStatus.PUBLISHED if is_published else ImpactStatus.DRAFT,
                    "published_at": timezone.make_aware(dt.datetime.combine(created, dt.time(9)))
                    if is_published
                    else None,
                }

        counts["impact records"] = _insert(ImpactRecord, records())
        _reset_sequence(ImpactRecord)

        def evidence():
            for pk in record_ids:
                source = rng.choice(EvidenceSource.values)
                baseline = Decimal(rng.randint(20, 80))
                start = first_day + dt.timedelta(days=rng.randrange(365 * (YEARS - 1)))
                has_followup = rng.random() < 0.7
                followup = baseline + Decimal(rng.randint(-10, 15)) if has_followup else None
                yield {
                    "record_id": pk,
                    "measure": "A made-up measure",
                    "unit": "%",
                    "source": source,
                    "baseline_value": baseline,
                    "baseline_date": start,
                    "followup_value": followup,
                    "followup_date": start + dt.timedelta(days=180) if has_followup else None,
                    "better": BetterDirection.HIGHER,
                }

        counts["evidence items"] = _insert(EvidenceItem, evidence())
        _reset_sequence(EvidenceItem)
        progress("impact records with evidence", counts["impact records"])

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # Every month at once, rather than leaving thousands of marked months to the worker.
    rollups_rebuild()
    progress("done; tables analysed and the report's rollups counted")
    return counts
