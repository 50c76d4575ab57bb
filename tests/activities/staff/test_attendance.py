"""Staff record a whole session's attendance on one page, and add people who walked in."""

from decimal import Decimal

import pytest

from activities.models import (
    ActivityStatus,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    SignUpStatus,
)
from activities.services import AttendanceLine, attendance_record_session
from community.models import AuditAction, AuditEvent, CoCreator, CoCreatorStatus
from tests.community.factories import CoCreatorFactory

from .conftest import book_past, summary_errors


def url(activity, suffix=""):
    return f"/staff/activities/{activity.pk}/attendance/{suffix}"


def register_post(response, statuses: dict, **changes) -> dict:
    """What the browser would send back: the register as shown, with a status chosen per name.

    `changes` maps "<row>-<field>" (for example "0-hours") to a new value.
    """
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": str(formset.max_num),
    }
    for i, form in enumerate(formset.forms):
        data[f"form-{i}-cocreator"] = str(form.initial["cocreator"])
        data[f"form-{i}-hours"] = form.initial["hours"]
        data[f"form-{i}-role"] = form.initial["role"]
        status = statuses.get(form.person.full_name, form.initial["status"])
        if status:
            data[f"form-{i}-status"] = status
    for key, value in changes.items():
        data[f"form-{key}"] = value
    return data


@pytest.fixture
def booked(past_activity):
    """Three people booked on a session that ran for two and a half hours."""
    people = [
        CoCreatorFactory(full_name="Ann Able"),
        CoCreatorFactory(full_name="Ben Bell"),
        CoCreatorFactory(full_name="Cy Cole"),
    ]
    book_past(past_activity, *people)
    return people


def test_the_register_lists_everyone_booked_with_the_session_length_as_hours(
    staff_client, past_activity, booked
):
    response = staff_client.get(url(past_activity))
    html = response.content.decode()
    forms = response.context["formset"].forms
    assert [f.person.full_name for f in forms] == ["Ann Able", "Ben Bell", "Cy Cole"]
    assert [f.initial["hours"] for f in forms] == ["2.50"] * 3
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Ann Able</legend>' in (
        html
    )
    assert 'Hours<span class="nhsuk-u-visually-hidden"> for Ann Able</span>' in html
    for choice in ("Attended", "Did not attend", "Sent apologies"):
        assert choice in html
    for role in ("Participant", "Co-facilitator", "Lead", "Champion"):
        assert role in html


def test_a_whole_session_is_recorded_in_one_post_with_default_hours(
    staff_client, past_activity, booked, staff_member_with_mfa
):
    response = staff_client.get(url(past_activity))
    data = register_post(
        response,
        {"Ann Able": "attended", "Ben Bell": "did_not_attend", "Cy Cole": "apologies"},
        **{"0-role": "co_facilitator"},
    )
    response = staff_client.post(url(past_activity), data)
    assert response.status_code == 302
    assert response.url == f"/staff/activities/{past_activity.pk}/"
    rows = {
        a.cocreator.full_name: a
        for a in Attendance.objects.filter(activity=past_activity).select_related("cocreator")
    }
    assert {name: (a.status, a.hours, a.role) for name, a in rows.items()} == {
        "Ann Able": ("attended", Decimal("2.50"), "co_facilitator"),
        "Ben Bell": ("did_not_attend", Decimal("0.00"), "participant"),
        "Cy Cole": ("apologies", Decimal("0.00"), "participant"),
    }
    assert all(a.recorded_by == staff_member_with_mfa for a in rows.values())
    assert not any(a.walked_in for a in rows.values())
    past_activity.refresh_from_db()
    assert past_activity.status == ActivityStatus.DONE
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, fields=["attendance"]).count() == 3


def test_empty_hours_mean_the_whole_session(staff_client, past_activity, booked):
    response = staff_client.get(url(past_activity))
    data = register_post(
        response,
        dict.fromkeys(("Ann Able", "Ben Bell", "Cy Cole"), "attended"),
        **{"0-hours": "", "1-hours": "1.25", "2-hours": "0"},
    )
    staff_client.post(url(past_activity), data)
    hours = dict(
        Attendance.objects.filter(activity=past_activity).values_list(
            "cocreator__full_name", "hours"
        )
    )
    assert hours == {
        "Ann Able": Decimal("2.50"),
        "Ben Bell": Decimal("1.25"),
        "Cy Cole": Decimal("0.00"),
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"1-hours": "25"}, "Hours for Ben Bell must be between 0 and 24"),
        ({"1-hours": "-1"}, "Hours for Ben Bell must be between 0 and 24"),
        ({"1-hours": "two"}, "Hours for Ben Bell must be a number, like 1.5"),
        ({"1-hours": "1.255"}, "Hours for Ben Bell can have up to 2 decimal places, like 1.25"),
        ({"1-hours": "NaN"}, "Hours for Ben Bell must be a number, like 1.5"),
        ({"1-role": "boss"}, "Choose Ben Bell's role from the list"),
        (
            {"1-status": "maybe"},
            "Choose whether Ben Bell attended, did not attend or sent apologies",
        ),
    ],
)
def test_one_bad_row_keeps_the_whole_session_unsaved(
    staff_client, past_activity, booked, changes, message
):
    response = staff_client.get(url(past_activity))
    data = register_post(response, dict.fromkeys(("Ann Able", "Ben Bell", "Cy Cole"), "attended"))
    data.update({f"form-{k}": v for k, v in changes.items()})
    response = staff_client.post(url(past_activity), data)
    assert response.status_code == 200
    assert summary_errors(response) == [message]
    assert not Attendance.objects.exists()
    # What was typed is still there to correct.
    assert 'value="attended" checked' in response.content.decode()


def test_every_missing_answer_is_listed_by_name(staff_client, past_activity, booked):
    response = staff_client.get(url(past_activity))
    data = register_post(response, {"Ben Bell": "attended"})
    response = staff_client.post(url(past_activity), data)
    assert summary_errors(response) == [
        "Choose whether Ann Able attended, did not attend or sent apologies",
        "Choose whether Cy Cole attended, did not attend or sent apologies",
    ]
    assert 'href="#id_form-0-status_0"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_row_for_someone_not_on_the_register_is_refused(staff_client, past_activity, booked):
    stranger = CoCreatorFactory(full_name="Sid Stranger")
    response = staff_client.get(url(past_activity))
    data = register_post(response, dict.fromkeys(("Ann Able", "Ben Bell", "Cy Cole"), "attended"))
    data["form-2-cocreator"] = str(stranger.pk)
    response = staff_client.post(url(past_activity), data)
    assert response.status_code == 200
    assert "Someone on this register is no longer booked" in summary_errors(response)[0]
    assert not Attendance.objects.exists()


def test_the_same_person_twice_is_refused(staff_client, past_activity, booked):
    response = staff_client.get(url(past_activity))
    data = register_post(response, dict.fromkeys(("Ann Able", "Ben Bell", "Cy Cole"), "attended"))
    data["form-1-cocreator"] = data["form-0-cocreator"]
    response = staff_client.post(url(past_activity), data)
    assert summary_errors(response) == [
        "Ann Able is on the register twice. Open the register again."
    ]
    assert not Attendance.objects.exists()


def test_re_recording_updates_the_same_rows(staff_client, past_activity, booked):
    first = register_post(
        staff_client.get(url(past_activity)),
        dict.fromkeys(("Ann Able", "Ben Bell", "Cy Cole"), "attended"),
    )
    staff_client.post(url(past_activity), first)
    response = staff_client.get(url(past_activity))
    # The register now starts from what was recorded.
    assert [f.initial["status"] for f in response.context["formset"].forms] == ["attended"] * 3
    again = register_post(
        response, {"Cy Cole": "did_not_attend"}, **{"0-hours": "1", "0-role": "lead"}
    )
    staff_client.post(url(past_activity), again)
    rows = dict(
        Attendance.objects.filter(activity=past_activity)
        .values_list("cocreator__full_name", "status", "hours", "role")
        .values_list("cocreator__full_name", "status")
    )
    assert rows == {"Ann Able": "attended", "Ben Bell": "attended", "Cy Cole": "did_not_attend"}
    ann = Attendance.objects.get(activity=past_activity, cocreator=booked[0])
    assert (ann.hours, ann.role) == (Decimal("1.00"), AttendanceRole.LEAD)
    assert Attendance.objects.count() == 3
    # Only the two people whose record changed the second time are audited again.
    assert AuditEvent.objects.filter(fields=["attendance"]).count() == 3 + 2


def test_someone_recorded_but_no_longer_booked_stays_on_the_register(
    staff_client, past_activity, booked, staff_member
):
    walk_in = CoCreatorFactory(full_name="Wendy Walker")
    attendance_record_session(
        activity=past_activity,
        lines=[AttendanceLine(walk_in.pk, AttendanceStatus.ATTENDED, walked_in=True)],
        actor=staff_member,
    )
    cy_signup = past_activity.signups.get(cocreator=booked[2])
    cy_signup.status = SignUpStatus.WITHDRAWN
    cy_signup.save()
    forms = staff_client.get(url(past_activity)).context["formset"].forms
    assert [f.person.full_name for f in forms] == ["Ann Able", "Ben Bell", "Wendy Walker"]
    assert forms[2].fields["status"].help_text == "Came without booking."


def test_nobody_booked_says_so_and_offers_walk_ins(staff_client, past_activity):
    html = staff_client.get(url(past_activity)).content.decode()
    assert "Nobody is booked on this session" in html
    assert f'href="/staff/activities/{past_activity.pk}/attendance/add/"' in html


def test_the_register_takes_the_same_number_of_queries_for_5_or_60_people(
    staff_client, past_activity, staff_member, django_assert_max_num_queries
):
    def add_people(n, prefix):
        people = [CoCreatorFactory(full_name=f"{prefix} {i:02}") for i in range(n)]
        book_past(past_activity, *people)
        attendance_record_session(
            activity=past_activity,
            lines=[AttendanceLine(p.pk, AttendanceStatus.ATTENDED) for p in people[: n // 2]],
            actor=staff_member,
        )

    add_people(5, "Few")
    with django_assert_max_num_queries(20) as five:
        response = staff_client.get(url(past_activity))
    assert len(response.context["formset"].forms) == 5
    add_people(55, "Many")
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = staff_client.get(url(past_activity))
    assert len(response.context["formset"].forms) == 60


# --- Walk-ins ----------------------------------------------------------------------------------


def test_search_finds_people_in_the_register(staff_client, past_activity):
    CoCreatorFactory(full_name="Priya Patel", phone="07700900123")
    CoCreatorFactory(full_name="Peter Left", status=CoCreatorStatus.LEFT)
    response = staff_client.get(url(past_activity, "add/"), {"q": "pat"})
    assert [p.full_name for p in response.context["results"]] == ["Priya Patel"]
    phone = staff_client.get(url(past_activity, "add/"), {"q": "07700 900123"})
    assert [p.full_name for p in phone.context["results"]] == ["Priya Patel"]
    assert staff_client.get(url(past_activity, "add/"), {"q": "pet"}).context["results"] == []


def test_a_search_that_is_too_short_is_explained(staff_client, past_activity):
    response = staff_client.get(url(past_activity, "add/"), {"q": "p"})
    assert summary_errors(response) == ["Enter at least 2 characters to search for"]


def test_an_existing_person_who_walked_in_is_added_as_attended(staff_client, past_activity, booked):
    priya = CoCreatorFactory(full_name="Priya Patel")
    response = staff_client.post(url(past_activity, "add/"), {"cocreator": priya.pk})
    assert response.status_code == 302 and response.url == url(past_activity)
    attendance = Attendance.objects.get(cocreator=priya)
    assert attendance.status == AttendanceStatus.ATTENDED
    assert attendance.walked_in is True
    assert attendance.hours == Decimal("2.50")
    forms = staff_client.get(url(past_activity)).context["formset"].forms
    assert [f.person.full_name for f in forms][-1] == "Priya Patel"


def test_someone_booked_added_from_the_search_is_not_a_walk_in(staff_client, past_activity, booked):
    staff_client.post(url(past_activity, "add/"), {"cocreator": booked[0].pk})
    attendance = Attendance.objects.get(cocreator=booked[0])
    assert (attendance.status, attendance.walked_in) == (AttendanceStatus.ATTENDED, False)


def test_someone_who_has_left_cannot_be_added(staff_client, past_activity):
    gone = CoCreatorFactory(full_name="Peter Left", status=CoCreatorStatus.LEFT)
    response = staff_client.post(url(past_activity, "add/"), {"cocreator": gone.pk}, follow=True)
    assert "has left the community" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_unknown_person_is_404(staff_client, past_activity):
    assert staff_client.post(url(past_activity, "add/"), {"cocreator": 99999}).status_code == 404


def test_a_new_person_without_a_login_is_registered_and_added_as_a_walk_in(
    staff_client, past_activity, staff_member_with_mfa
):
    response = staff_client.post(
        url(past_activity, "add/"),
        {"full_name": "  Nia   New ", "phone": "07700 900 982", "email": ""},
    )
    assert response.status_code == 302
    nia = CoCreator.objects.get(full_name="Nia New")
    assert nia.user is None
    assert nia.status == CoCreatorStatus.ACTIVE
    assert nia.phone == "07700900982"
    attendance = Attendance.objects.get(cocreator=nia)
    assert (attendance.status, attendance.walked_in, attendance.hours) == (
        AttendanceStatus.ATTENDED,
        True,
        Decimal("2.50"),
    )
    assert AuditEvent.objects.filter(
        actor=staff_member_with_mfa, action=AuditAction.CREATE, cocreator_id=nia.pk
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "  "}, "Enter the person's full name"),
        (
            {"full_name": "Nia New", "phone": "call me"},
            "Enter a UK phone number using numbers only, like 01632 960 001 or 07700 900 982",
        ),
        (
            {"full_name": "Nia New", "email": "nia@"},
            "Enter an email address in the correct format, like name@example.com",
        ),
    ],
)
def test_a_new_person_with_bad_details_is_not_added(staff_client, past_activity, data, message):
    response = staff_client.post(url(past_activity, "add/"), {"phone": "", "email": "", **data})
    assert response.status_code == 200
    assert summary_errors(response) == [message]
    assert not CoCreator.objects.exists()
    assert not Attendance.objects.exists()
