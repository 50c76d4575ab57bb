"""The contact log: staff add, change and follow up dated notes of calls and conversations;
follow-ups due show on the staff dashboard; the notes are in the person's data download and go
when they leave; nobody but staff reaches them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.contact_log import (
    contact_log_entry_add,
    contact_log_entry_update,
    contact_log_follow_up_done,
    follow_ups_due,
)
from community.data_export import person_data
from community.models import (
    AuditAction,
    AuditEvent,
    ContactLogEntry,
    ContactMethod,
    HandContactMethod,
    Role,
    ToContact,
)
from community.services import cocreator_erase
from tests.community.factories import CoCreatorFactory, UserFactory

TODAY = datetime.date(2026, 11, 17)


@pytest.fixture
def person(db):
    return CoCreatorFactory(full_name="Priya Shah")


def _date(prefix, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _posted(who, **overrides) -> dict:
    data = {
        **_date("contacted_on", timezone.localdate()),
        "method": ContactMethod.PHONE,
        "staff_member": who.pk,
        "summary": "Rang about the carers' group. Will come in January.",
        "follow_up_on_day": "",
        "follow_up_on_month": "",
        "follow_up_on_year": "",
    }
    data.update(overrides)
    return data


def _entry(person, actor, **fields):
    values = {
        "contacted_on": timezone.localdate(),
        "method": ContactMethod.PHONE,
        "summary": "A call",
    }
    values.update(fields)
    return contact_log_entry_add(actor=actor, cocreator=person, **values)


# --- Services ------------------------------------------------------------------------------------


def test_a_note_is_by_the_signed_in_staff_member_unless_told(person, staff_member):
    entry = _entry(person, staff_member)
    assert entry.staff_member == staff_member
    colleague = UserFactory(role=Role.STAFF, full_name="Cal Colleague")
    assert _entry(person, staff_member, staff_member=colleague).staff_member == colleague
    event = AuditEvent.objects.filter(cocreator_id=person.pk, action=AuditAction.CHANGE).last()
    assert event.fields == ["contact_log"] and event.actor == staff_member


def test_a_new_follow_up_date_opens_the_follow_up_again(person, staff_member):
    entry = _entry(person, staff_member, follow_up_on=timezone.localdate())
    assert contact_log_follow_up_done(actor=staff_member, entry=entry)
    assert entry.follow_up_done_at is not None
    assert not contact_log_follow_up_done(actor=staff_member, entry=entry)
    later = timezone.localdate() + datetime.timedelta(days=7)
    changed = contact_log_entry_update(actor=staff_member, entry=entry, follow_up_on=later)
    entry.refresh_from_db()
    assert "follow_up_on" in changed and entry.follow_up_done_at is None


def test_a_note_without_a_follow_up_cannot_be_marked_done(person, staff_member):
    entry = _entry(person, staff_member)
    assert not contact_log_follow_up_done(actor=staff_member, entry=entry)
    entry.refresh_from_db()
    assert entry.follow_up_done_at is None


def test_follow_ups_due_are_those_up_to_today_not_done(person, staff_member):
    due = _entry(person, staff_member, follow_up_on=TODAY)
    overdue = _entry(person, staff_member, follow_up_on=TODAY - datetime.timedelta(days=3))
    _entry(person, staff_member, follow_up_on=TODAY + datetime.timedelta(days=1))
    done = _entry(person, staff_member, follow_up_on=TODAY)
    contact_log_follow_up_done(actor=staff_member, entry=done)
    _entry(person, staff_member)
    assert follow_ups_due(today=TODAY).rows == [overdue, due]
    shortlist = follow_ups_due(today=TODAY, limit=1)
    assert shortlist.rows == [overdue] and shortlist.more


# --- Pages ---------------------------------------------------------------------------------------


def test_staff_add_a_note_from_the_record(staff_client, staff_member_with_mfa, person):
    record = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert reverse("community:contact-log-add", args=[person.pk]) in record.content.decode()
    follow_up = timezone.localdate() + datetime.timedelta(days=2)
    response = staff_client.post(
        reverse("community:contact-log-add", args=[person.pk]),
        _posted(staff_member_with_mfa, **_date("follow_up_on", follow_up)),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/staff/community/{person.pk}/#contact-log")
    entry = ContactLogEntry.objects.get(cocreator=person)
    assert entry.method == ContactMethod.PHONE
    assert entry.staff_member == staff_member_with_mfa
    assert entry.follow_up_on == follow_up
    page = staff_client.get(response["Location"]).content.decode()
    assert "Rang about the carers" in page
    assert "Follow-ups to do" in page


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"summary": "   "}, "Enter what was said"),
        ({"method": ""}, "Choose how you were in touch"),
        ({"method": "pigeon"}, "Choose how you were in touch from the options given"),
        (
            _date("contacted_on", timezone.localdate() + datetime.timedelta(days=5)),
            "Date of the contact must be today or in the past",
        ),
        ({"contacted_on_day": "31", "contacted_on_month": "2"}, "must be a real date"),
        ({"staff_member": "999999"}, "Choose a member of the involvement team from the list"),
    ],
)
def test_bad_input_says_what_is_wrong_and_writes_nothing(
    staff_client, staff_member_with_mfa, person, change, error
):
    response = staff_client.post(
        reverse("community:contact-log-add", args=[person.pk]),
        _posted(staff_member_with_mfa, **change),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert error in text
    assert "nhsuk-error-summary" in text
    assert not ContactLogEntry.objects.exists()


def test_a_co_creator_cannot_be_chosen_as_who_made_the_contact(
    staff_client, staff_member_with_mfa, person, cocreator
):
    response = staff_client.post(
        reverse("community:contact-log-add", args=[person.pk]),
        _posted(staff_member_with_mfa, staff_member=cocreator.pk),
    )
    assert response.status_code == 200
    assert not ContactLogEntry.objects.exists()


def test_staff_change_a_note(staff_client, staff_member_with_mfa, person):
    entry = _entry(person, staff_member_with_mfa)
    url = reverse("community:contact-log-edit", args=[entry.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, _posted(staff_member_with_mfa, method=ContactMethod.IN_PERSON, summary="Met at café")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.method == ContactMethod.IN_PERSON and entry.summary == "Met at café"


def test_a_note_by_someone_who_left_the_team_can_still_be_changed(
    staff_client, staff_member_with_mfa, person
):
    former = UserFactory(role=Role.STAFF, full_name="Former Staff")
    entry = _entry(person, staff_member_with_mfa, staff_member=former)
    former.groups.clear()
    response = staff_client.post(
        reverse("community:contact-log-edit", args=[entry.pk]),
        _posted(former, summary="Corrected note"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Corrected note" and entry.staff_member == former


def test_staff_mark_a_follow_up_done_by_post_only(staff_client, staff_member_with_mfa, person):
    entry = _entry(person, staff_member_with_mfa, follow_up_on=timezone.localdate())
    url = reverse("community:contact-log-follow-up-done", args=[entry.pk])
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url).status_code == 302
    entry.refresh_from_db()
    assert entry.follow_up_done_at is not None


def test_follow_ups_due_are_on_the_dashboard_with_a_link_to_the_person(
    staff_client, staff_member_with_mfa, person
):
    entry = _entry(
        person, staff_member_with_mfa, follow_up_on=timezone.localdate(), summary="Ring back"
    )
    later = CoCreatorFactory(full_name="Not Yet")
    _entry(
        later,
        staff_member_with_mfa,
        follow_up_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    page = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert "Follow-ups due" in page
    assert reverse("community:cocreator-detail", args=[person.pk]) in page
    assert "Priya Shah" in page and "Not Yet" not in page
    response = staff_client.post(
        reverse("community:contact-log-follow-up-done", args=[entry.pk]), {"next": "dashboard"}
    )
    assert response["Location"].endswith("#follow-ups")
    assert (
        "Follow-ups due" not in staff_client.get(reverse("activities:dashboard")).content.decode()
    )


def test_the_dashboard_takes_the_same_queries_for_few_or_many_follow_ups(
    staff_client, staff_member_with_mfa, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(reverse("activities:dashboard"))
        return len(captured)

    people = [CoCreatorFactory(full_name=f"Person {n}") for n in range(25)]
    for person in people[:3]:
        _entry(person, staff_member_with_mfa, follow_up_on=timezone.localdate())
    few = count()
    for person in people[3:]:
        _entry(person, staff_member_with_mfa, follow_up_on=timezone.localdate())
    assert count() == few


# --- Who may -------------------------------------------------------------------------------------


def _urls(person, entry):
    return [
        ("get", reverse("community:contact-log-add", args=[person.pk])),
        ("post", reverse("community:contact-log-add", args=[person.pk])),
        ("get", reverse("community:contact-log-edit", args=[entry.pk])),
        ("post", reverse("community:contact-log-edit", args=[entry.pk])),
        ("post", reverse("community:contact-log-follow-up-done", args=[entry.pk])),
    ]


def test_anonymous_is_sent_to_sign_in(anonymous, person, staff_member):
    entry = _entry(person, staff_member, follow_up_on=timezone.localdate())
    for method, url in _urls(person, entry):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    entry.refresh_from_db()
    assert entry.follow_up_done_at is None


def test_co_creators_and_steering_members_are_refused(
    cocreator_client, steering_client, staff_member, cocreator
):
    from community.services import cocreator_for_user_ensure

    own = cocreator_for_user_ensure(user=cocreator)
    entry = _entry(own, staff_member, follow_up_on=timezone.localdate())
    for client in (cocreator_client, steering_client):
        for method, url in _urls(own, entry):
            assert getattr(client, method)(url).status_code == 403, url
    assert ContactLogEntry.objects.count() == 1


def test_nobody_writes_to_the_log_of_someone_who_left(staff_client, staff_member, person):
    entry = _entry(person, staff_member)
    entry_pk = entry.pk
    cocreator_erase(cocreator=person, actor=staff_member)
    assert not ContactLogEntry.objects.filter(pk=entry_pk).exists()
    response = staff_client.post(
        reverse("community:contact-log-add", args=[person.pk]), _posted(staff_member)
    )
    assert response.status_code == 404
    assert (
        staff_client.get(reverse("community:contact-log-edit", args=[entry_pk])).status_code == 404
    )


def test_a_note_that_does_not_exist_is_404(staff_client):
    assert staff_client.get(reverse("community:contact-log-edit", args=[99999])).status_code == 404


# --- The person's data -----------------------------------------------------------------------


def test_the_data_download_holds_the_contact_log_and_to_contact_list(person, staff_member):
    _entry(person, staff_member, summary="Talked about transport to sessions")
    ToContact.objects.create(
        key=f"t:{person.pk}",
        cocreator=person,
        kind="reminder",
        method=HandContactMethod.POST,
        due_on=timezone.localdate(),
        what_to_say="Your session is on Tuesday",
    )
    data = person_data(person)
    assert [row["summary"] for row in data["community.ContactLogEntry"]] == [
        "Talked about transport to sessions"
    ]
    assert [row["what_to_say"] for row in data["community.ToContact"]] == [
        "Your session is on Tuesday"
    ]
    # Who on the team wrote it is named as the team, not by name.
    assert "Sam Staff" not in str(data["community.ContactLogEntry"])


def test_a_leavers_contact_log_and_to_contact_rows_are_deleted(person, staff_member):
    other = CoCreatorFactory(full_name="Stays Here")
    _entry(person, staff_member)
    _entry(other, staff_member)
    ToContact.objects.create(
        key=f"t:{person.pk}",
        cocreator=person,
        kind="reminder",
        method=HandContactMethod.PHONE,
        due_on=timezone.localdate(),
        what_to_say="Call",
    )
    cocreator_erase(cocreator=person, actor=staff_member)
    assert not ContactLogEntry.objects.filter(cocreator=person).exists()
    assert not ToContact.objects.filter(cocreator=person).exists()
    assert ContactLogEntry.objects.filter(cocreator=other).count() == 1


def test_the_portal_never_shows_the_contact_log(cocreator, staff_member):
    from community.services import cocreator_for_user_ensure

    own = cocreator_for_user_ensure(user=cocreator)
    _entry(own, staff_member, summary="Seemed low today; check in next week")
    client = Client()
    client.force_login(cocreator)
    for name in ("community:portal-story", "community:portal-home"):
        assert "Seemed low" not in client.get(reverse(name)).content.decode()
