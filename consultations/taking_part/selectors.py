"""Reads for taking part: the "Have your say" list, a consultation's page and its reach figures.

The list works out who may reach what with the audience rules in `consultations.permissions`,
in a fixed number of queries whatever the number of consultations: one for the consultations
(with their outcome), and one for the person's membership of every distinct group among them.

Reach figures (`reach_figures`) say how many people took part, from which areas and from which
under-represented groups. People are counted once: each co-creator with an attendance on the
consultation's activity (answering, an idea, support or a post), and each public answer.
Groups are the representation gap's (`community.gap`), flagged as under-represented by its own
rules (`reporting.reports.outcome2.under_represented_groups`), counted from the answers of
participants who consented to the equality questions. Anyone but staff sees counts of people
through the small-number rule (`cocreation.lib.disclosure`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from cocreation.lib.dates import date_text, in_uk, moment_text
from cocreation.lib.disclosure import EXACT, SMALLEST_SHOWN, STEERING, SUPPRESSED
from community.gap import SPECS, representation_gap_cached
from community.models import CoCreator, Consent, ConsentPurpose, Locality, Role
from community.permissions import has_role
from reporting.reports.outcome2 import DEMOGRAPHIC_LOOKUPS, flagged_groups

from ..models import Audience, Consultation, Question, Response
from ..permissions import audience_admits, cocreator_of, group_members

LEVEL_WORDS = {
    2: "We are asking for your views.",
    3: "Your ideas will help shape what we decide.",
}


def level_words(consultation: Consultation) -> str:
    """The engagement level in plain words."""
    return LEVEL_WORDS.get(consultation.level, "")


def close_words(consultation: Consultation, now=None) -> str:
    """When it closes, in words: "Closes today at 5pm", "Closes in 3 days (Fri 11 Dec 2026, 5pm)"."""
    now = now or timezone.now()
    # Days in UK time, as `moment_text` says the time, whatever time zone is active.
    days = (in_uk(consultation.closes_at).date() - in_uk(now).date()).days
    when = moment_text(consultation.closes_at)
    if days <= 0:
        return f"Closes today ({when})"
    if days == 1:
        return f"Closes tomorrow ({when})"
    return f"Closes in {days} days ({when})"


def ended_words(consultation: Consultation) -> str:
    """ "Closed on 3 December 2026", or "Closed early on 1 December 2026"."""
    early = consultation.ended_at < consultation.closes_at
    return f"Closed {'early ' if early else ''}on {date_text(consultation.ended_at)}"


# --- Who may reach which consultation, for a list ------------------------------------------------


def reachable_consultations(user, rows) -> list[Consultation]:
    """The consultations among `rows` (not drafts) that the user may reach, as
    `get_consultation_for_user` decides one by one: staff any; others by audience."""
    rows = list(rows)
    if has_role(user, Role.STAFF):
        return rows
    cocreator = cocreator_of(user)
    person_id = cocreator.pk if cocreator is not None else None
    groups = {c.group for c in rows if c.audience == Audience.GROUP and c.group is not None}
    members = group_members(groups, [person_id] if person_id is not None else [])
    return [c for c in rows if audience_admits(c, person_id, members)]


@dataclass
class ListPage:
    open_now: list[Consultation]
    what_happened: list[Consultation]
    signed_in_cocreator: bool


def list_page(user, now=None) -> ListPage:
    """ "Open now" (live, closing soonest first) and "What happened" (ended, with a published
    outcome, newest first): what the user may reach. Two queries, or three with group ones."""
    now = now or timezone.now()
    base = Consultation.objects.visible().select_related("group", "project", "service_area")
    live = reachable_consultations(user, base.live(now).order_by("closes_at", "pk"))
    for consultation in live:
        consultation.close_words = close_words(consultation, now)
        consultation.level_words = level_words(consultation)
    ended = reachable_consultations(
        user,
        base.ended(now)
        .filter(outcome__published_at__isnull=False)
        .select_related("outcome")
        .order_by("-outcome__published_at", "-pk"),
    )
    for consultation in ended:
        consultation.ended_words = ended_words(consultation)
    return ListPage(
        open_now=live,
        what_happened=ended,
        signed_in_cocreator=cocreator_of(user) is not None,
    )


# --- The questions and someone's answers ----------------------------------------------------------


def questions_of(consultation: Consultation) -> list[Question]:
    return list(Question.objects.filter(consultation=consultation).order_by("position", "pk"))


def response_of(consultation: Consultation, cocreator: CoCreator | None) -> Response | None:
    """The person's answers to a consultation, with the answers (two queries), or None."""
    if cocreator is None:
        return None
    return (
        Response.objects.filter(consultation=consultation, cocreator=cocreator)
        .prefetch_related("answers")
        .first()
    )


def answers_initial(response: Response | None) -> dict:
    """A saved response as the answer form's initial values."""
    if response is None:
        return {}
    initial = {}
    for answer in response.answers.all():
        name = f"q{answer.question_id}"
        if answer.text:
            initial[name] = answer.text
        elif answer.scale is not None:
            initial[name] = str(answer.scale)
        else:
            initial[name] = list(answer.choices)
    if response.locality_id:
        initial["locality"] = response.locality_id
    return initial


# --- Reach figures --------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    count: int  # exact: only for working out what is shown and for tests
    shown: str  # "12", "*" or, for the public, rounded
    share: str = ""  # of the people who took part, "" when none took part

    @property
    def suppressed(self) -> bool:
        return self.shown == SUPPRESSED

    @property
    def words(self) -> str:
        return f"fewer than {SMALLEST_SHOWN}" if self.suppressed else self.shown


@dataclass
class ReachFigures:
    exact: bool
    total: Figure
    cocreators: Figure
    public: Figure
    areas: list[Figure]
    area_not_said: Figure
    groups: list[Figure]
    period: str
    live: bool
    missing_areas_none: list[str] = field(default_factory=list)
    missing_areas_few: list[str] = field(default_factory=list)
    missing_groups_none: list[str] = field(default_factory=list)
    missing_groups_few: list[str] = field(default_factory=list)

    @property
    def show_shares(self) -> bool:
        """Shares of people who took part mean something only when the total is shown."""
        return self.total.count > 0 and not self.total.suppressed

    @property
    def missing_sentence(self) -> str:
        """Whose voice is missing (for staff, while it is open): groups and areas with no or
        few (1 to 7) people taking part."""
        parts = []
        none = self.missing_groups_none + self.missing_areas_none
        few = self.missing_groups_few + self.missing_areas_few
        if none:
            parts.append(f"Nobody has taken part yet from: {', '.join(none)}.")
        if few:
            parts.append(
                f"Fewer than {SMALLEST_SHOWN} people have taken part from: {', '.join(few)}."
            )
        return " ".join(parts)


def _period_words(consultation: Consultation, now) -> str:
    opened = date_text(consultation.opens_at)
    if consultation.opens_at > now:
        return f"It opens on {opened}: nobody can take part yet."
    if consultation.has_ended(now):
        return (
            f"From {opened}, when it opened, to {date_text(consultation.ended_at)}, when it closed."
        )
    return f"From {opened}, when it opened, to now."


def reach_figures(consultation: Consultation, exact: bool, now=None) -> ReachFigures:
    """How many people took part, from which areas and under-represented groups.

    `exact`: staff's exact figures; otherwise counts of people through the small-number rule.
    A fixed number of queries, whatever the number of people.
    """
    now = now or timezone.now()
    disclosure = EXACT if exact else STEERING
    took_part = Attendance.objects.filter(
        activity_id=consultation.activity_id,
        status=AttendanceStatus.ATTENDED,
        cocreator_id=OuterRef("pk"),
    )
    people = CoCreator.objects.filter(Exists(took_part)).order_by()
    by_area = dict(people.values_list("locality_id").annotate(n=Count("pk")))
    public_rows = Response.objects.filter(consultation=consultation, cocreator__isnull=True)
    public_by_area = dict(public_rows.order_by().values_list("locality_id").annotate(n=Count("pk")))
    cocreator_count = sum(by_area.values())
    public_count = sum(public_by_area.values())
    total = cocreator_count + public_count

    def figure(label: str, n: int) -> Figure:
        share = disclosure.people_share(n, total)
        return Figure(label, n, disclosure.people(n), "not shown" if share == SUPPRESSED else share)

    areas = []
    for locality in Locality.objects.order_by("name"):
        n = by_area.get(locality.pk, 0) + public_by_area.get(locality.pk, 0)
        areas.append(figure(locality.name, n))
    not_said = by_area.get(None, 0) + public_by_area.get(None, 0)

    # Under-represented groups, from consenting participants' equality answers (which groups the
    # community's gap flags: cached with the gap page's).
    gaps = representation_gap_cached()
    flagged = flagged_groups(gaps)
    consented = Consent.objects.active().filter(
        cocreator=OuterRef("pk"), purpose=ConsentPurpose.EQUALITY_MONITORING
    )
    combinations = list(
        people.filter(Exists(consented)).values_list(*DEMOGRAPHIC_LOOKUPS).annotate(n=Count("pk"))
    )
    groups = []
    for gap in gaps:
        spec = SPECS[gap.characteristic]
        indexes = [DEMOGRAPHIC_LOOKUPS.index(lookup) for lookup in spec.lookups]
        for group in gap.groups:
            if group.key not in flagged.get(gap.characteristic, set()):
                continue
            n = sum(
                count
                for *values, count in combinations
                if spec.to_group(tuple(values[i] for i in indexes)) == group.key
            )
            groups.append(figure(f"{gap.label}: {group.label}", n))

    live = consultation.is_live(now)
    figures = ReachFigures(
        exact=exact,
        total=Figure("People who took part", total, disclosure.people(total)),
        cocreators=figure("Co-creators", cocreator_count),
        public=figure("Members of the public", public_count),
        areas=areas,
        area_not_said=figure("Area not known", not_said),
        groups=groups,
        period=_period_words(consultation, now),
        live=live,
    )
    if exact and live:
        figures.missing_areas_none = [f.label for f in areas if f.count == 0]
        figures.missing_areas_few = [f.label for f in areas if 0 < f.count < SMALLEST_SHOWN]
        figures.missing_groups_none = [f.label for f in groups if f.count == 0]
        figures.missing_groups_few = [f.label for f in groups if 0 < f.count < SMALLEST_SHOWN]
    return figures
