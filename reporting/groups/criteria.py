"""A group's criteria: what they are (plain JSON, kept on a saved group and on each message), how
they read in words, and the database condition they make.

    {"activities": [ids], "projects": [ids], "series": [ids], "took_part": "attended" | "booked"
     | "either", "interests": [ids], "localities": [ids], "relationships": ["carer", ...],
     "champions": true, "partners": [organisation ids], "equality": {"sex": ["female"], ...},
     "last_involved_before": "2026-01-31"}

Kinds combine with AND; the values of one kind with OR. Activities, projects and series are one
kind ("took part in any of these"). Every condition is a subquery (`Exists`) or a column of the
person, so a group of 50,000 is counted by the database in one query, never in Python.

Partner organisation contacts are not co-creators (community.PartnerContact has a name, email and
phone and no link to a person's record), and messages go only to co-creators. "Contacts of these
partners" are therefore the co-creators whose email address is the same (ignoring case) as a
contact's of a chosen organisation.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus, SignUp, SignUpStatus
from community.models import (
    AgeBand,
    Champion,
    CoCreator,
    CoCreatorRelationship,
    Consent,
    ConsentPurpose,
    Demographics,
    Disability,
    PartnerContact,
    Relationship,
    Religion,
    Sex,
    SexualOrientation,
    YesNo,
)

TOOK_PART = {
    "either": "came to or booked on",
    "attended": "came to",
    "booked": "booked on",
}
ID_LISTS = ("activities", "projects", "series", "interests", "localities", "partners")
# The equality answers a group may be chosen by, with their choices (ethnic group: rows).
EQUALITY_FIELDS = {
    "age_band": ("Age", AgeBand),
    "sex": ("Sex", Sex),
    "ethnic_group": ("Ethnic group", None),
    "disability": ("Disability", Disability),
    "religion": ("Religion or belief", Religion),
    "sexual_orientation": ("Sexual orientation", SexualOrientation),
    "carer": ("Carer", YesNo),
}
NOTHING = Q(pk__in=[])
# The through table of CoCreator.interests (a subquery on it needs no join to Interest).
CoCreatorInterest = CoCreator.interests.through


def _ids(values) -> list[int]:
    out = []
    for value in values or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number < 2**63 and number not in out:
            out.append(number)
    return sorted(out)


def criteria_clean(raw: dict | None) -> dict:
    """The criteria with only known keys and sound values, empty kinds left out: the same
    choice always gives the same dict (so it can be compared and stored)."""
    raw = raw or {}
    out: dict = {}
    for key in ID_LISTS:
        ids = _ids(raw.get(key))
        if ids:
            out[key] = ids
    if any(k in out for k in ("activities", "projects", "series")):
        took = raw.get("took_part")
        out["took_part"] = took if took in TOOK_PART else "either"
    kinds = sorted({k for k in raw.get("relationships") or [] if k in Relationship.values})
    if kinds:
        out["relationships"] = kinds
    if raw.get("champions") is True:
        out["champions"] = True
    equality = {}
    for field, (_label, choices) in EQUALITY_FIELDS.items():
        values = (raw.get("equality") or {}).get(field) or []
        if choices is None:
            values = [str(v) for v in _ids(values)]
        else:
            values = sorted({v for v in values if v in choices.values})
        if values:
            equality[field] = values
    if equality:
        out["equality"] = equality
    before = raw.get("last_involved_before")
    if before:
        try:
            out["last_involved_before"] = dt.date.fromisoformat(str(before)).isoformat()
        except ValueError:
            pass
    return out


def uses_equality(criteria: dict) -> bool:
    return bool((criteria or {}).get("equality"))


def _took_part(criteria: dict) -> Q:
    where = Q()
    chosen = False
    for key, lookup in (
        ("activities", "activity_id__in"),
        ("projects", "activity__project_id__in"),
        ("series", "activity__series_id__in"),
    ):
        if criteria.get(key):
            where |= Q(**{lookup: criteria[key]})
            chosen = True
    if not chosen:
        return Q()
    took = criteria.get("took_part", "either")
    came = Exists(
        Attendance.objects.filter(where, cocreator=OuterRef("pk"), status=AttendanceStatus.ATTENDED)
    )
    booked = Exists(
        SignUp.objects.filter(where, cocreator=OuterRef("pk"), status=SignUpStatus.BOOKED)
    )
    if took == "attended":
        return Q(came)
    if took == "booked":
        return Q(booked)
    return Q(came) | Q(booked)


def criteria_q(criteria: dict, *, today: dt.date | None = None) -> Q:
    """The condition on co-creators that the criteria make (AND across kinds, OR within)."""
    criteria = criteria_clean(criteria)
    today = today or timezone.localdate()
    q = _took_part(criteria)
    if criteria.get("interests"):
        q &= Q(
            Exists(
                CoCreatorInterest.objects.filter(
                    cocreator_id=OuterRef("pk"), interest_id__in=criteria["interests"]
                )
            )
        )
    if criteria.get("localities"):
        q &= Q(locality_id__in=criteria["localities"])
    if criteria.get("relationships"):
        q &= Q(
            Exists(
                CoCreatorRelationship.objects.filter(
                    cocreator=OuterRef("pk"), kind__in=criteria["relationships"]
                )
            )
        )
    if criteria.get("champions"):
        q &= Q(
            Exists(
                Champion.objects.filter(cocreator=OuterRef("pk"), since__lte=today).filter(
                    Q(until__isnull=True) | Q(until__gte=today)
                )
            )
        )
    if criteria.get("partners"):
        q &= ~Q(email="") & Q(
            Exists(
                PartnerContact.objects.filter(
                    organisation_id__in=criteria["partners"], email__iexact=OuterRef("email")
                ).exclude(email="")
            )
        )
    if criteria.get("equality"):
        # Only people who have consented to equality monitoring (and not withdrawn).
        q &= Q(
            Exists(
                Consent.objects.active().filter(
                    cocreator=OuterRef("pk"), purpose=ConsentPurpose.EQUALITY_MONITORING
                )
            )
        )
        for field, values in criteria["equality"].items():
            lookup = "ethnic_group_id__in" if field == "ethnic_group" else f"{field}__in"
            q &= Q(
                Exists(Demographics.objects.filter(cocreator=OuterRef("pk"), **{lookup: values}))
            )
    if criteria.get("last_involved_before"):
        day = dt.date.fromisoformat(criteria["last_involved_before"])
        since = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        came = Attendance.objects.filter(cocreator=OuterRef("pk"), status=AttendanceStatus.ATTENDED)
        q &= Q(Exists(came)) & ~Q(Exists(came.filter(activity__starts_at__gte=since)))
    return q
