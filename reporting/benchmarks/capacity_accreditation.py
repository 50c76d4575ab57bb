"""Capacity's accreditation URLs in the benchmark: entries (with functions finding real ids) and
reasons to skip, a section per sub-package (applying, then the panel); `registry.ENTRIES` and
`registry.SKIP` take these in.

The demo has the published criteria "2026.1", services with submitted applications (the demo
partner is a contact of two of them) and one application in progress. Where a page needs a draft
version of the criteria, or an application in progress the demo partner is a contact of, the
finder makes it: the benchmark runs inside a transaction that is rolled back.
"""

from __future__ import annotations

from django.db.models import Count

from capacity.accreditation.applying.selectors import draft_framework
from capacity.accreditation.applying.services import framework_new_version
from capacity.accreditation.panel.selectors import accredited_now
from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    PanelMember,
    Service,
)
from community.models import Role
from community.permissions import has_role

from .lookups import Kwargs, Lookups  # noqa: F401 (the finders take and give these)
from .registry import (  # noqa: F401 (registry reads this last)
    COCREATOR,
    PARTNER,
    POST_ONLY,
    STAFF_ONLY,
    Bench,
)

# --- applying ---


def accreditation_service(lookups: Lookups, user) -> Kwargs:
    """The service with the most applications and contacts: its fullest page."""

    def find():
        service = (
            Service.objects.annotate(n=Count("applications", distinct=True) + Count("contacts"))
            .order_by("-n", "pk")
            .first()
        )
        return None if service is None else service.pk

    pk = lookups.once("accreditation-service", find)
    return None if pk is None else {"pk": pk}


def _draft() -> int:
    """A draft version of the criteria: the one being drafted, or a new copy of the current one
    (rolled back with the run)."""
    draft = draft_framework()
    if draft is None:
        draft = framework_new_version(version="bench")
    return draft.pk


def accreditation_framework(lookups: Lookups, user) -> Kwargs:
    """The version of the criteria with the most criteria (its page at its longest)."""

    def find():
        framework = (
            AccreditationFramework.objects.annotate(n=Count("standards__criteria"))
            .order_by("-n", "pk")
            .first()
        )
        return framework.pk if framework else _draft()

    return {"pk": lookups.once("accreditation-framework", find)}


def accreditation_draft(lookups: Lookups, user) -> Kwargs:
    """A draft version of the criteria, to change (made as a copy of the current one if none)."""
    return {"pk": lookups.once("accreditation-draft", _draft)}


def accreditation_draft_standard(lookups: Lookups, user) -> Kwargs:
    """The draft version's standard with the most criteria."""

    def find():
        framework_pk = accreditation_draft(lookups, user)["pk"]
        standard = (
            AccreditationStandard.objects.filter(framework_id=framework_pk)
            .annotate(n=Count("criteria"))
            .order_by("-n", "pk")
            .first()
        )
        if standard is None:
            standard = AccreditationStandard.objects.create(
                framework_id=framework_pk, number=1, title="Benchmark"
            )
        return standard.pk

    return {"pk": lookups.once("accreditation-draft-standard", find)}


def accreditation_draft_criterion(lookups: Lookups, user) -> Kwargs:
    """A criterion of the draft version (one is added when it has none)."""

    def find():
        standard_pk = accreditation_draft_standard(lookups, user)["pk"]
        criterion = AccreditationCriterion.objects.filter(standard_id=standard_pk).first()
        if criterion is None:
            criterion = AccreditationCriterion.objects.create(
                standard_id=standard_pk, number=1, text="Benchmark", evidence_needed="Minutes"
            )
        return criterion.pk

    return {"pk": lookups.once("accreditation-draft-criterion", find)}


def _fullest(rows):
    """Of these applications, the one with the most evidence."""
    return (
        rows.annotate(n=Count("assessments__evidence"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def _mine(rows, user):
    """Only the applications of services the user is a contact of, unless they are staff."""
    if user is not None and not has_role(user, Role.STAFF):
        rows = rows.filter(service__contacts=user)
    return rows


def accreditation_application(lookups: Lookups, user) -> Kwargs:
    """The application with the most evidence the person may see (staff: any; the demo partner:
    one of their services')."""
    key = f"accreditation-application:{user.pk if user else ''}"
    pk = lookups.once(key, lambda: _fullest(_mine(AccreditationApplication.objects.all(), user)))
    return None if pk is None else {"pk": pk}


def _draft_application(user) -> int | None:
    """An application in progress the person may change: the demo's own, with the demo partner
    made one of its service's contacts for the run when they are not (rolled back)."""
    drafts = AccreditationApplication.objects.filter(status=ApplicationStatus.DRAFT)
    pk = _fullest(_mine(drafts, user))
    if pk is None:
        pk = _fullest(drafts)
        if pk is None:
            return None
        if user is not None:
            AccreditationApplication.objects.get(pk=pk).service.contacts.add(user)
    return pk


def accreditation_draft_application(lookups: Lookups, user) -> Kwargs:
    """An application in progress the person may change (its submit page lists what is
    missing)."""
    key = f"accreditation-draft-application:{user.pk if user else ''}"
    pk = lookups.once(key, lambda: _draft_application(user))
    return None if pk is None else {"pk": pk}


def accreditation_draft_criterion_page(lookups: Lookups, user) -> Kwargs:
    """A criterion of an application in progress, the one with the most evidence."""
    found = accreditation_draft_application(lookups, user)
    if found is None:
        return None
    application = AccreditationApplication.objects.get(pk=found["pk"])
    criterion = (
        AccreditationCriterion.objects.filter(standard__framework_id=application.framework_id)
        .annotate(n=Count("assessments__evidence"))
        .order_by("-n", "pk")
        .first()
    )
    return None if criterion is None else {"pk": application.pk, "criterion_pk": criterion.pk}


def accreditation_criterion_page(lookups: Lookups, user) -> Kwargs:
    """A criterion of the fullest application the person may see, with its answer and evidence."""
    found = accreditation_application(lookups, user)
    if found is None:
        return None
    application = AccreditationApplication.objects.get(pk=found["pk"])
    criterion = (
        AccreditationCriterion.objects.filter(
            standard__framework_id=application.framework_id,
            assessments__application=application,
        )
        .annotate(n=Count("assessments__evidence"))
        .order_by("-n", "pk")
        .first()
    )
    return None if criterion is None else {"pk": application.pk, "criterion_pk": criterion.pk}


def accreditation_open_application(lookups: Lookups, user) -> Kwargs:
    """An open application the person may withdraw (its confirmation page)."""
    key = f"accreditation-open-application:{user.pk if user else ''}"
    open_rows = AccreditationApplication.objects.filter(
        status__in=[
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.IN_REVIEW,
        ]
    )
    pk = lookups.once(key, lambda: _fullest(_mine(open_rows, user)))
    return None if pk is None else {"pk": pk}


_APPLICATION_PAGES = (
    ("application", accreditation_application),
    ("assessment", accreditation_criterion_page),
    ("evidence-impact", accreditation_draft_criterion_page),
    ("evidence-activity", accreditation_draft_criterion_page),
    ("evidence-document", accreditation_draft_criterion_page),
    ("submit", accreditation_draft_application),
    ("withdraw", accreditation_open_application),
)
_DOWNLOAD = "a stored document served as an attachment: the criterion page that links it is timed"

APPLYING_ENTRIES: tuple = (
    Bench("capacity:accreditation-services", query="?status=submitted", label="submitted"),
    Bench("capacity:accreditation-service", accreditation_service, STAFF_ONLY),
    Bench("capacity:accreditation-service-edit", accreditation_service, STAFF_ONLY),
    Bench("capacity:accreditation-contact-add", accreditation_service, STAFF_ONLY),
    Bench("capacity:accreditation-framework", accreditation_framework, STAFF_ONLY),
    Bench("capacity:accreditation-framework-edit", accreditation_draft, STAFF_ONLY),
    Bench("capacity:accreditation-framework-publish", accreditation_draft, STAFF_ONLY),
    Bench("capacity:accreditation-standard-add", accreditation_draft, STAFF_ONLY),
    Bench("capacity:accreditation-standard-edit", accreditation_draft_standard, STAFF_ONLY),
    Bench("capacity:accreditation-standard-remove", accreditation_draft_standard, STAFF_ONLY),
    Bench("capacity:accreditation-criterion-add", accreditation_draft_standard, STAFF_ONLY),
    Bench("capacity:accreditation-criterion-edit", accreditation_draft_criterion, STAFF_ONLY),
    Bench("capacity:accreditation-criterion-remove", accreditation_draft_criterion, STAFF_ONLY),
    *(
        Bench(f"capacity:accreditation-{area}-{page}", finder, roles)
        for page, finder in _APPLICATION_PAGES
        for area, roles in (("staff", STAFF_ONLY), ("partner", (PARTNER,)))
    ),
)
APPLYING_SKIP: dict[str, str] = {
    "capacity:accreditation-service-invite": POST_ONLY,
    "capacity:accreditation-service-start": POST_ONLY,
    "capacity:accreditation-contact-remove": POST_ONLY,
    "capacity:accreditation-partner-start": POST_ONLY,
    "capacity:accreditation-staff-evidence-remove": POST_ONLY,
    "capacity:accreditation-partner-evidence-remove": POST_ONLY,
    "capacity:accreditation-staff-evidence-download": _DOWNLOAD,
    "capacity:accreditation-partner-evidence-download": _DOWNLOAD,
}

# --- panel ---


def _panel_open_application() -> int | None:
    """The application with the fullest panel still at work (the demo's third); a decided one if
    none is."""
    rows = AccreditationApplication.objects.annotate(n=Count("panel")).filter(n__gt=0)
    found = (
        rows.filter(status=ApplicationStatus.IN_REVIEW).order_by("-n", "pk").first()
        or rows.order_by("-n", "pk").first()
    )
    return None if found is None else found.pk


def panel_application(lookups: Lookups, user) -> Kwargs:
    """The application with the fullest panel still at work: its panel, the forms adding to it
    and its scores table with the decision form."""
    pk = lookups.once("panel-application", _panel_open_application)
    return None if pk is None else {"pk": pk}


def panel_decided(lookups: Lookups, user) -> Kwargs:
    """A decided application with the most scores: the read-only decision and scores table."""

    def find():
        found = (
            AccreditationApplication.objects.filter(
                status__in=[ApplicationStatus.AWARDED, ApplicationStatus.ACTIONS_NEEDED]
            )
            .annotate(n=Count("panel__scores"))
            .filter(n__gt=0)
            .order_by("-n", "pk")
            .first()
        )
        return None if found is None else found.pk

    pk = lookups.once("panel-decided", find)
    return None if pk is None else {"pk": pk}


def _own_seat(user) -> int | None:
    """The signed-in reviewer's seat on a panel still at work (else any seat of theirs)."""
    if user is None:
        return None
    seats = PanelMember.objects.filter(user=user).order_by("-pk")
    found = seats.filter(application__status=ApplicationStatus.IN_REVIEW).first() or seats.first()
    return None if found is None else found.pk


def panel_seat(lookups: Lookups, user) -> Kwargs:
    """The signed-in reviewer's own seat (the demo staff member and co-creator each have one on
    the panel still at work)."""
    pk = lookups.once(f"panel-seat:{user.pk if user else ''}", lambda: _own_seat(user))
    return None if pk is None else {"pk": pk}


def panel_seat_criterion(lookups: Lookups, user) -> Kwargs:
    """A criterion of the reviewer's own seat: the one whose answer has the most evidence."""
    found = panel_seat(lookups, user)
    if found is None:
        return None
    member = PanelMember.objects.get(pk=found["pk"])
    criterion = (
        AccreditationCriterion.objects.filter(
            standard__framework_id=member.application.framework_id
        )
        .annotate(n=Count("assessments__evidence"))
        .order_by("-n", "pk")
        .first()
    )
    return None if criterion is None else {"pk": member.pk, "criterion_pk": criterion.pk}


def panel_accredited(lookups: Lookups, user) -> Kwargs:
    """A service accredited now: its public page."""

    def find():
        found = accredited_now().order_by("pk").first()
        return None if found is None else found.pk

    pk = lookups.once("panel-accredited", find)
    return None if pk is None else {"pk": pk}


_PANEL_EVIDENCE = _DOWNLOAD

PANEL_ENTRIES: tuple = (
    Bench("capacity:panel-application", panel_application, STAFF_ONLY),
    Bench("capacity:panel-add-staff", panel_application, STAFF_ONLY),
    Bench("capacity:panel-add-cocreator", panel_application, STAFF_ONLY),
    Bench("capacity:panel-decision", panel_application, STAFF_ONLY),
    Bench("capacity:panel-decision", panel_decided, STAFF_ONLY, label="decided"),
    Bench("capacity:panel-staff-review", panel_seat, STAFF_ONLY),
    Bench("capacity:panel-staff-conflict", panel_seat, STAFF_ONLY),
    Bench("capacity:panel-staff-score", panel_seat_criterion, STAFF_ONLY),
    Bench("capacity:panel-portal-review", panel_seat, (COCREATOR,)),
    Bench("capacity:panel-portal-conflict", panel_seat, (COCREATOR,)),
    Bench("capacity:panel-portal-score", panel_seat_criterion, (COCREATOR,)),
    Bench("capacity:panel-accredited-detail", panel_accredited),
)
PANEL_SKIP: dict[str, str] = {
    "capacity:panel-member-remove": POST_ONLY,
    "capacity:panel-staff-evidence": _PANEL_EVIDENCE,
    "capacity:panel-portal-evidence": _PANEL_EVIDENCE,
}


def entries() -> tuple:
    return (*APPLYING_ENTRIES, *PANEL_ENTRIES)


def skips() -> dict[str, str]:
    return {**APPLYING_SKIP, **PANEL_SKIP}
