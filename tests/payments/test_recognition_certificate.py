"""The certificate of involvement: a PDF with the person's name, since when, the sessions they
came to (the 30 most recent, and a count of the rest), their hours and sessions by level,
signed by the team; a page that says so when there is nothing to certify; the person's own in
the portal, anyone's for staff, nobody else's."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import AttendanceRole, AttendanceStatus, EngagementLevel
from community.models import CoCreatorStatus
from community.services import cocreator_for_user_ensure
from payments.recognition.selectors import CERTIFICATE_SESSIONS, certificate_for
from tests.activities.factories import ActivityFactory, AttendanceFactory
from tests.community.factories import CoCreatorFactory

from .factories import uk

pytestmark = pytest.mark.django_db

PORTAL = "/portal/payments/certificate.pdf"


def _attended(person, *, title, when, level=EngagementLevel.INVOLVE, hours="2.50", **fields):
    activity = ActivityFactory(title=title, starts_at=when, level=level)
    return AttendanceFactory(activity=activity, cocreator=person, hours=Decimal(hours), **fields)


@pytest.fixture
def person():
    person = CoCreatorFactory(full_name="Priya Shah")
    _attended(person, title="Menu tasting", when=uk(2025, 3, 4, 10))
    _attended(
        person,
        title="Garden planning",
        when=uk(2025, 6, 10, 14),
        level=EngagementLevel.COCREATE,
        hours="3",
        role=AttendanceRole.CO_FACILITATOR,
    )
    # Not attended: on nothing.
    _attended(
        person, title="Missed session", when=uk(2025, 7, 1), status=AttendanceStatus.DID_NOT_ATTEND
    )
    return person


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_certificate_says_who_since_when_what_and_how_long(person):
    certificate = certificate_for(person)
    assert certificate.sessions_count == 2
    assert certificate.hours == Decimal("5.50")
    assert certificate.since == datetime.date(2025, 3, 4)
    assert [s.title for s in certificate.sessions] == ["Garden planning", "Menu tasting"]
    assert [(r.level, r.sessions) for r in certificate.by_level] == [
        ("Involve", 1),
        ("Co-create", 1),
    ]
    assert certificate.team == "The involvement team"


def test_staff_download_a_persons_certificate_as_a_pdf(staff_client, person):
    text = _pdf_text(staff_client.get(f"/staff/payments/people/{person.pk}/certificate.pdf"))
    for words in (
        "Certificate of involvement",
        "Priya Shah",
        "4 March 2025",
        "Menu tasting",
        "Garden planning",
        "Co-facilitator",
        "Co-create",
        "5.5 hours",
        "The involvement team",
        f"Issued on {timezone.localdate().day}",
    ):
        assert words in text, words
    assert "Missed session" not in text


def test_the_team_signing_it_comes_from_a_setting_when_there_is_one(settings, staff_client, person):
    settings.INVOLVEMENT_TEAM_NAME = "The Patient Voice Team"
    text = _pdf_text(staff_client.get(f"/staff/payments/people/{person.pk}/certificate.pdf"))
    assert "The Patient Voice Team" in text


def test_only_the_30_most_recent_sessions_are_listed_and_the_rest_counted(db):
    person = CoCreatorFactory(full_name="Long Server")
    start = uk(2024, 1, 1, 10)
    for n in range(CERTIFICATE_SESSIONS + 5):
        _attended(person, title=f"Session {n:02d}", when=start + datetime.timedelta(days=n))
    certificate = certificate_for(person)
    assert certificate.sessions_count == 35
    assert len(certificate.sessions) == 30
    assert certificate.sessions[0].title == "Session 34"
    assert certificate.more_sessions == 5


def test_the_certificate_takes_the_same_queries_for_2_or_40_sessions(db):
    few, many = CoCreatorFactory(), CoCreatorFactory()
    for n in range(2):
        _attended(few, title=f"Few {n}", when=uk(2025, 1, 1 + n))
    for n in range(40):
        _attended(many, title=f"Many {n}", when=uk(2025, 1, 1) + datetime.timedelta(days=n))

    def queries(who):
        with CaptureQueriesContext(connection) as captured:
            certificate_for(who)
        return len(captured)

    assert queries(few) == queries(many) == 3


def test_someone_who_attended_nothing_gets_a_page_that_says_so(staff_client):
    person = CoCreatorFactory(full_name="New Person")
    response = staff_client.get(f"/staff/payments/people/{person.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "no sessions recorded as attended" in response.content.decode()


def test_the_person_downloads_their_own_certificate(cocreator, cocreator_client):
    me = cocreator_for_user_ensure(user=cocreator)
    _attended(me, title="My session", when=uk(2025, 5, 5))
    text = _pdf_text(cocreator_client.get(PORTAL))
    assert "My session" in text and me.full_name in text


def test_the_portal_says_plainly_when_there_is_nothing_yet(cocreator_client):
    response = cocreator_client.get(PORTAL)
    assert response.status_code == 200
    assert "You have not taken part in an activity yet" in response.content.decode()


def test_a_cocreator_never_sees_anyone_elses(cocreator, cocreator_client, person):
    cocreator_for_user_ensure(user=cocreator)
    response = cocreator_client.get(PORTAL)
    assert "Priya Shah" not in response.content.decode()
    url = f"/staff/payments/people/{person.pk}/certificate.pdf"
    assert cocreator_client.get(url).status_code == 403


def test_outsiders_are_refused(anonymous, steering_client, staff_client, person):
    staff_url = f"/staff/payments/people/{person.pk}/certificate.pdf"
    for url in (PORTAL, staff_url):
        response = anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        assert steering_client.get(url).status_code == 403
    assert staff_client.get(PORTAL).status_code == 403
    assert staff_client.get("/staff/payments/people/999999/certificate.pdf").status_code == 404
    assert staff_client.post(staff_url).status_code == 405


def test_there_is_no_certificate_for_someone_who_left(staff_client, person):
    person.status = CoCreatorStatus.LEFT
    person.save()
    url = f"/staff/payments/people/{person.pk}/certificate.pdf"
    assert staff_client.get(url).status_code == 404
    record = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert url not in record.content.decode()
