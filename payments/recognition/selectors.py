"""Recognition: what a person's certificate of involvement says, the draft of a reference letter
written from their record, and the "Recognition" section of their staff record.

Everything is read from attendance marked "attended" (a session someone came to), in a fixed
number of queries however many sessions a person has been to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Max, Min, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    EngagementLevel,
    Project,
)
from activities.selectors.words import hours_in_words
from cocreation.lib.dates import date_text, in_uk, month_text
from community.models import CoCreatorStatus

from ..models import ReferenceLetter

# The certificate lists this many of the most recent sessions, then counts the rest.
CERTIFICATE_SESSIONS = 30
DEFAULT_TEAM_NAME = "The involvement team"
ZERO = Decimal("0.00")


def team_name() -> str:
    """Who signs certificates: INVOLVEMENT_TEAM_NAME when a deployment sets one."""
    return getattr(settings, "INVOLVEMENT_TEAM_NAME", "") or DEFAULT_TEAM_NAME


def organisation_name() -> str:
    """The trust's name, as the site shows it (ORGANISATION_NAME)."""
    return getattr(settings, "ORGANISATION_NAME", "")


@dataclass(frozen=True)
class CertificateSession:
    day: datetime.date
    title: str
    level: str
    role: str
    hours: Decimal


@dataclass(frozen=True)
class LevelCount:
    level: str
    sessions: int
    hours: Decimal


@dataclass
class Certificate:
    cocreator: object
    sessions_count: int
    hours: Decimal
    since: datetime.date | None
    latest: datetime.date | None
    sessions: list[CertificateSession] = field(default_factory=list)
    by_level: list[LevelCount] = field(default_factory=list)
    issued_on: datetime.date = field(default_factory=timezone.localdate)
    team: str = DEFAULT_TEAM_NAME
    organisation: str = ""

    @property
    def has_attended(self) -> bool:
        return self.sessions_count > 0

    @property
    def more_sessions(self) -> int:
        """How many sessions the certificate counts but does not list."""
        return max(self.sessions_count - len(self.sessions), 0)

    @property
    def hours_text(self) -> str:
        return hours_in_words(self.hours)


def _attended(cocreator):
    return Attendance.objects.filter(cocreator=cocreator, status=AttendanceStatus.ATTENDED)


def certificate_for(cocreator) -> Certificate:
    """What the person's certificate of involvement says. Three queries."""
    totals = _attended(cocreator).aggregate(
        sessions=Count("pk"),
        hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()),
        since=Min("activity__starts_at"),
        latest=Max("activity__starts_at"),
    )
    certificate = Certificate(
        cocreator=cocreator,
        sessions_count=totals["sessions"],
        hours=Decimal(totals["hours"]).quantize(ZERO),
        since=in_uk(totals["since"]).date() if totals["since"] else None,
        latest=in_uk(totals["latest"]).date() if totals["latest"] else None,
        team=team_name(),
        organisation=organisation_name(),
    )
    if not certificate.has_attended:
        return certificate
    recent = (
        _attended(cocreator)
        .select_related("activity")
        .only("hours", "role", "activity__title", "activity__level", "activity__starts_at")
        .order_by("-activity__starts_at", "-pk")[:CERTIFICATE_SESSIONS]
    )
    certificate.sessions = [
        CertificateSession(
            day=in_uk(row.activity.starts_at).date(),
            title=row.activity.title,
            level=row.activity.get_level_display(),
            role=row.get_role_display(),
            hours=Decimal(row.hours).quantize(ZERO),
        )
        for row in recent
    ]
    levels = (
        _attended(cocreator)
        .values("activity__level")
        .annotate(
            sessions=Count("pk"),
            hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()),
        )
        .order_by("activity__level")
    )
    certificate.by_level = [
        LevelCount(
            level=EngagementLevel(row["activity__level"]).label,
            sessions=row["sessions"],
            hours=Decimal(row["hours"]).quantize(ZERO),
        )
        for row in levels
    ]
    return certificate


# --- The reference letter's draft --------------------------------------------------------------


def _roles(cocreator) -> list[str]:
    found = set(_attended(cocreator).values_list("role", flat=True).distinct())
    return [str(role.label).lower() for role in AttendanceRole if role in found]


def _projects(cocreator) -> list[str]:
    return list(
        Project.objects.filter(
            activities__attendances__cocreator=cocreator,
            activities__attendances__status=AttendanceStatus.ATTENDED,
        )
        .order_by("title")
        .values_list("title", flat=True)
        .distinct()
    )


def _listed(words: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def letter_draft(cocreator, *, author) -> str:
    """A first draft of a reference letter, from the person's record, for staff to edit: how
    long they have been involved, their sessions and hours, at which levels and in which roles,
    and the projects they worked on. A gap in square brackets says what only staff can add."""
    certificate = certificate_for(cocreator)
    name = cocreator.full_name
    organisation = organisation_name() or "the trust"
    paragraphs = ["To whom it may concern,"]
    if certificate.has_attended:
        paragraphs.append(
            f"I am writing to support {name}, who has been involved with {organisation}'s "
            f"co-creation community since {month_text(certificate.since)}. In that time "
            f"{name} has taken part in {certificate.sessions_count} "
            f"session{'s' if certificate.sessions_count != 1 else ''}, "
            f"{certificate.hours_text} in all, helping us shape our services with the people "
            "who use them."
        )
        levels = [
            f"{row.level.lower()} ({row.sessions} session{'s' if row.sessions != 1 else ''})"
            for row in certificate.by_level
        ]
        sentence = f"Their involvement has been at these levels: {_listed(levels)}."
        roles = _roles(cocreator)
        if roles:
            sentence += f" They have taken part as {_listed(roles)}."
        paragraphs.append(sentence)
        projects = _projects(cocreator)
        if projects:
            paragraphs.append(f"Projects they have worked on include {_listed(projects)}.")
    else:
        paragraphs.append(
            f"I am writing to support {name}, who joined {organisation}'s co-creation "
            f"community on {date_text(cocreator.date_joined)}."
        )
    paragraphs.append(
        "[Add what you know of their contribution: what they did, their strengths, and how "
        "reliable they were.]"
    )
    signer = (author.get_full_name() if author is not None else "") or team_name()
    team = team_name()
    sign_off = "Yours faithfully,\n\n" + signer
    if signer != team:
        sign_off += f"\n{team}"
    if organisation_name():
        sign_off += f", {organisation_name()}"
    paragraphs.append(sign_off)
    return "\n\n".join(paragraphs)


# --- The staff record's "Recognition" section ----------------------------------------------------


def person_recognition_section(cocreator) -> dict:
    """The "Recognition" section of a person's staff record: the certificate, their reference
    letters and writing one. One query, whatever the number of letters."""
    current = cocreator.status != CoCreatorStatus.LEFT
    letters = []
    if current:
        letters = list(
            ReferenceLetter.objects.filter(cocreator=cocreator)
            .select_related("written_by")
            .only(
                "addressed_to",
                "updated_at",
                "written_by__full_name",
                "written_by__email",
                "written_by__is_active",
            )
            .order_by("-updated_at", "-pk")
        )
    return {"cocreator": cocreator, "letters": letters, "current": current}
