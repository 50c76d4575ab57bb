"""Reference letters: staff open a draft written from the person's record, edit and save it
(audited on the record), find it on the record, change it and print it. Staff only; nothing is
written for someone who has left; a letter is in the person's story for staff, never in theirs;
leaving deletes it."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import AttendanceRole, EngagementLevel
from community.erasure import DELETE, UNLINK, erasure_policies
from community.models import AuditAction, AuditEvent, CoCreatorStatus
from community.services import cocreator_erase, cocreator_for_user_ensure
from community.story import story_page
from payments.models import ReferenceLetter
from payments.recognition.selectors import letter_draft
from payments.recognition.services import LetterRefused, reference_letter_save
from tests.activities.factories import ActivityFactory, AttendanceFactory, ProjectFactory
from tests.community.factories import CoCreatorFactory

from .factories import uk

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = CoCreatorFactory(full_name="Priya Shah")
    food = ProjectFactory(title="Better hospital food")
    AttendanceFactory(
        activity=ActivityFactory(title="Menu tasting", project=food, starts_at=uk(2024, 11, 4)),
        cocreator=person,
        hours=Decimal("2"),
    )
    AttendanceFactory(
        activity=ActivityFactory(
            title="Recipe design",
            project=food,
            level=EngagementLevel.COCREATE,
            starts_at=uk(2025, 2, 1),
        ),
        cocreator=person,
        hours=Decimal("3.5"),
        role=AttendanceRole.CO_FACILITATOR,
    )
    return person


@pytest.fixture
def letter(person, staff_member):
    return reference_letter_save(
        cocreator=person,
        addressed_to="Kent College",
        body="Priya has been a great help.",
        actor=staff_member,
    )


def _add(person):
    return f"/staff/payments/people/{person.pk}/reference-letters/add/"


def _edit(letter):
    return f"/staff/payments/reference-letters/{letter.pk}/"


def _pdf(letter):
    return f"/staff/payments/reference-letters/{letter.pk}/letter.pdf"


def test_the_draft_is_written_from_the_persons_record(person, staff_member):
    draft = letter_draft(person, author=staff_member)
    for words in (
        "Priya Shah",
        "since November 2024",
        "2 sessions",
        "5.5 hours",
        "involve (1 session) and co-create (1 session)",
        "participant and co-facilitator",
        "Better hospital food",
        "Sam Staff",
        "[Add what you know",
    ):
        assert words in draft, words


def test_the_add_page_opens_with_the_draft_in_the_form(staff_client, person):
    page = staff_client.get(_add(person))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Write a reference letter" in text
    assert "Better hospital food" in text
    assert "since November 2024" in text
    assert not ReferenceLetter.objects.exists()


def test_saving_writes_the_letter_by_whoever_wrote_it_and_audits_it(
    staff_client, staff_member, person
):
    response = staff_client.post(
        _add(person), {"addressed_to": "Kent College", "body": "Priya is reliable & kind."}
    )
    letter = ReferenceLetter.objects.get()
    assert response.status_code == 302 and response.url == _edit(letter)
    assert (letter.cocreator, letter.written_by) == (person, staff_member)
    assert (letter.addressed_to, letter.body) == ("Kent College", "Priya is reliable & kind.")
    event = AuditEvent.objects.get(
        cocreator_id=person.pk, action=AuditAction.CREATE, fields=["reference_letter"]
    )
    assert event.fields == ["reference_letter"] and event.actor == staff_member


def test_an_empty_letter_is_refused_with_a_clear_error_and_nothing_written(staff_client, person):
    page = staff_client.post(_add(person), {"addressed_to": "x" * 201, "body": "   "})
    assert page.status_code == 200
    text = page.content.decode()
    assert "nhsuk-error-summary" in text
    assert "Write the letter" in text
    assert "Who the letter is to must be 200 characters or fewer" in text
    assert "<title>Error: " in text
    assert not ReferenceLetter.objects.exists()
    assert not AuditEvent.objects.filter(
        cocreator_id=person.pk, fields=["reference_letter"]
    ).exists()


def test_the_letter_is_listed_on_the_record_with_its_links(staff_client, person, letter):
    text = staff_client.get(reverse("community:cocreator-detail", args=[person.pk])).content
    text = text.decode()
    assert "Recognition" in text
    assert "Reference letter to Kent College" in text
    assert _edit(letter) in text and _pdf(letter) in text
    assert _add(person) in text
    assert f"/staff/payments/people/{person.pk}/certificate.pdf" in text


def test_staff_change_a_letter_and_the_change_is_audited(staff_client, person, letter):
    page = staff_client.get(_edit(letter))
    assert "Priya has been a great help." in page.content.decode()
    response = staff_client.post(_edit(letter), {"addressed_to": "", "body": "New words."})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.addressed_to, letter.body) == ("", "New words.")
    assert AuditEvent.objects.filter(
        cocreator_id=person.pk, action=AuditAction.CHANGE, fields=["reference_letter"]
    ).exists()


def test_saving_with_no_change_audits_nothing(staff_client, person, letter):
    staff_client.post(
        _edit(letter), {"addressed_to": "Kent College", "body": "Priya has been a great help."}
    )
    assert not AuditEvent.objects.filter(cocreator_id=person.pk, action=AuditAction.CHANGE).exists()


def test_the_letter_prints_as_a_pdf(staff_client, letter):
    response = staff_client.get(_pdf(letter))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Reference for Priya Shah" in text
    assert "Kent College" in text and "Priya has been a great help." in text


def test_nothing_is_written_for_someone_who_left(staff_client, staff_member, person, letter):
    person.status = CoCreatorStatus.LEFT
    person.save()
    assert staff_client.get(_add(person)).status_code == 404
    assert staff_client.post(_add(person), {"body": "x"}).status_code == 404
    assert staff_client.get(_edit(letter)).status_code == 404
    assert staff_client.post(_edit(letter), {"body": "x"}).status_code == 404
    with pytest.raises(LetterRefused):
        reference_letter_save(cocreator=person, addressed_to="", body="x", actor=staff_member)
    letter.refresh_from_db()
    assert letter.body == "Priya has been a great help."


def test_leaving_deletes_the_persons_letters(staff_member, person, letter):
    cocreator_erase(cocreator=person, actor=staff_member)
    assert not ReferenceLetter.objects.exists()


def test_leaving_deletes_letters_and_only_unlinks_the_staff_who_wrote_them():
    policies = erasure_policies()
    assert policies[("payments.ReferenceLetter", "cocreator")].action == DELETE
    assert policies[("payments.ReferenceLetter", "written_by")].action == UNLINK


def test_an_unknown_letter_or_person_is_404(staff_client):
    assert staff_client.get("/staff/payments/reference-letters/999999/").status_code == 404
    assert (
        staff_client.get("/staff/payments/reference-letters/999999/letter.pdf").status_code == 404
    )
    url = "/staff/payments/people/999999/reference-letters/add/"
    assert staff_client.get(url).status_code == 404


def _all_urls(person, letter):
    return [_add(person), _edit(letter), _pdf(letter)]


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, person, letter):
    for url in _all_urls(person, letter):
        response = anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_cocreators_and_steering_members_are_refused_even_their_own(
    cocreator, cocreator_client, steering_client, staff_member
):
    me = cocreator_for_user_ensure(user=cocreator)
    mine = reference_letter_save(cocreator=me, addressed_to="", body="About me", actor=staff_member)
    for url in _all_urls(me, mine):
        assert cocreator_client.get(url).status_code == 403, url
        assert steering_client.get(url).status_code == 403, url
    assert cocreator_client.post(_edit(mine), {"body": "Changed"}).status_code == 403
    mine.refresh_from_db()
    assert mine.body == "About me"


def test_the_letter_is_in_the_staff_story_and_never_the_persons(
    cocreator, cocreator_client, staff_member
):
    me = cocreator_for_user_ensure(user=cocreator)
    reference_letter_save(cocreator=me, addressed_to="Kent College", body="b", actor=staff_member)
    staff_rows = story_page(me, for_staff=True).rows
    assert "Reference letter to Kent College" in {row.title for row in staff_rows}
    assert "Reference letter" not in {row.kind for row in story_page(me, for_staff=False).rows}
    page = cocreator_client.get(reverse("community:portal-story")).content.decode()
    assert "Kent College" not in page


def test_the_record_takes_the_same_queries_for_1_or_10_letters(staff_client, staff_member):
    few, many = CoCreatorFactory(full_name="Few Letters"), CoCreatorFactory(full_name="Many")
    reference_letter_save(cocreator=few, addressed_to="A", body="b", actor=staff_member)
    for n in range(10):
        reference_letter_save(cocreator=many, addressed_to=f"A{n}", body="b", actor=staff_member)

    def queries(who):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse("community:cocreator-detail", args=[who.pk]))
        assert response.status_code == 200
        return len(captured)

    assert queries(few) == queries(many)
