"""Staff add someone who came without booking straight from the register, without saving it
first: what they had entered is kept (in their session) and filled in again when they return."""

import pytest

from activities.models import Attendance, AttendanceStatus
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .conftest import book_past
from .test_attendance import register_post, url


@pytest.fixture
def booked(past_activity):
    """Three people booked on a session that ran for two and a half hours."""
    people = [CoCreatorFactory(full_name=name) for name in ("Ann Able", "Ben Bell", "Cy Cole")]
    book_past(past_activity, *people)
    return people


def _walk_in(client, activity, data):
    """Press "Add someone who came without booking" on the register with `data` entered."""
    return client.post(url(activity), {**data, "walk_in": "1"})


def _statuses(response) -> dict:
    return {f.person.full_name: f.initial["status"] for f in response.context["formset"].forms}


def test_the_register_offers_walk_ins_as_a_button_that_keeps_the_answers(
    staff_client, past_activity, booked
):
    html = staff_client.get(url(past_activity)).content.decode()
    assert 'name="walk_in"' in html
    assert "Add someone who came without booking" in html
    assert "save this page first" not in html
    # The save button comes first, so pressing Enter in a box saves the register.
    assert html.index("Save attendance</button>") < html.index('name="walk_in"')


def test_half_filled_answers_are_kept_unsaved_while_a_walk_in_is_added(
    staff_client, past_activity, booked
):
    page = staff_client.get(url(past_activity))
    data = register_post(page, {"Ann Able": AttendanceStatus.ATTENDED}, **{"0-hours": "1.5"})
    response = _walk_in(staff_client, past_activity, data)
    assert response.status_code == 302
    assert response.url == url(past_activity, "add/")
    assert not Attendance.objects.exists(), "nothing is saved until staff save the register"

    back = staff_client.get(url(past_activity))
    assert _statuses(back) == {
        "Ann Able": AttendanceStatus.ATTENDED,
        "Ben Bell": None,
        "Cy Cole": None,
    }
    assert back.context["formset"].forms[0].initial["hours"] == "1.5"
    assert "include ones you have not saved yet" in back.content.decode()


def test_the_whole_journey_adds_the_walk_in_and_saves_everyone_at_once(
    staff_client, past_activity, booked
):
    page = staff_client.get(url(past_activity))
    entered = {"Ann Able": AttendanceStatus.ATTENDED, "Ben Bell": AttendanceStatus.APOLOGIES}
    _walk_in(staff_client, past_activity, register_post(page, entered))

    added = staff_client.post(url(past_activity, "add/"), {"full_name": "Nia New"})
    assert added.status_code == 302 and added.url == url(past_activity)

    back = staff_client.get(url(past_activity))
    assert _statuses(back) == {
        "Ann Able": AttendanceStatus.ATTENDED,
        "Ben Bell": AttendanceStatus.APOLOGIES,
        "Cy Cole": None,
        "Nia New": AttendanceStatus.ATTENDED,
    }
    saved = staff_client.post(
        url(past_activity), register_post(back, {"Cy Cole": AttendanceStatus.DID_NOT_ATTEND})
    )
    assert saved.status_code == 302
    recorded = dict(Attendance.objects.values_list("cocreator__full_name", "status"))
    assert recorded == {
        "Ann Able": AttendanceStatus.ATTENDED,
        "Ben Bell": AttendanceStatus.APOLOGIES,
        "Cy Cole": AttendanceStatus.DID_NOT_ATTEND,
        "Nia New": AttendanceStatus.ATTENDED,
    }
    # Once saved, the register shows what is recorded, with nothing held back.
    again = staff_client.get(url(past_activity))
    assert "include ones you have not saved yet" not in again.content.decode()


def test_someone_on_the_register_added_from_the_search_shows_as_attending(
    staff_client, past_activity, booked
):
    page = staff_client.get(url(past_activity))
    data = register_post(
        page, {"Ben Bell": AttendanceStatus.DID_NOT_ATTEND, "Ann Able": "attended"}
    )
    _walk_in(staff_client, past_activity, data)
    staff_client.post(url(past_activity, "add/"), {"cocreator": booked[1].pk})
    back = staff_client.get(url(past_activity))
    statuses = _statuses(back)
    assert statuses["Ben Bell"] == AttendanceStatus.ATTENDED  # what was just recorded
    assert statuses["Ann Able"] == AttendanceStatus.ATTENDED  # still as entered


def test_unsaved_answers_can_be_cleared(staff_client, past_activity, booked):
    page = staff_client.get(url(past_activity))
    _walk_in(staff_client, past_activity, register_post(page, {"Ann Able": "attended"}))
    response = staff_client.post(url(past_activity), {"discard": "1"}, follow=True)
    assert "have been cleared" in response.content.decode()
    assert _statuses(response)["Ann Able"] is None


def test_only_people_on_the_register_and_real_choices_are_kept(staff_client, past_activity, booked):
    stranger = CoCreatorFactory(full_name="Sly Stranger")
    page = staff_client.get(url(past_activity))
    data = register_post(page, {"Ann Able": "teleported"}, **{"0-hours": "9" * 50})
    data["form-1-cocreator"] = str(stranger.pk)
    _walk_in(staff_client, past_activity, data)
    draft = staff_client.session[f"attendance-draft:{past_activity.pk}"]
    assert str(stranger.pk) not in draft
    ann = draft[str(booked[0].pk)]
    assert ann["status"] is None and len(ann["hours"]) == 10
    assert not Attendance.objects.exists()


def test_only_staff_can_keep_answers_for_a_walk_in(
    past_activity, booked, cocreator, steering_member
):
    for user in (cocreator, steering_member):
        client = client_for(user)
        response = client.post(url(past_activity), {"walk_in": "1"})
        assert response.status_code in (302, 403, 404)
        assert f"attendance-draft:{past_activity.pk}" not in client.session
    assert not Attendance.objects.exists()
