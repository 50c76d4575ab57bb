"""Staff add and change activities; bad input gets a plain error and writes nothing."""

from datetime import UTC, timedelta

import pytest

from activities.models import Activity, ActivityStatus, SignUpStatus
from community.models import PartnerOrganisation
from tests.community.factories import CoCreatorFactory

from .conftest import FUTURE_TUESDAY, activity_post, book, summary_errors

ADD = "/staff/activities/add/"


def test_staff_add_an_activity_with_every_detail(
    staff_client, project, medway, partner, staff_member
):
    response = staff_client.post(
        ADD,
        activity_post(
            project=str(project.pk),
            locality=str(medway.pk),
            lead=str(staff_member.pk),
            partners=[str(partner.pk)],
            recognition="£20 voucher",
        ),
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == f"/staff/activities/{activity.pk}/"
    assert activity.title == "Ward garden design session"
    assert activity.level == 3
    assert activity.project == project
    assert activity.locality == medway
    assert activity.lead == staff_member
    assert list(activity.partners.all()) == [partner]
    assert activity.starts_at == FUTURE_TUESDAY
    assert activity.ends_at == FUTURE_TUESDAY + timedelta(hours=2)
    assert activity.capacity == 12
    assert activity.is_public is True
    assert activity.status == ActivityStatus.OPEN


def test_times_are_uk_time_and_evening_and_weekend_are_worked_out(staff_client):
    # Saturday 7 July 2035, 18:30 British Summer Time is 17:30 UTC.
    staff_client.post(
        ADD,
        activity_post(
            start_date_day="7",
            start_date_month="7",
            start_time="6:30pm",
            end_time="20:00",
            capacity="",
        ),
    )
    activity = Activity.objects.get()
    assert activity.starts_at.astimezone(UTC).hour == 17
    assert activity.is_evening and activity.is_weekend
    assert activity.capacity is None


def test_an_activity_can_end_on_a_later_day(staff_client):
    staff_client.post(
        ADD,
        activity_post(
            start_time="22:00",
            end_time="02:00",
            end_date_day="7",
            end_date_month="3",
            end_date_year="2035",
        ),
    )
    activity = Activity.objects.get()
    assert activity.duration_hours == 4


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "End time must be after the start time"),
        ({"end_time": "10:00"}, "End time must be after the start time"),
        (
            {"end_date_day": "5", "end_date_month": "3", "end_date_year": "2035"},
            "End date must be the same as or after the start date",
        ),
        ({"capacity": "0"}, "Places must be 1 or more, or leave it empty for no limit"),
        ({"capacity": "2.5"}, "Places must be a whole number, like 20"),
        ({"capacity": "twenty"}, "Places must be a whole number, like 20"),
        ({"start_time": "25:00"}, "Start time must be a real time, between 00:00 and 23:59"),
        ({"start_time": "10:75"}, "Start time must be a real time, between 00:00 and 23:59"),
        ({"start_time": "ten"}, "Start time must be a time, like 09:30 or 14:00"),
        ({"start_time": ""}, "Enter the start time"),
        ({"end_time": "noon"}, "End time must be a time, like 09:30 or 14:00"),
        ({"start_date_day": "31", "start_date_month": "2"}, "Start date must be a real date"),
        ({"start_date_year": ""}, "Start date must include a year"),
        ({"title": "   "}, "Enter a title for the activity"),
        ({"summary": ""}, "Enter a plain-English summary of the activity"),
        ({"level": ""}, "Choose an engagement level"),
        ({"level": "6"}, "Choose one of the five engagement levels"),
        ({"setting": ""}, "Choose the setting"),
        ({"format": None}, "Choose whether it is in person, online or both"),
        ({"project": "99999"}, "Choose from the options given"),
    ],
)
def test_bad_input_gets_a_plain_error_and_writes_nothing(staff_client, overrides, message):
    response = staff_client.post(ADD, activity_post(**overrides))
    assert response.status_code == 200
    assert message in summary_errors(response)
    assert not Activity.objects.exists()


def test_a_lead_must_be_a_member_of_the_involvement_staff(staff_client, cocreator):
    response = staff_client.post(ADD, activity_post(lead=str(cocreator.pk)))
    assert "Choose from the options given" in summary_errors(response)
    assert not Activity.objects.exists()


def test_the_level_radios_show_what_each_level_means(staff_client):
    html = staff_client.get(ADD).content.decode()
    assert 'class="nhsuk-hint nhsuk-radios__hint" id="id_level_4-hint"' in html
    assert "Side by side from the first idea to putting it into practice." in html
    assert 'aria-describedby="id_level_0-hint"' in html


def test_adding_from_a_project_starts_with_that_project_chosen(staff_client, project):
    html = staff_client.get(ADD, {"project": project.pk}).content.decode()
    assert f'name="project" type="radio" value="{project.pk}" checked' in html
    assert html.count('name="project" type="radio"') == 2  # it and "Not part of a project"


@pytest.mark.parametrize("project", ["²", "9" * 40, "abc"])
def test_a_project_that_is_not_a_plain_number_starts_with_none_chosen(staff_client, project):
    response = staff_client.get(ADD, {"project": project})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="project" type="radio" value="" checked' in html  # "Not part of a project"
    assert html.count('name="project" type="radio"') == 1


def test_the_edit_form_starts_with_the_activity_as_it_is(staff_client, activity):
    html = staff_client.get(f"/staff/activities/{activity.pk}/edit/").content.decode()
    assert 'name="start_time" value="10:00"' in html
    assert 'name="end_time" value="12:00"' in html
    assert 'name="start_date_year" value="2035"' in html
    assert 'name="end_date_day"' in html and 'name="end_date_day" value=' not in html


def test_staff_change_an_activity(staff_client, activity, partner):
    response = staff_client.post(
        f"/staff/activities/{activity.pk}/edit/",
        activity_post(title="Garden design, part two", partners=[str(partner.pk)], level="5"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Garden design, part two"
    assert activity.level == 5
    assert list(activity.partners.all()) == [partner]


def test_a_bad_change_writes_nothing(staff_client, activity):
    response = staff_client.post(
        f"/staff/activities/{activity.pk}/edit/",
        activity_post(title="Renamed", end_time="08:00"),
    )
    assert response.status_code == 200
    assert "Change Ward garden design session" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Ward garden design session"


def test_more_places_go_to_the_people_waiting(
    staff_client, activity, mailoutbox, django_capture_on_commit_callbacks
):
    activity.capacity = 1
    activity.save()
    first = CoCreatorFactory(full_name="Ann Able")
    second = CoCreatorFactory(full_name="Ben Bell", email="ben.bell@example.org")
    third = CoCreatorFactory(full_name="Cy Cole")
    book(activity, first, second, third)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/staff/activities/{activity.pk}/edit/", activity_post(capacity="2"))
    statuses = dict(activity.signups.values_list("cocreator_id", "status"))
    assert statuses == {
        first.pk: SignUpStatus.BOOKED,
        second.pk: SignUpStatus.BOOKED,
        third.pk: SignUpStatus.WAITING,
    }
    # Only Ben is told of a new place (the others' emails confirm their own bookings).
    offered = [m for m in mailoutbox if m.subject == "A place has come up for you"]
    assert [m.to for m in offered] == [["ben.bell@example.org"]]


def test_fewer_places_than_people_booked_takes_nobody_off_and_says_so(staff_client, activity):
    book(activity, CoCreatorFactory(full_name="Ann Able"), CoCreatorFactory(full_name="Ben Bell"))
    response = staff_client.post(
        f"/staff/activities/{activity.pk}/edit/", activity_post(capacity="1"), follow=True
    )
    assert "2 people are booked but there are only 1 places" in response.content.decode()
    assert activity.signups.filter(status=SignUpStatus.BOOKED).count() == 2


def test_partners_are_listed_by_name(staff_client):
    PartnerOrganisation.objects.create(name="Zeta Group")
    PartnerOrganisation.objects.create(name="Alpha Group")
    html = staff_client.get(ADD).content.decode()
    assert html.index("Alpha Group") < html.index("Zeta Group")
