"""Which URLs `manage.py bench` times, as whom, with which ids: every URL the resolver knows.

A URL without parameters needs no entry: it is timed for every role that gets a 200 from it
(tried as each role in turn). A URL with parameters needs an entry here saying how to find real
ids for it (a function in `lookups`), or a written reason in `SKIP` not to time it;
`tests/reporting/test_bench_registry.py` fails for a URL that has neither, and checks every entry
opens (200) for its roles on the small demo.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from community.models import User

from . import lookups as find
from .lookups import Kwargs, Lookups

ANONYMOUS, COCREATOR, STEERING, STAFF = "anonymous", "co-creator", "steering", "staff"
PARTNER = "partner"
ROLES = (ANONYMOUS, COCREATOR, STEERING, STAFF, PARTNER)
# The demo's sign-ins, one a role (`manage.py seed_demo` makes them at either size).
EMAILS = {
    COCREATOR: "cocreator@example.org",
    STEERING: "steering@example.org",
    STAFF: "staff@example.org",
    PARTNER: "partner@example.org",
}
TRIVIAL = "accessibility"  # the floor: a page with no data behind it


@dataclass(frozen=True)
class Bench:
    """One URL to time: its name, how to fill its parameters, and for whom."""

    name: str
    kwargs: Callable[[Lookups, User | None], Kwargs] | None = None
    # Empty: every role that gets a 200. Named roles must each get a 200 (the test checks).
    roles: tuple[str, ...] = ()
    query: str = ""  # e.g. "?q=patel"
    label: str = ""  # what tells this entry from another for the same URL
    ok: tuple[int, ...] = (200,)  # the answers that mean the page opened

    @property
    def key(self) -> str:
        return f"{self.name} {self.label}".strip()

    def path(self, lookups: Lookups, user: User | None) -> str | None:
        """The URL to open as that user, or None when they have nothing there to open."""
        kwargs = self.kwargs(lookups, user) if self.kwargs else {}
        if kwargs is None:
            return None
        return reverse(self.name, kwargs=kwargs) + self.query


STAFF_ONLY = (STAFF,)
STEERING_AND_STAFF = (STEERING, STAFF)
POST_ONLY = "POST only: the page that asks for it is timed instead"

ENTRIES = (
    # --- community ---
    Bench("community:cocreator-list"),
    Bench("community:cocreator-list", query="?q=patel", label="search"),
    Bench("community:cocreator-detail", find.busiest_cocreator, STAFF_ONLY),
    Bench("community:cocreator-edit", find.busiest_cocreator, STAFF_ONLY),
    Bench("community:cocreator-story", find.busiest_cocreator, STAFF_ONLY),
    Bench("community:contact-log-add", find.busiest_cocreator, STAFF_ONLY),
    Bench("community:contact-log-edit", find.contact_log_entry, STAFF_ONLY),
    Bench("community:cocreator-equality", find.cocreator_with_equality_answers, STAFF_ONLY),
    Bench(
        "community:cocreator-equality-withdraw",
        find.cocreator_with_equality_answers,
        STAFF_ONLY,
    ),
    Bench("community:benchmark-edit", find.benchmark, STAFF_ONLY),
    Bench("community:partner-detail", find.busiest_partner, STAFF_ONLY),
    Bench("community:partner-edit", find.busiest_partner, STAFF_ONLY),
    Bench("community:partner-contact-add", find.busiest_partner, STAFF_ONLY),
    Bench("community:partner-contact-edit", find.partner_contact, STAFF_ONLY),
    Bench("community:partner-contact-delete", find.partner_contact, STAFF_ONLY),
    Bench("community:champion-edit", find.champion, STAFF_ONLY),
    Bench("community:champion-end", find.champion, STAFF_ONLY),
    Bench("community:cocreator-import-progress", find.import_job, STAFF_ONLY),
    Bench("community:unsubscribe", find.unsubscribe),
    # The search behind every staff picker, for the largest kinds; "a" matches nearly everyone.
    *(
        Bench("community:picker-search", find.fixed(kind=kind), STAFF_ONLY, "?q=a", kind)
        for kind in ("people", "activities", "impact-records")
    ),
    # --- the site and sign-in ---
    # With no worker beating, the health check says so (503): the check itself is timed.
    Bench("healthz", ok=(200, 503)),
    Bench("favicon", ok=(301,)),  # a redirect to the icon among the static files
    # The link in a reset email checks the key, keeps it in the session and redirects to the form.
    Bench("account_reset_password_from_key", find.password_reset_key, (ANONYMOUS,), ok=(302,)),
    # --- activities ---
    Bench("activities:opportunity-detail", find.opportunity, (COCREATOR,)),
    Bench("activities:opportunity-withdraw", find.own_signup, (COCREATOR,)),
    Bench("activities:project-detail", find.busiest_project, STAFF_ONLY),
    Bench("activities:project-edit", find.busiest_project, STAFF_ONLY),
    Bench("activities:activity-detail", find.busiest_activity, STAFF_ONLY),
    Bench("activities:activity-edit", find.busiest_activity, STAFF_ONLY),
    Bench("activities:activity-notes", find.busiest_activity, STAFF_ONLY),
    Bench("activities:activity-attendance", find.busiest_activity, STAFF_ONLY),
    Bench("activities:activity-attendance-add", find.busiest_activity, STAFF_ONLY),
    Bench("activities:booking-add", find.busiest_activity, STAFF_ONLY),
    Bench("activities:booking-for-person", find.cocreator_to_book, STAFF_ONLY),
    Bench("activities:calendar-activity", find.public_activity),
    Bench("activities:personal-feed", find.personal_feed),
    Bench("activities:awareness-edit", find.awareness_date, STAFF_ONLY),
    Bench("activities:awareness-delete", find.awareness_date, STAFF_ONLY),
    # --- impact ---
    Bench("impact:record-detail", find.impact_record, STAFF_ONLY),
    Bench("impact:record-edit", find.impact_record, STAFF_ONLY),
    Bench("impact:record-check", find.impact_record, STAFF_ONLY),
    Bench("impact:record-publish", find.impact_record, STAFF_ONLY),
    Bench("impact:evidence-add", find.impact_record, STAFF_ONLY),
    Bench("impact:evidence-edit", find.evidence_item, STAFF_ONLY),
    Bench("impact:evidence-delete", find.evidence_item, STAFF_ONLY),
    Bench("impact:document-add", find.impact_record, STAFF_ONLY),
    Bench("impact:document-download", find.impact_document, STAFF_ONLY),
    Bench("impact:theme-edit", find.theme, STAFF_ONLY),
    Bench("impact:tag-activity", find.busiest_activity, STAFF_ONLY),
    Bench("impact:tag-item", find.survey_text, STAFF_ONLY),
    Bench("impact:journal-detail", find.own_journal_entry, (COCREATOR, STAFF)),
    Bench("impact:journal-edit", find.own_journal_entry, (COCREATOR, STAFF)),
    Bench("impact:journal-delete", find.own_journal_entry, (COCREATOR, STAFF)),
    Bench("impact:casestudy-edit", find.case_study, STAFF_ONLY),
    Bench("impact:survey-answer", find.survey_token),
    Bench("impact:survey-opt-out", find.survey_token),
    Bench("impact:survey-assisted", find.survey_invitation, STAFF_ONLY),
    # --- reporting ---
    Bench("reporting:period", find.period_slug("quarter"), STEERING_AND_STAFF, label="quarter"),
    Bench("reporting:period", find.period_slug("half"), STEERING_AND_STAFF, label="half"),
    Bench("reporting:period", find.period_slug("year"), STEERING_AND_STAFF, label="year"),
    Bench("reporting:period-csv", find.period_slug("quarter"), STEERING_AND_STAFF, label="quarter"),
    Bench("reporting:period-csv", find.period_slug("year"), STEERING_AND_STAFF, label="year"),
    Bench("reporting:six-monthly", find.period_slug("half"), STEERING_AND_STAFF),
    Bench("reporting:annual", find.last_year, STEERING_AND_STAFF),
    Bench("reporting:pack-publish", find.unpublished_period, STAFF_ONLY),
    Bench("reporting:plan-action", find.key_action, STEERING_AND_STAFF),
    Bench("reporting:plan-action-update", find.key_action, STAFF_ONLY),
    Bench("reporting:pack", find.pack, STEERING_AND_STAFF),
    Bench("reporting:pack-pdf", find.pack, STEERING_AND_STAFF),
    Bench("reporting:pack-csv", find.pack, STEERING_AND_STAFF),
    Bench("reporting:newsletter-detail", find.newsletter, STAFF_ONLY),
    Bench("reporting:newsletter-edit", find.draft_newsletter, STAFF_ONLY),
    Bench("reporting:newsletter-progress", find.newsletter, STAFF_ONLY),
    Bench("reporting:newsletter-issue", find.sent_newsletter),
    Bench("reporting:group-detail", find.saved_group, STAFF_ONLY),
    Bench("reporting:group-edit", find.saved_group, STAFF_ONLY),
    Bench("reporting:group-delete", find.saved_group, STAFF_ONLY),
    Bench("reporting:group-by-hand", find.saved_group, STAFF_ONLY),
    Bench("reporting:group-message-add", find.saved_group, STAFF_ONLY),
    Bench("reporting:group-message-detail", find.group_message, STAFF_ONLY),
    Bench("reporting:group-message-edit", find.draft_group_message, STAFF_ONLY),
    Bench("reporting:group-message-progress", find.group_message, STAFF_ONLY),
)

# URL name (or, for an unnamed URL, its route) -> why it is not timed.
NEEDS_MFA = (
    "for someone with an authenticator app set up, after signing in again; the demo users have "
    "none, so it is refused or redirects"
)
SKIP = {
    "impact:journal-themes": "POST only (a GET goes back to the entry, which is timed)",
    "community:cocreator-import-confirm": POST_ONLY,
    "community:cocreator-import-preview": (
        "shows a spreadsheet uploaded in the same session; without one it goes back to the "
        "upload page, which is timed"
    ),
    "account_confirm_login_code": (
        "needs a sign-in by code under way (a code sent in this session); otherwise redirects"
    ),
    "account_confirm_reauthentication_code": (
        "needs a code sent to sign in again in this session; otherwise redirects"
    ),
    "account_email_verification_sent": (
        "shown only after signing up with an address still to confirm; otherwise redirects"
    ),
    "account_set_password": (
        "for an account without a password; the demo users have one, so it redirects"
    ),
    "mfa_authenticate": (
        "needs a sign-in under way with the password accepted and a second factor awaited"
    ),
    "mfa_reauthenticate": NEEDS_MFA,
    "mfa_activate_totp": "asks the person to sign in again first (a redirect); that page is timed",
    "mfa_deactivate_totp": NEEDS_MFA,
    "mfa_view_recovery_codes": NEEDS_MFA,
    "mfa_download_recovery_codes": NEEDS_MFA,
    "mfa_generate_recovery_codes": NEEDS_MFA,
    "community:cocreator-invite": POST_ONLY,
    "community:contact-log-follow-up-done": POST_ONLY,
    "community:representation-gap-priority": POST_ONLY,
    "activities:opportunity-signup": POST_ONLY,
    "activities:series-book": POST_ONLY,
    "activities:activity-cancel": (
        "a form over one activity as activity-edit is (timed); an activity already past or "
        "cancelled redirects, and the benchmark set's busiest activities are past"
    ),
    "activities:series-detail": "the benchmark set has no series yet (issue 17's demo data has one)",
    "activities:series-edit-following": "the benchmark set has no series yet; a form as activity-edit",
    "activities:series-book-staff": "the benchmark set has no series yet; a form as booking-add",
    "activities:signup-withdraw-staff": POST_ONLY,
    "activities:booking-move": (
        "a form over one place as booking-for-person is (timed); the benchmark set's busiest "
        "activities are past, and their places cannot be moved"
    ),
    "activities:booking-cancel": (
        "a short form over one place (a note); the benchmark set's busiest activities are past, "
        "and their places cannot be cancelled"
    ),
    "community:to-contact-done": POST_ONLY,
    "activities:portal-calendar-reset": POST_ONLY,
    "impact:casestudy-consent": POST_ONLY,
    "impact:casestudy-consent-withdraw": POST_ONLY,
    "impact:casestudy-publish": POST_ONLY,
    "impact:casestudy-unpublish": POST_ONLY,
}
# URL name -> why a user would accept it being over the target (the report says so beside it).
SLOW_BUT_ACCEPTED = {
    "community:cocreator-export": (
        "a download of the whole register, streamed: the browser starts saving it at once (the "
        "first bytes come in well under a second) and shows it coming in"
    ),
    "activities:calendar-ics": (
        "only cold, the first fetch after a change to the calendar: calendar apps fetch it in the "
        "background, nobody waits on a page for it; the worker makes it again within a minute of "
        "a change (activities.warm_public_feed), and every fetch after that gets the stored copy "
        "or a 304"
    ),
}
# Payments' entries and reasons live in benchmarks/payments.py (a section per feature package);
# it imports Bench from here, so it is read after both are made.
from .capacity import entries as _capacity_entries  # noqa: E402
from .capacity import skips as _capacity_skips  # noqa: E402
from .capacity_accreditation import entries as _accreditation_entries  # noqa: E402
from .capacity_accreditation import skips as _accreditation_skips  # noqa: E402
from .capacity_mentoring import entries as _mentoring_entries  # noqa: E402
from .capacity_mentoring import skips as _mentoring_skips  # noqa: E402
from .capacity_partners import entries as _partners_entries  # noqa: E402
from .capacity_partners import skips as _partners_skips  # noqa: E402
from .capacity_plans import entries as _plans_entries  # noqa: E402
from .capacity_plans import skips as _plans_skips  # noqa: E402
from .payments import entries as _payments_entries  # noqa: E402
from .payments import skips as _payments_skips  # noqa: E402

ENTRIES = (
    *ENTRIES,
    *_payments_entries(),
    *_capacity_entries(),
    *_plans_entries(),
    *_mentoring_entries(),
    *_accreditation_entries(),
    *_partners_entries(),
)
SKIP = {
    **SKIP,
    **_payments_skips(),
    **_capacity_skips(),
    **_plans_skips(),
    **_mentoring_skips(),
    **_accreditation_skips(),
    **_partners_skips(),
}

# Apps above reporting in the layers (consultations) add their entries and reasons from their
# AppConfig.ready(), since reporting imports no higher app; `entries()` and `skips()` read them.
_HIGHER: list[tuple[Callable[[], tuple], Callable[[], dict]]] = []


def bench_sections_register(*, entries: Callable[[], tuple], skips: Callable[[], dict]) -> None:
    """Add a higher app's entries (a function giving Bench rows) and reasons to skip."""
    _HIGHER.append((entries, skips))


def entries() -> tuple:
    """Every entry: this package's and the higher apps'."""
    return (*ENTRIES, *(bench for higher, _ in _HIGHER for bench in higher()))


def skips() -> dict[str, str]:
    """Every URL name not timed, with its reason: this package's and the higher apps'."""
    merged = dict(SKIP)
    for _, higher in _HIGHER:
        merged.update(higher())
    return merged


# Whole namespaces not timed, and why.
SKIP_NAMESPACES = {
    "admin": (
        "Django's own admin: none of the roles may open it (only a superuser made with "
        "`createsuperuser`), and its pages are Django's, not the product's"
    ),
}


@dataclass(frozen=True)
class Route:
    """A URL pattern the resolver knows."""

    name: str  # "namespace:name", or the route itself for an unnamed pattern
    namespace: str
    route: str
    has_parameters: bool
    named: bool


def routes() -> Iterator[Route]:
    """Every URL pattern, walked as `tests/test_url_sweep.py` walks them."""

    def walk(patterns, prefix: str, namespace: str) -> Iterator[Route]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                name = (f"{namespace}:{p.name}" if namespace else p.name) if p.name else route
                has_parameters = p.pattern.regex.groups > 0
                yield Route(name, namespace, route, has_parameters, named=bool(p.name))

    seen = set()
    for route in walk(get_resolver().url_patterns, "", ""):
        if route.name not in seen:
            seen.add(route.name)
            yield route


def skip_reason(route: Route) -> str:
    top = route.namespace.split(":")[0]
    return skips().get(route.name) or SKIP_NAMESPACES.get(top, "")


@dataclass(frozen=True)
class Plan:
    benches: list[Bench]
    skipped: list[tuple[Route, str]]
    # URLs with parameters (or no name) and neither an entry nor a reason to skip
    missing: list[Route]


def plan(only: str = "") -> Plan:
    """What to time: the entries, and every URL without parameters that has none.

    `only` keeps the URLs whose name or route holds one of its comma-separated words.
    """
    words = [w.strip() for w in only.split(",") if w.strip()]
    by_name: dict[str, list[Bench]] = {}
    for bench in entries():
        by_name.setdefault(bench.name, []).append(bench)
    benches, skipped, missing = [], [], []
    for route in routes():
        if words and not any(w in route.name or w in route.route for w in words):
            continue
        reason = skip_reason(route)
        if reason:
            skipped.append((route, reason))
        elif route.name in by_name:
            benches += by_name[route.name]
        elif route.has_parameters or not route.named:
            missing.append(route)
        else:
            benches.append(Bench(route.name))
    return Plan(benches, skipped, missing)
