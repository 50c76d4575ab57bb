"""Staff find activities, read one with its sign-ups, withdraw a sign-up, and keep session notes."""

from datetime import timedelta

import pytest

from activities.models import (
    ActivitySetting,
    ActivityStatus,
    AttendanceStatus,
    EngagementLevel,
    SignUpStatus,
)
from activities.services import AttendanceLine, attendance_record_session
from community.models import AuditAction, AuditEvent
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

from .conftest import FUTURE_TUESDAY, PAST_TUESDAY, at, book, book_past, summary_errors

LIST = "/staff/activities/"


def titles_on(response) -> list[str]:
    return [a.title for a in response.context["page_obj"].object_list]


@pytest.fixture
def week(db, project, medway):
    """Five activities: four coming up in one week of 2035, one in the past."""
    return {
        "morning": ActivityFactory(
            title="Tuesday morning", starts_at=FUTURE_TUESDAY, project=project, locality=medway
        ),
        "evening": ActivityFactory(
            title="Tuesday evening",
            starts_at=at(2035, 3, 6, 18),
            level=EngagementLevel.ENGAGE,
            setting=ActivitySetting.LIBRARY,
        ),
        "saturday": ActivityFactory(
            title="Saturday", starts_at=at(2035, 3, 10, 11), status=ActivityStatus.PLANNED
        ),
        "cancelled": ActivityFactory(
            title="Cancelled one", starts_at=at(2035, 3, 8, 10), status=ActivityStatus.CANCELLED
        ),
        "past": ActivityFactory(
            title="Last year", starts_at=PAST_TUESDAY, status=ActivityStatus.DONE
        ),
    }


def test_the_list_shows_what_is_coming_up_soonest_first(staff_client, week):
    assert titles_on(staff_client.get(LIST)) == [
        "Tuesday morning",
        "Tuesday evening",
        "Cancelled one",
        "Saturday",
    ]


def test_past_and_all(staff_client, week):
    assert titles_on(staff_client.get(LIST, {"when": "past"})) == ["Last year"]
    assert titles_on(staff_client.get(LIST, {"when": "all"}))[-1] == "Last year"
    assert len(titles_on(staff_client.get(LIST, {"when": "all"}))) == 5


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"level": "2"}, ["Tuesday evening"]),
        ({"status": "planned"}, ["Saturday"]),
        ({"setting": "library"}, ["Tuesday evening"]),
        ({"time": "evening"}, ["Tuesday evening"]),
        ({"time": "weekend"}, ["Saturday"]),
        ({"time": "either"}, ["Tuesday evening", "Saturday"]),
        ({"level": "3", "status": "cancelled"}, ["Cancelled one"]),
    ],
)
def test_the_list_filters(staff_client, week, filters, expected):
    assert titles_on(staff_client.get(LIST, filters)) == expected


def test_the_list_filters_by_project_and_area(staff_client, week, project, medway):
    assert titles_on(staff_client.get(LIST, {"project": project.pk})) == ["Tuesday morning"]
    assert titles_on(staff_client.get(LIST, {"locality": medway.pk})) == ["Tuesday morning"]


def test_a_wrong_filter_is_explained(staff_client, week):
    response = staff_client.get(LIST, {"level": "9"})
    assert response.context["page_obj"] is None
    assert "Choose from the list" in summary_errors(response)


def test_the_list_shows_uk_time_places_booked_and_people_waiting(staff_client, db):
    # 1 July 2035 10:00 in London is 09:00 UTC.
    summer = ActivityFactory(title="Summer session", starts_at=at(2035, 7, 1, 10), capacity=2)
    book(
        summer,
        CoCreatorFactory(full_name="Ann Able"),
        CoCreatorFactory(full_name="Ben Bell"),
        CoCreatorFactory(full_name="Cy Cole"),
    )
    response = staff_client.get(LIST)
    row = response.context["page_obj"].object_list[0]
    assert (row.booked_count, row.waiting_count) == (2, 1)
    html = response.content.decode()
    assert "Sun 1 Jul 2035<br>10am to midday" in html
    assert "2 of 2" in html


def test_the_list_takes_the_same_number_of_queries_for_many_activities(
    staff_client, project, medway, django_assert_max_num_queries
):
    def some(n, prefix):
        for i in range(n):
            activity = ActivityFactory(
                title=f"{prefix} {i}", project=project, locality=medway, capacity=1
            )
            book(
                activity,
                CoCreatorFactory(full_name=f"{prefix} Booker {i}"),
                CoCreatorFactory(full_name=f"{prefix} Waiter {i}"),
            )

    some(2, "Few")
    with django_assert_max_num_queries(20) as few:
        staff_client.get(LIST, {"project": project.pk})
    some(40, "Many")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST, {"project": project.pk})
    assert response.context["page_obj"].paginator.count == 42


def test_the_list_is_paged_50_at_a_time(staff_client, db):
    for i in range(51):
        ActivityFactory(title=f"Session {i:02}", starts_at=FUTURE_TUESDAY + timedelta(hours=i))
    response = staff_client.get(LIST)
    assert len(response.context["page_obj"].object_list) == 50
    assert titles_on(staff_client.get(LIST, {"page": 2})) == ["Session 50"]


# --- One activity ------------------------------------------------------------------------------


def test_the_detail_page_shows_every_detail_and_the_level_meaning(staff_client, activity, partner):
    activity.venue = "Priory Ward, Maidstone"
    activity.audience = "Anyone who has stayed on the ward"
    activity.access_provisions = "Step-free access"
    activity.recognition = "£20 voucher"
    activity.save()
    activity.partners.add(partner)
    html = staff_client.get(f"/staff/activities/{activity.pk}/").content.decode()
    for text in (
        "Ward garden design session",
        "We will plan the garden together.",
        "3. Involve",
        "People help shape the process and the outcomes.",
        "Garden therapy",
        "Tue 6 Mar 2035, 10am to midday",
        "Priory Ward, Maidstone",
        "Anyone who has stayed on the ward",
        "Step-free access",
        "£20 voucher",
        "Riverside Wellbeing Collective",
        "Open for sign-up",
        "Shown on the public calendar",
    ):
        assert text in html, text


def test_the_detail_page_lists_the_booked_then_the_waiting_list_in_queue_order(
    staff_client, activity
):
    activity.capacity = 2
    activity.save()
    book(
        activity,
        *(CoCreatorFactory(full_name=n) for n in ("Ann Able", "Ben Bell", "Cy Cole", "Di Dent")),
    )
    response = staff_client.get(f"/staff/activities/{activity.pk}/")
    assert [s.cocreator.full_name for s in response.context["booked"]] == ["Ann Able", "Ben Bell"]
    assert [s.cocreator.full_name for s in response.context["waiting"]] == ["Cy Cole", "Di Dent"]
    html = response.content.decode()
    assert html.index("Ann Able") < html.index("Ben Bell") < html.index("Cy Cole")
    assert html.index("Cy Cole") < html.index("Di Dent")


def test_the_detail_page_summarises_attendance(staff_client, past_activity, staff_member):
    ann, ben, cy = (
        CoCreatorFactory(full_name="Ann Able"),
        CoCreatorFactory(full_name="Ben Bell"),
        CoCreatorFactory(full_name="Cy Cole"),
    )
    attendance_record_session(
        activity=past_activity,
        lines=[
            AttendanceLine(ann.pk, AttendanceStatus.ATTENDED),
            AttendanceLine(ben.pk, AttendanceStatus.ATTENDED, walked_in=True),
            AttendanceLine(cy.pk, AttendanceStatus.APOLOGIES),
        ],
        actor=staff_member,
    )
    response = staff_client.get(f"/staff/activities/{past_activity.pk}/")
    summary = response.context["summary"]
    assert (summary.attended, summary.apologies, summary.walked_in) == (2, 1, 1)
    assert str(summary.hours) == "5.00"
    assert "2, of whom 1 came without booking" in response.content.decode()


def test_the_detail_page_shows_the_session_notes(staff_client, activity):
    activity.notes_unheard_voices = "Young carers from Gillingham"
    activity.save()
    html = staff_client.get(f"/staff/activities/{activity.pk}/").content.decode()
    assert "Whose voices are still unheard?" in html
    assert "Young carers from Gillingham" in html


def test_the_detail_page_takes_the_same_number_of_queries_for_many_sign_ups(
    staff_client, activity, django_assert_max_num_queries
):
    activity.capacity = 3
    activity.save()
    book(activity, *(CoCreatorFactory(full_name=f"Few {i}") for i in range(2)))
    with django_assert_max_num_queries(20) as few:
        staff_client.get(f"/staff/activities/{activity.pk}/")
    book(activity, *(CoCreatorFactory(full_name=f"Many {i}") for i in range(40)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(f"/staff/activities/{activity.pk}/")
    assert len(response.context["waiting"]) == 39


# --- Withdrawing a sign-up ---------------------------------------------------------------------


def test_staff_withdraw_a_booking_and_the_place_goes_to_the_next_person_waiting(
    staff_client, activity, staff_member_with_mfa, mailoutbox, django_capture_on_commit_callbacks
):
    activity.capacity = 1
    activity.save()
    ann = CoCreatorFactory(full_name="Ann Able")
    ben = CoCreatorFactory(full_name="Ben Bell", email="ben.bell@example.org")
    ann_signup, ben_signup = book(activity, ann, ben)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/staff/activities/{activity.pk}/sign-ups/{ann_signup.pk}/withdraw/", follow=True
        )
    ann_signup.refresh_from_db()
    ben_signup.refresh_from_db()
    assert (ann_signup.status, ben_signup.status) == (SignUpStatus.WITHDRAWN, SignUpStatus.BOOKED)
    # Ben is offered the place; Ann is told hers is cancelled.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["ben.bell@example.org", ann.email])
    html = response.content.decode()
    assert "Ann Able&#x27;s sign-up has been withdrawn" in html
    assert "The place went to Ben Bell" in html
    assert AuditEvent.objects.filter(
        actor=staff_member_with_mfa,
        action=AuditAction.CHANGE,
        cocreator_id=ann.pk,
        fields=["signups"],
    ).exists()


def test_withdrawing_needs_a_post(staff_client, activity):
    (signup,) = book(activity, CoCreatorFactory(full_name="Ann Able"))
    url = f"/staff/activities/{activity.pk}/sign-ups/{signup.pk}/withdraw/"
    assert staff_client.get(url).status_code == 405
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.BOOKED


def test_a_sign_up_is_withdrawn_only_from_its_own_activity(staff_client, activity, past_activity):
    (signup,) = book(activity, CoCreatorFactory(full_name="Ann Able"))
    url = f"/staff/activities/{past_activity.pk}/sign-ups/{signup.pk}/withdraw/"
    assert staff_client.post(url).status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.BOOKED


def test_withdrawing_twice_says_so_and_changes_nothing(staff_client, activity):
    (signup,) = book(activity, CoCreatorFactory(full_name="Ann Able"))
    url = f"/staff/activities/{activity.pk}/sign-ups/{signup.pk}/withdraw/"
    staff_client.post(url)
    response = staff_client.post(url, follow=True)
    assert "had already been withdrawn" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE).count() == 1


def test_sign_ups_to_a_session_that_has_happened_are_not_withdrawn(
    staff_client, past_activity, mailoutbox, django_capture_on_commit_callbacks
):
    past_activity.capacity = 1
    past_activity.save()
    ann, ben = CoCreatorFactory(full_name="Ann Able"), CoCreatorFactory(full_name="Ben Bell")
    ann_signup, _ = book_past(past_activity, ann, ben)
    ann_signup.refresh_from_db()
    assert 'action="/staff/activities/' not in (
        staff_client.get(f"/staff/activities/{past_activity.pk}/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/staff/activities/{past_activity.pk}/sign-ups/{ann_signup.pk}/withdraw/",
            follow=True,
        )
    assert "Sign-ups can only be withdrawn before the session starts" in (response.content.decode())
    ann_signup.refresh_from_db()
    assert ann_signup.status == SignUpStatus.BOOKED
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


# --- Notes after the session -------------------------------------------------------------------


def test_the_notes_page_asks_the_plans_curiosity_questions(staff_client, activity):
    html = staff_client.get(f"/staff/activities/{activity.pk}/notes/").content.decode()
    for question in (
        "What&#x27;s missing?",
        "What haven&#x27;t we thought of?",
        "Whose voices are still unheard?",
        "Other notes from the session",
    ):
        assert question in html, question


def test_staff_save_the_notes(staff_client, activity):
    response = staff_client.post(
        f"/staff/activities/{activity.pk}/notes/",
        {
            "notes_missing": "Easy read handouts",
            "notes_not_thought_of": "Parking for carers",
            "notes_unheard_voices": "Young carers",
            "notes": "Good energy",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (
        activity.notes_missing,
        activity.notes_not_thought_of,
        activity.notes_unheard_voices,
        activity.notes,
    ) == ("Easy read handouts", "Parking for carers", "Young carers", "Good energy")
    assert activity.title == "Ward garden design session"


def test_notes_can_be_written_after_the_session_has_happened(staff_client, past_activity):
    staff_client.post(f"/staff/activities/{past_activity.pk}/notes/", {"notes": "Went well"})
    past_activity.refresh_from_db()
    assert past_activity.notes == "Went well"
