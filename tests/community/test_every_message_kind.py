"""Every kind of message the app can send, sent for real to the test backends.

Subjects, text parts and text messages are plain text: what a person typed (an apostrophe, an
ampersand, a "<", quotes) arrives as typed, never as an HTML entity ("How was Carers&#x27; pack").
Every link in every part, the HTML one too, is on SITE_URL, which `make run` makes follow PORT.

The kinds are found, not listed: each `<name>_subject.txt` in an `email` folder that the template
loaders can reach is one. The app's own (`<name>_body.txt`, `_body.html`, maybe `_sms.txt`) go
through the services that queue them and the worker's task (`community.deliver_batch`, run in
this process) to locmem email and the locmem text-message outbox; each has a sender below, and a
new kind fails `test_every_kind_the_app_can_send_has_a_sender_here` until it has one. allauth's
account emails (`<name>_message.txt`) are each sent through our account adapter, and the ones
people meet (sign-in code, password reset) through the real pages too.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django.core import mail
from django.db.models import Q
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from activities.models import SignUpStatus
from activities.services import signup_withdraw
from cocreation.lib.links import absolute_url
from community import notify
from community.messaging.sending import batch_deliver
from community.models import CoCreator, Interest, InterestKind, Message, MessageStatus
from impact.models import ImpactStatus, SurveyKind
from impact.services.surveys import survey_send_due
from reporting.newsletters import digests
from reporting.newsletters import services as newsletters
from tests.activities.bookings.message_senders import BOOKING_SENDERS
from tests.activities.changes.message_senders import CHANGES_SENDERS
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    ProjectFactory,
    SignUpFactory,
)
from tests.capacity.accreditation_applying_message_senders import (
    ACCREDITATION_APPLYING_SENDERS,
)
from tests.capacity.accreditation_panel_message_senders import ACCREDITATION_PANEL_SENDERS
from tests.capacity.mentoring_message_senders import MENTORING_SENDERS
from tests.capacity.partners_message_senders import PARTNERS_SENDERS
from tests.capacity.plans_message_senders import PLANS_SENDERS
from tests.capacity.training_message_senders import TRAINING_SENDERS
from tests.community.factories import CoCreatorFactory, UserFactory
from tests.consultations.discussion_message_senders import DISCUSSION_SENDERS
from tests.consultations.factories import ConsultationFactory
from tests.consultations.outcomes_message_senders import OUTCOMES_SENDERS
from tests.consultations.staff_message_senders import CONSULTATIONS_STAFF_SENDERS
from tests.impact.factories import ImpactRecordFactory, SurveyInvitationFactory
from tests.payments.approval_message_senders import APPROVAL_SENDERS
from tests.payments.claims_message_senders import CLAIMS_SENDERS
from tests.reporting.factories import (
    DigestReaderFactory,
    NewsletterReaderFactory,
    OpportunityFactory,
)

SITE_URL = "http://127.0.0.1:8801"  # what `make run` sets with PORT=8801
# Text as people type it: an apostrophe, an ampersand, a "<" and quotes.
TYPED = 'Carers\' pack & <more> "soon"'
NAME = "Siobhán O'Neil & Co"
ENTITIES = ("&#", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;")
LINK = re.compile(r"https?://[^\s<>\"')\]]+")
SUBJECT, TEXT, HTML, SMS = "subject", "text part", "HTML part", "text message"


# --- Finding every kind ------------------------------------------------------------------------


def _template_dirs() -> list[Path]:
    """Every folder the Django template loaders search, in their order."""
    dirs = []
    for loader in engines["django"].engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):  # the cached loader wraps the others
            dirs += [Path(directory) for directory in inner.get_dirs()]
    return dirs


def _loads(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def message_kinds() -> dict[str, str]:
    """Every message the app can send: template name -> "app" or "account" (allauth's)."""
    kinds = {}
    for directory in _template_dirs():
        if not directory.is_dir():
            continue
        for subject in sorted(directory.glob("**/email/*_subject.txt")):
            name = subject.relative_to(directory).as_posix().removesuffix("_subject.txt")
            if name in kinds:
                continue
            if _loads(f"{name}_body.txt"):
                kinds[name] = "app"
            elif _loads(f"{name}_message.txt"):
                kinds[name] = "account"
            else:
                kinds[name] = "unknown"
    return kinds


KINDS = message_kinds()
APP_KINDS = sorted(name for name, family in KINDS.items() if family == "app")
ACCOUNT_KINDS = sorted(name for name, family in KINDS.items() if family == "account")


# --- People, and what a sender hands back ------------------------------------------------------


def emailer(factory=CoCreatorFactory, **fields) -> CoCreator:
    """Someone who chose email, whose name has an apostrophe and an ampersand."""
    return factory(full_name=NAME, email="siobhan@example.org", prefers_email=True, **fields)


def texter(factory=CoCreatorFactory, **fields) -> CoCreator:
    """Someone who chose text messages only."""
    return factory(
        full_name="Tomás D'Arcy & family",
        email="",
        prefers_email=False,
        prefers_sms=True,
        phone="07700 900123",
        **fields,
    )


def _send_place_freed(staff_client, host):
    activity = ActivityFactory(title=TYPED, venue=TYPED, capacity=1)
    booked = SignUpFactory(activity=activity, status=SignUpStatus.BOOKED)
    SignUpFactory(activity=activity, cocreator=emailer(), status=SignUpStatus.WAITING)
    signup_withdraw(signup=booked)


def _send_invite(staff_client, host):
    person = emailer()
    url = reverse("community:cocreator-invite", args=[person.pk])
    assert staff_client.post(url, headers={"host": host}).status_code == 302


def _send_published(staff_client, host):
    record = ImpactRecordFactory(
        title=TYPED, you_said=TYPED, we_did=TYPED, we_could_not=TYPED, status=ImpactStatus.CHECKED
    )
    record.contributors.add(emailer())
    url = reverse("impact:record-publish", args=[record.pk])
    assert staff_client.post(url, headers={"host": host}).status_code == 302


def _send_thanks(staff_client, host):
    # Someone who came to the project's sessions, but is not a contributor, is thanked.
    project = ProjectFactory(title=TYPED)
    activity = ActivityFactory(
        title=TYPED, project=project, starts_at=timezone.now() - dt.timedelta(days=30)
    )
    for person in (emailer(), texter()):
        AttendanceFactory(activity=activity, cocreator=person)
    record = ImpactRecordFactory(
        title=TYPED,
        you_said=TYPED,
        we_did=TYPED,
        we_could_not=TYPED,
        status=ImpactStatus.CHECKED,
        project=project,
    )
    url = reverse("impact:record-publish", args=[record.pk])
    assert staff_client.post(url, headers={"host": host}).status_code == 302


def _experience_survey_due():
    activity = ActivityFactory(title=TYPED, starts_at=timezone.now() - dt.timedelta(days=3))
    return SurveyInvitationFactory(
        cocreator=emailer(),
        kind=SurveyKind.EXPERIENCE,
        activity=activity,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )


def _send_survey_invite(staff_client, host):
    _experience_survey_due()
    survey_send_due(now=timezone.now())


def _send_survey_reminder(staff_client, host):
    _send_survey_invite(staff_client, host)
    batch_deliver(Message.objects.filter(kind="survey_invite").values_list("pk", flat=True))
    assert Message.objects.filter(kind="survey_invite", status=MessageStatus.SENT).exists()
    survey_send_due(now=timezone.now() + dt.timedelta(days=8))


def _send_digest(staff_client, host):
    area, _ = Interest.objects.get_or_create(name=TYPED, kind=InterestKind.SERVICE_AREA)
    last = timezone.now() - dt.timedelta(days=7)
    emailer(DigestReaderFactory, interests=[area], last_digest_at=last)
    texter(DigestReaderFactory, interests=[area], last_digest_at=last)
    OpportunityFactory(
        title=TYPED, venue=TYPED, service_area=area, created=timezone.now() - dt.timedelta(days=2)
    )
    ImpactRecordFactory(published=True, title=TYPED, you_said=TYPED, we_did=TYPED)
    ConsultationFactory(title=TYPED, summary=TYPED, service_area=area)  # "Have your say online"
    digests.digests_send(now=timezone.now())


def _send_newsletter(staff_client, host):
    emailer(NewsletterReaderFactory)
    texter(NewsletterReaderFactory)
    ActivityFactory(title=TYPED, venue=TYPED)
    ConsultationFactory(title=TYPED, summary=TYPED)  # "Have your say online"
    issue = newsletters.newsletter_save(
        issue=None,
        actor=None,
        title=TYPED,
        intro=TYPED,
        sections=[(TYPED, TYPED)],
        highlights=[ImpactRecordFactory(published=True, title=TYPED, we_did=TYPED)],
    )
    newsletters.newsletter_send(issue=issue)


def _send_group_message(staff_client, host):
    from reporting.groups import services as groups

    emailer(relationships=["carer"])
    texter(relationships=["carer"])
    message = groups.group_message_save(
        message=None,
        actor=None,
        criteria={"relationships": ["carer"]},
        saved_group=None,
        channel="both",
        subject=TYPED,
        body=TYPED,
        sms_body=TYPED,
    )
    groups.group_message_send(message=message, actor=None)


# The app's own kinds, by template, and how each is sent in real life.
SENDERS = {
    "activities/email/place_freed": _send_place_freed,
    "community/email/invite": _send_invite,
    "impact/email/published": _send_published,
    "impact/email/thanks": _send_thanks,
    "impact/email/survey_invite": _send_survey_invite,
    "impact/email/survey_reminder": _send_survey_reminder,
    "reporting/email/digest": _send_digest,
    "reporting/email/newsletter": _send_newsletter,
    "reporting/email/group_message": _send_group_message,
}
# Booking confirmations, reminders and the place that came up (to an emailer and a texter each).
SENDERS.update(BOOKING_SENDERS)
# Changes of time, place or joining link, and cancelling (activities/changes).
SENDERS.update(CHANGES_SENDERS)
# A paid session's draft claim is ready (payments/claims).
SENDERS.update(CLAIMS_SENDERS)
# A claim returned for changes, and paid (payments/approval).
SENDERS.update(APPROVAL_SENDERS)
# The refresher of a course due (capacity/training/notices.py).
SENDERS.update(TRAINING_SENDERS)
# A development plan's review a week away (capacity/plans/notices.py).
SENDERS.update(PLANS_SENDERS)
# Mentoring pairs proposed, started and ended, and peer-group invitations (capacity/mentoring).
SENDERS.update(MENTORING_SENDERS)
# A partner's login given, and a request for support answered (capacity/partners), to accounts.
SENDERS.update(PARTNERS_SENDERS)
# A service's application for accreditation submitted: a receipt to each contact.
SENDERS.update(ACCREDITATION_APPLYING_SENDERS)
# The panel's decision and the renewal reminder, to each contact of the service (accounts).
SENDERS.update(ACCREDITATION_PANEL_SENDERS)
# A consultation shared with its audience (consultations/staff): a personal link or its page.
SENDERS.update(CONSULTATIONS_STAFF_SENDERS)
# "We asked, you said, we did" published: everyone who took part told once (consultations/outcomes).
SENDERS.update(OUTCOMES_SENDERS)
# An idea or post with crisis words: the consultation's owner told once, no words from it.
SENDERS.update(DISCUSSION_SENDERS)
# Kinds whose links come from the address the staff member's request came in on, not SITE_URL:
# the view passes `request.build_absolute_uri(...)` to the service (the one line to change).


# --- Checking what was sent --------------------------------------------------------------------


def _parts(email) -> list[tuple[str, str]]:
    parts = [(SUBJECT, email.subject), (TEXT, email.body)]
    parts += [
        (HTML, content) for content, mimetype in email.alternatives if mimetype == "text/html"
    ]
    return parts


def entity_problems(where: str, kind: str, text: str) -> list[str]:
    return [f"{where} of {kind} has {entity!r}: {text!r}" for entity in ENTITIES if entity in text]


def link_problems(where: str, kind: str, text: str) -> list[str]:
    return [
        f"{where} of {kind} links off SITE_URL: {link}"
        for link in LINK.findall(text)
        if not (link == SITE_URL or link.startswith(SITE_URL + "/"))
    ]


def _keys_of(name: str) -> set[str]:
    rows = Message.objects.filter(Q(template=name) | Q(broadcast__template=name))
    return set(rows.values_list("key", flat=True))


def send_app_kind(name, staff_client, capture, host) -> tuple[list, list]:
    """Send one kind of the app's messages for real; its emails and text messages."""
    mail.outbox.clear()
    notify.sms_outbox.clear()
    with capture(execute=True):  # after commit: the hand-over to the (eager) delivery task
        SENDERS[name](staff_client, host)
    failed = Message.objects.filter(status=MessageStatus.FAILED).values_list(
        "last_error", flat=True
    )
    assert not failed, list(failed)
    keys = _keys_of(name)
    emails = [email for email in mail.outbox if email.extra_headers.get("X-Message-Key") in keys]
    texts = [sms for sms in notify.sms_outbox if sms["reference"] in keys]
    assert emails, f"No email of {name} was sent"
    if _loads(f"{name}_sms.txt"):
        assert texts, f"No text message of {name} was sent"
    return emails, texts


@pytest.fixture
def on_site_url(settings):
    settings.SITE_URL = SITE_URL
    notify.sms_outbox.clear()
    yield
    notify.sms_outbox.clear()


# --- The tests ---------------------------------------------------------------------------------


def test_every_kind_the_app_can_send_has_a_sender_here():
    assert "impact/email/survey_invite" in APP_KINDS and "account/email/login_code" in ACCOUNT_KINDS
    assert not [name for name, family in KINDS.items() if family == "unknown"], (
        "An email subject template with neither a _body.txt nor a _message.txt beside it"
    )
    assert sorted(SENDERS) == APP_KINDS, "Add a sender for each new kind of message to SENDERS"


@pytest.mark.parametrize("name", APP_KINDS)
def test_no_subject_text_part_or_text_message_has_an_html_entity(
    name, on_site_url, staff_client, django_capture_on_commit_callbacks
):
    emails, texts = send_app_kind(
        name, staff_client, django_capture_on_commit_callbacks, "testserver"
    )
    problems = []
    for email in emails:
        for where, text in _parts(email):
            if where != HTML:
                problems += entity_problems(where, name, text)
    for sms in texts:
        problems += entity_problems(SMS, name, sms["body"])
    assert not problems, "\n".join(problems)
    # What people typed arrives as typed (the HTML part escapes it, as it should).
    sent = "\n".join([e.subject + e.body for e in emails] + [t["body"] for t in texts])
    assert "'" in sent and "&" in sent


@pytest.mark.parametrize("name", APP_KINDS)
def test_every_link_in_every_part_is_on_site_url(
    name, on_site_url, staff_client, django_capture_on_commit_callbacks
):
    # Staff may reach the site on another address (here the test client's own): the links in
    # what a worker sends later are still on SITE_URL.
    emails, texts = send_app_kind(
        name, staff_client, django_capture_on_commit_callbacks, "testserver"
    )
    problems = []
    for email in emails:
        for where, text in _parts(email):
            problems += link_problems(where, name, text)
        # An account's message (account_notify: a partner, a service team) has no unsubscribe
        # header; every co-creator's has one.
        unsubscribe = email.extra_headers.get("List-Unsubscribe")
        if unsubscribe is None:
            assert not Message.objects.filter(
                key=email.extra_headers["X-Message-Key"], user=None
            ).exists(), f"An email of {name} to a co-creator has no List-Unsubscribe header"
        else:
            problems += link_problems("List-Unsubscribe", name, unsubscribe)
    for sms in texts:
        problems += link_problems(SMS, name, sms["body"])
    assert not problems, "\n".join(problems)
    assert any(LINK.search(email.body) for email in emails)


# --- allauth's account emails ------------------------------------------------------------------


def _account_context(user) -> dict:
    """What allauth gives its email templates, with typed text wherever a person could type."""
    return {
        "user": user,
        "email": user.email,
        "username": TYPED,
        "code": "AB3-7XZ",
        "key": "key-123",
        "activate_url": absolute_url("/accounts/confirm-email/key-123/"),
        "password_reset_url": absolute_url("/accounts/password/reset/key/1-key-123/"),
        "signup_url": absolute_url(reverse("account_signup")),
        "from_email": "old@example.org",
        "to_email": user.email,
        "deleted_email": "old@example.org",
        "ip": "127.0.0.1",
        "user_agent": TYPED,
        "timestamp": timezone.now(),
    }


@pytest.mark.parametrize("name", ACCOUNT_KINDS)
def test_every_account_email_is_plain_text_with_links_on_site_url(name, on_site_url, settings, db):
    settings.SERVICE_NAME = TYPED  # in every account email's subject and sign-off
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{TYPED}] "
    user = UserFactory(full_name=NAME, email="siobhan@example.org")
    request = RequestFactory().get("/", headers={"host": SITE_URL.removeprefix("http://")})
    request.user = user
    mail.outbox.clear()
    with allauth_context.request_context(request):
        get_adapter(request).send_mail(name, user.email, _account_context(user))
    (email,) = mail.outbox
    problems = []
    for where, text in _parts(email):
        if where != HTML:
            problems += entity_problems(where, name, text)
        problems += link_problems(where, name, text)
    assert not problems, "\n".join(problems)
    assert TYPED in email.subject


@pytest.mark.parametrize(
    ("page", "known", "kind"),
    [
        ("account_request_login_code", True, "login_code"),
        ("account_reset_password", True, "password_reset_key"),
        ("account_reset_password", False, "unknown_account"),
    ],
)
def test_the_account_emails_people_ask_for_are_plain_text_with_links_on_site_url(
    page, known, kind, on_site_url, settings, client, db
):
    settings.SERVICE_NAME = TYPED
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{TYPED}] "
    user = UserFactory(full_name=NAME, email="siobhan@example.org")
    mail.outbox.clear()
    email_address = user.email if known else "nobody@example.org"
    client.post(reverse(page), {"email": email_address}, headers={"host": "testserver"})
    assert len(mail.outbox) == 1, f"{kind} was not sent"
    problems = []
    for where, text in _parts(mail.outbox[0]):
        if where != HTML:
            problems += entity_problems(where, kind, text)
        problems += link_problems(where, kind, text)
    assert not problems, "\n".join(problems)
