"""Capacity's URLs in the benchmark: entries (with functions finding real ids) and reasons to skip,
a section per feature package; `registry.ENTRIES` and `registry.SKIP` take these in."""

from __future__ import annotations

from django.db.models import Count  # roles
from django.db.models.functions import Length  # resources
from django.utils import timezone  # roles

from activities.models import Activity, Attendance  # training
from capacity.models import (  # training, roles, resources
    Course,
    CourseRun,
    CourseSession,
    JargonTerm,
    PersonRole,
    Resource,
    RoleProfile,
)
from community.models import CoCreator, CoCreatorStatus  # roles

from .lookups import Kwargs, Lookups  # noqa: F401 (each section's finders take and give these)
from .registry import COCREATOR, POST_ONLY, STAFF_ONLY, Bench  # noqa: F401 (registry reads this last)

# --- training ---


def training_course(lookups: Lookups, user) -> Kwargs:
    """The course with the most completions (its page, edit form and the forms that add to it);
    one is added for the run when there is none."""

    def find():
        course = Course.objects.annotate(n=Count("completions")).order_by("-n", "pk").first()
        if course is None:
            course = Course.objects.create(
                title="Safeguarding", summary="Benchmark", outcomes="Benchmark", delivery="online"
            )
        return course.pk

    return {"pk": lookups.once("training-course", find)}


def training_run(lookups: Lookups, user) -> Kwargs:
    """The run with the most sessions, to add another to (one is added when there is none)."""

    def find():
        run = CourseRun.objects.annotate(n=Count("sessions")).order_by("-n", "pk").first()
        if run is None:
            course = Course.objects.get(pk=training_course(lookups, user)["pk"])
            run = CourseRun.objects.create(course=course, name="Benchmark")
        return run.pk

    return {"pk": lookups.once("training-run", find)}


def training_attended_run(lookups: Lookups, user) -> Kwargs:
    """A run the signed-in co-creator came to a session of; when there is none, they are marked
    as having come to a session of the busiest run (made one from the latest activity that is no
    course's session, if it has none; the run is rolled back)."""
    cocreator = None if user is None else CoCreator.objects.filter(user=user).first()
    if cocreator is None:
        return None
    came = CourseRun.objects.filter(
        sessions__activity__attendances__cocreator=cocreator,
        sessions__activity__attendances__status="attended",
    )
    pk = came.values_list("pk", flat=True).first()
    if pk is None:
        run = CourseRun.objects.get(pk=training_run(lookups, user)["pk"])
        session = run.sessions.first()
        if session is None:
            activity = (
                Activity.objects.filter(course_session__isnull=True).order_by("-starts_at").first()
            )
            if activity is None:
                return None
            session = CourseSession.objects.create(run=run, activity=activity)
        Attendance.objects.get_or_create(
            activity_id=session.activity_id,
            cocreator=cocreator,
            defaults={"status": "attended", "hours": 2},
        )
        pk = run.pk
    return {"pk": pk}


TRAINING_ENTRIES: tuple = (
    Bench("capacity:training-list", roles=STAFF_ONLY),
    Bench("capacity:training-refreshers", roles=STAFF_ONLY),
    Bench("capacity:training-course-add", roles=STAFF_ONLY),
    Bench("capacity:training-course", training_course, STAFF_ONLY),
    Bench("capacity:training-course-edit", training_course, STAFF_ONLY),
    Bench("capacity:training-run-add", training_course, STAFF_ONLY),
    Bench("capacity:training-completion-add", training_course, STAFF_ONLY),
    Bench("capacity:training-session-add", training_run, STAFF_ONLY),
    Bench("capacity:portal-training", roles=(COCREATOR,)),
    Bench("capacity:portal-training-feedback", training_attended_run, (COCREATOR,)),
)
TRAINING_SKIP: dict[str, str] = {}

# --- roles ---


def _roles_role() -> RoleProfile:
    """The role most people hold (one is added for the run when there is none)."""
    role = RoleProfile.objects.annotate(n=Count("holders")).order_by("-n", "pk").first()
    if role is None:
        role = RoleProfile.objects.create(
            name="Co-creator", what_it_involves="Taking part", support_offered="A named contact"
        )
    return role


def roles_busiest_role(lookups: Lookups, user) -> Kwargs:
    """The role most people hold: the fullest public page and edit form."""
    return {"pk": lookups.once("roles-role", lambda: _roles_role().pk)}


def roles_person(lookups: Lookups, user) -> Kwargs:
    """A person still in the community with the most roles, to add another for."""

    def find():
        person = (
            CoCreator.objects.exclude(status=CoCreatorStatus.LEFT)
            .annotate(n=Count("capacity_roles"))
            .order_by("-n", "pk")
            .first()
        )
        return person.pk if person else None

    pk = lookups.once("roles-person", find)
    return None if pk is None else {"cocreator_pk": pk}


def roles_held(lookups: Lookups, user) -> Kwargs:
    """A role held now by someone still in the community (one is given for the run if none)."""

    def find():
        held = (
            PersonRole.objects.filter(ended_on__isnull=True)
            .exclude(cocreator__status=CoCreatorStatus.LEFT)
            .order_by("pk")
            .first()
        )
        if held is None:
            person = CoCreator.objects.exclude(status=CoCreatorStatus.LEFT).order_by("pk").first()
            if person is None:
                return None
            held = PersonRole.objects.create(
                cocreator=person, role=_roles_role(), started_on=timezone.localdate()
            )
        return held.pk

    pk = lookups.once("roles-held", find)
    return None if pk is None else {"pk": pk}


ROLES_ENTRIES: tuple = (
    Bench("capacity:public-role-detail", roles_busiest_role),
    Bench("capacity:role-edit", roles_busiest_role, STAFF_ONLY),
    Bench("capacity:person-role-add", roles_person, STAFF_ONLY),
    Bench("capacity:person-role-end", roles_held, STAFF_ONLY),
)
ROLES_SKIP: dict[str, str] = {}

# --- resources ---


def _resources_one(audience: str) -> int:
    """The longest published resource for the audience (one is added for the run if none)."""
    found = (
        Resource.objects.filter(is_published=True, audience=audience)
        .annotate(n=Length("body"))
        .order_by("-n", "pk")
        .first()
    )
    if found is None:
        found = Resource.objects.create(
            title=f"Benchmark resource ({audience})",
            slug=f"benchmark-resource-{audience}",
            kind="guide",
            summary="What the ICS and the ICB do.",
            body="Safeguarding comes first.\n\n" * 20,
            audience=audience,
            is_published=True,
        )
    return found.slug


def resources_public(lookups: Lookups, user) -> Kwargs:
    """A published resource for everyone, the longest (its body links the most jargon)."""
    return {"slug": lookups.once("resources-public", lambda: _resources_one("public"))}


def resources_portal(lookups: Lookups, user) -> Kwargs:
    """A published resource for co-creators only, in the portal."""
    return {"slug": lookups.once("resources-portal", lambda: _resources_one("portal"))}


def resources_staff(lookups: Lookups, user) -> Kwargs:
    """The resource with the longest history, for its edit form."""

    def find():
        found = Resource.objects.annotate(n=Count("revisions")).order_by("-n", "pk").first()
        return found.pk if found else Resource.objects.get(slug=_resources_one("public")).pk

    return {"pk": lookups.once("resources-staff", find)}


def resources_term(lookups: Lookups, user) -> Kwargs:
    """A jargon buster term (one is added for the run if none)."""

    def find():
        term = JargonTerm.objects.order_by("pk").first()
        if term is None:
            term = JargonTerm.objects.create(term="ICS", meaning="The local health partnership.")
        return term.pk

    return {"pk": lookups.once("resources-term", find)}


_RESOURCES_FILE = "a file served as an attachment: the resource page that links it is timed"

RESOURCES_ENTRIES: tuple = (
    Bench("capacity:jargon", query="?q=care", label="search"),
    Bench("capacity:resource-list", query="?kind=guide", label="one kind"),
    Bench("capacity:resource-detail", resources_public),
    Bench("capacity:portal-resource-detail", resources_portal, (COCREATOR,)),
    Bench("capacity:staff-resource-edit", resources_staff, STAFF_ONLY),
    Bench("capacity:staff-jargon-edit", resources_term, STAFF_ONLY),
)
RESOURCES_SKIP: dict[str, str] = {
    "capacity:resource-download": _RESOURCES_FILE,
    "capacity:portal-resource-download": _RESOURCES_FILE,
    "capacity:staff-resource-download": _RESOURCES_FILE,
}


def entries() -> tuple:
    return (*TRAINING_ENTRIES, *ROLES_ENTRIES, *RESOURCES_ENTRIES)


def skips() -> dict[str, str]:
    return {**TRAINING_SKIP, **ROLES_SKIP, **RESOURCES_SKIP}
