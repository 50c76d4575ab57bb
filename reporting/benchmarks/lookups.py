"""Real ids from the data in the database, for the URLs that take them.

Each function takes the run's `Lookups` (which remembers what it found, so the busiest activity is
looked for once a run) and the user the URL is opened as (None for an anonymous visitor), and
returns the URL's keyword arguments, or None when that person has nothing there to open. Where
the data set has no row of a kind (no journal entries, case studies or documents in the demo), the
function makes one: the benchmark runs inside a transaction that is rolled back, and a file put in
storage is removed by `Lookups.clean_up()`.

Where it matters, the row chosen is the largest of its kind (the activity with the most
attendance, the person with the most records), so a page is timed at its worst, not its easiest.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone

from activities.models import Activity, Attendance, AwarenessDate, Project, SignUp, SignUpStatus
from activities.selectors.portal import activities_open_to
from activities.services import calendar_feed_ensure
from cocreation.lib.periods import Period, period_containing
from community.imports.models import CoCreatorImportJob
from community.messaging.channels import unsubscribe_token
from community.models import (
    Champion,
    CoCreator,
    CoCreatorStatus,
    ContactLogEntry,
    ContactMethod,
    PartnerContact,
    PartnerOrganisation,
    PopulationBenchmark,
    User,
)
from impact.models import (
    CaseStudy,
    EvidenceItem,
    ExperienceResponse,
    ImpactDocument,
    ImpactRecord,
    InsightSource,
    JournalEntry,
    JournalSharing,
    SurveyInvitation,
    Theme,
)
from reporting.groups.models import GroupMessage, SavedGroup
from reporting.newsletters.models import NewsletterIssue, NewsletterStatus
from reporting.newsletters.services import newsletter_send
from reporting.packs.models import GovernancePack
from reporting.plan.models import KeyAction

Kwargs = dict[str, Any] | None


class Lookups:
    """What one run has looked up, and the files it made (removed by `clean_up`)."""

    def __init__(self) -> None:
        self._found: dict[str, Any] = {}
        self._files: list[str] = []

    def once(self, key: str, find: Callable[[], Any]) -> Any:
        if key not in self._found:
            self._found[key] = find()
        return self._found[key]

    def file_made(self, name: str) -> None:
        self._files.append(name)

    def clean_up(self) -> None:
        for name in self._files:
            default_storage.delete(name)
        self._files.clear()


def _staff_member() -> User | None:
    return User.objects.filter(email__iexact="staff@example.org").first()


def _pk(row) -> int | None:
    return row.pk if row is not None else None


def _with(**names) -> Kwargs:
    """The kwargs, or None when a row was not found."""
    return None if any(v is None for v in names.values()) else names


def fixed(**kwargs) -> Callable[[Lookups, User | None], Kwargs]:
    """The same arguments whatever the data (a kind of thing, a word)."""

    def given(lookups: Lookups, user: User | None) -> Kwargs:
        return dict(kwargs)

    given.__name__ = "fixed_" + "_".join(map(str, kwargs.values()))
    return given


# --- Community ---------------------------------------------------------------------------------


def busiest_cocreator(lookups: Lookups, user: User | None) -> Kwargs:
    """The co-creator with the most attendance records: the fullest record page."""

    def find():
        row = (
            Attendance.objects.values("cocreator")
            .annotate(n=Count("pk"))
            .order_by("-n", "cocreator")
            .first()
        )
        return row["cocreator"] if row else _pk(CoCreator.objects.order_by("pk").first())

    return _with(pk=lookups.once("cocreator", find))


def cocreator_to_book(lookups: Lookups, user: User | None) -> Kwargs:
    """The busiest co-creator, to book onto an activity from their record."""
    return {"cocreator_pk": busiest_cocreator(lookups, user)["pk"]}


def cocreator_with_equality_answers(lookups: Lookups, user: User | None) -> Kwargs:
    """Someone with equality answers; staff are given the separate permission to see them.

    The demo's staff member does not hold it, and without it the page is refused (403). The
    grant is undone with the rest of the run.
    """
    if user is not None and not user.has_perm("community.view_individual_equality_data"):
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="community", codename="view_individual_equality_data"
            )
        )

    def find():
        return _pk(
            CoCreator.objects.filter(demographics__isnull=False, consents__isnull=False)
            .order_by("pk")
            .first()
        )

    return _with(pk=lookups.once("cocreator-equality", find))


def benchmark(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(pk=_pk(PopulationBenchmark.objects.order_by("pk").first()))


def busiest_partner(lookups: Lookups, user: User | None) -> Kwargs:
    def find():
        return _pk(
            PartnerOrganisation.objects.annotate(n=Count("activities")).order_by("-n", "pk").first()
        )

    return _with(pk=lookups.once("partner", find))


def partner_contact(lookups: Lookups, user: User | None) -> Kwargs:
    contact = PartnerContact.objects.order_by("pk").first()
    if contact is None:
        return None
    return {"pk": contact.organisation_id, "contact_pk": contact.pk}


def champion(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(pk=_pk(Champion.objects.filter(until__isnull=True).order_by("pk").first()))


def import_job(lookups: Lookups, user: User | None) -> Kwargs:
    """The latest spreadsheet import (one waiting for the worker is made when there is none)."""

    def find():
        job = CoCreatorImportJob.objects.order_by("-created_at").first()
        if job is None:
            job = CoCreatorImportJob.objects.create(
                created_by=_staff_member(), filename="benchmark.csv", sha256="0" * 64
            )
        return job.pk

    return _with(pk=lookups.once("import-job", find))


def password_reset_key(lookups: Lookups, user: User | None) -> Kwargs:
    """The link in a password reset email for the demo co-creator (a fresh key each time)."""
    person = User.objects.filter(email__iexact="cocreator@example.org").first()
    if person is None:
        return None
    return {"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)}


def unsubscribe(lookups: Lookups, user: User | None) -> Kwargs:
    """A signed unsubscribe token for the demo co-creator (tokens are made, not stored)."""
    person = CoCreator.objects.filter(user__email__iexact="cocreator@example.org").first()
    person = person or CoCreator.objects.order_by("pk").first()
    return None if person is None else {"token": unsubscribe_token(person.pk)}


# --- Activities --------------------------------------------------------------------------------


def _own_record(user: User | None) -> CoCreator | None:
    return None if user is None else CoCreator.objects.filter(user=user).first()


def opportunity(lookups: Lookups, user: User | None) -> Kwargs:
    """The next activity the signed-in co-creator may open."""
    cocreator = _own_record(user)
    if cocreator is None:
        return None
    return _with(pk=_pk(activities_open_to(cocreator=cocreator).order_by("starts_at").first()))


def own_signup(lookups: Lookups, user: User | None) -> Kwargs:
    """The co-creator's next booked place; a place is booked for them if they hold none."""
    cocreator = _own_record(user)
    if cocreator is None:
        return None
    now = timezone.now()
    signup = (
        SignUp.objects.filter(
            cocreator=cocreator, status=SignUpStatus.BOOKED, activity__starts_at__gt=now
        )
        .order_by("activity__starts_at")
        .first()
    )
    if signup is None:
        activity = (
            activities_open_to(cocreator=cocreator)
            .filter(starts_at__gt=now + timedelta(days=2))
            .exclude(signups__cocreator=cocreator)
            .order_by("starts_at")
            .first()
        )
        if activity is None:
            return None
        signup = SignUp.objects.create(
            activity=activity, cocreator=cocreator, status=SignUpStatus.BOOKED
        )
    return {"pk": signup.pk}


def busiest_project(lookups: Lookups, user: User | None) -> Kwargs:
    def find():
        return _pk(Project.objects.annotate(n=Count("activities")).order_by("-n", "pk").first())

    return _with(pk=lookups.once("project", find))


def busiest_activity(lookups: Lookups, user: User | None) -> Kwargs:
    """The activity with the most attendance records."""

    def find():
        row = (
            Attendance.objects.values("activity")
            .annotate(n=Count("pk"))
            .order_by("-n", "activity")
            .first()
        )
        return row["activity"] if row else _pk(Activity.objects.order_by("pk").first())

    return _with(pk=lookups.once("activity", find))


def public_activity(lookups: Lookups, user: User | None) -> Kwargs:
    """The next public session on the calendar."""

    def find():
        upcoming = Activity.objects.public().upcoming().order_by("starts_at").first()
        return _pk(upcoming or Activity.objects.public().order_by("-starts_at").first())

    return _with(pk=lookups.once("public-activity", find))


def personal_feed(lookups: Lookups, user: User | None) -> Kwargs:
    """The demo co-creator's calendar feed (made if they have none yet)."""
    person = CoCreator.objects.filter(user__email__iexact="cocreator@example.org").first()
    return None if person is None else {"token": calendar_feed_ensure(cocreator=person).token}


def awareness_date(lookups: Lookups, user: User | None) -> Kwargs:
    """An awareness date (one is added for the run when a database has none, as one emptied by
    a test that flushes its tables has)."""
    found = AwarenessDate.objects.order_by("pk").first()
    if found is None:
        found = AwarenessDate.objects.create(
            name="Benchmark Awareness Day", starts_on=timezone.localdate()
        )
    return {"pk": found.pk}


def contact_log_entry(lookups: Lookups, user: User | None) -> Kwargs:
    """A note in the contact log of someone still in the community (one is added for the run,
    to the busiest co-creator's log, when a database has none)."""
    found = (
        ContactLogEntry.objects.exclude(cocreator__status=CoCreatorStatus.LEFT)
        .order_by("pk")
        .first()
    )
    if found is None:
        cocreator = busiest_cocreator(lookups, user)
        if cocreator is None:
            return None
        found = ContactLogEntry.objects.create(
            cocreator_id=cocreator["pk"],
            method=ContactMethod.PHONE,
            summary="Benchmark note: a phone call about the next session.",
        )
    return {"pk": found.pk}


# --- Impact ------------------------------------------------------------------------------------


def impact_record(lookups: Lookups, user: User | None) -> Kwargs:
    """The impact record with the most evidence."""

    def find():
        return _pk(ImpactRecord.objects.annotate(n=Count("evidence")).order_by("-n", "pk").first())

    return _with(pk=lookups.once("record", find))


def evidence_item(lookups: Lookups, user: User | None) -> Kwargs:
    record = impact_record(lookups, user)
    if record is None:
        return None
    item = EvidenceItem.objects.filter(record_id=record["pk"]).order_by("pk").first()
    return None if item is None else {"pk": record["pk"], "item_pk": item.pk}


def impact_document(lookups: Lookups, user: User | None) -> Kwargs:
    """A document of the record (a small one is stored for the run when there is none)."""

    def find():
        document = ImpactDocument.objects.order_by("pk").first()
        if document is None:
            record = ImpactRecord.objects.order_by("pk").first()
            if record is None:
                return None
            body = b"A note of the meeting, made for the benchmark.\n"
            document = ImpactDocument(
                record=record,
                display_name="Benchmark note.txt",
                content_type="text/plain",
                size=len(body),
                uploaded_by=_staff_member(),
            )
            document.file.save("benchmark-note.txt", ContentFile(body), save=False)
            lookups.file_made(document.file.name)
            document.save()
        return {"pk": document.record_id, "document_pk": document.pk}

    return lookups.once("document", find)


def survey_text(lookups: Lookups, user: User | None) -> Kwargs:
    response = ExperienceResponse.objects.exclude(free_text="").order_by("pk").first()
    if response is None:
        return None
    return {"source": InsightSource.SURVEY_TEXT.value, "source_id": str(response.pk)}


def theme(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(pk=_pk(Theme.objects.order_by("pk").first()))


def own_journal_entry(lookups: Lookups, user: User | None) -> Kwargs:
    """The person's own latest journal entry (one is written for the run if they have none)."""
    if user is None:
        return None
    entry = JournalEntry.objects.filter(author=user).order_by("-pk").first()
    if entry is None:
        entry = JournalEntry.objects.create(
            author=user,
            body="Written for the benchmark: what went well, what I would change next time.",
            sharing=JournalSharing.SHARED,
        )
    return {"pk": entry.pk}


def case_study(lookups: Lookups, user: User | None) -> Kwargs:
    """A case study (one is written for the run when there is none)."""

    def find():
        study = CaseStudy.objects.order_by("pk").first()
        if study is None:
            person = busiest_cocreator(lookups, user)
            if person is None:
                return None
            study = CaseStudy.objects.create(
                title="Benchmark case study",
                story="Written for the benchmark.",
                cocreator_id=person["pk"],
                created_by=_staff_member(),
            )
        return study.pk

    return _with(pk=lookups.once("case-study", find))


def _open_invitation() -> SurveyInvitation | None:
    return SurveyInvitation.objects.filter(completed=False, opted_out=False).order_by("pk").first()


def survey_token(lookups: Lookups, user: User | None) -> Kwargs:
    invitation = _open_invitation()
    return None if invitation is None else {"token": invitation.token}


def survey_invitation(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(pk=_pk(_open_invitation()))


# --- Reporting ---------------------------------------------------------------------------------


def last_period(kind: str) -> Period:
    """The last whole quarter, half or financial year."""
    return period_containing(timezone.localdate(), kind).previous()


def period_slug(kind: str) -> Callable[[Lookups, User | None], Kwargs]:
    def kwargs(lookups: Lookups, user: User | None) -> Kwargs:
        return {"slug": last_period(kind).slug}

    kwargs.__name__ = f"last_{kind}"
    return kwargs


def last_year(lookups: Lookups, user: User | None) -> Kwargs:
    return {"year": last_period("year").year}


def unpublished_period(lookups: Lookups, user: User | None) -> Kwargs:
    """The latest whole quarter without a published pack."""
    published = set(GovernancePack.objects.values_list("period_slug", flat=True))
    period = last_period("quarter")
    for _ in range(40):
        if period.slug not in published:
            return {"slug": period.slug}
        period = period.previous()
    return None


def key_action(lookups: Lookups, user: User | None) -> Kwargs:
    def find():
        return _pk(KeyAction.objects.annotate(n=Count("updates")).order_by("-n", "pk").first())

    return _with(pk=lookups.once("key-action", find))


def pack(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(pk=_pk(GovernancePack.objects.order_by("-published_at").first()))


def newsletter(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(pk=_pk(NewsletterIssue.objects.order_by("-pk").first()))


def draft_newsletter(lookups: Lookups, user: User | None) -> Kwargs:
    return _with(
        pk=_pk(
            NewsletterIssue.objects.filter(status=NewsletterStatus.DRAFT).order_by("-pk").first()
        )
    )


def sent_newsletter(lookups: Lookups, user: User | None) -> Kwargs:
    """An issue that has gone out (the latest issue is sent for the run when none has: the send
    is recorded, and the messages, left to the worker after commit, are never made)."""

    def find():
        issue = NewsletterIssue.objects.out().order_by("-sent_at", "-pk").first()
        if issue is None:
            issue = NewsletterIssue.objects.order_by("-pk").first()
            if issue is None:
                return None
            issue = newsletter_send(issue=issue, actor=_staff_member())
        return issue.pk

    return _with(pk=lookups.once("sent-newsletter", find))


def saved_group(lookups: Lookups, user: User | None) -> Kwargs:
    """A saved group not chosen by equality answers (every staff member may open it)."""
    group = SavedGroup.objects.exclude(criteria__has_key="equality").order_by("pk").first()
    return _with(pk=_pk(group))


def group_message(lookups: Lookups, user: User | None) -> Kwargs:
    """A message to a group (the demo writes a draft); its preview and progress pages."""
    message = GroupMessage.objects.exclude(criteria__has_key="equality").order_by("-pk").first()
    return _with(pk=_pk(message))


def draft_group_message(lookups: Lookups, user: User | None) -> Kwargs:
    message = (
        GroupMessage.objects.exclude(criteria__has_key="equality")
        .filter(sent_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    return _with(pk=_pk(message))
