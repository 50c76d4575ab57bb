"""Role profiles and pathways: staff keep roles and give people roles; the public read role
expectations; co-creators see their roles and what is needed for the next ones. Nobody else
changes anything."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from capacity.models import (
    Completion,
    CompletionSource,
    Course,
    CourseDelivery,
    PersonRole,
    RoleProfile,
)
from community.models import AuditEvent, CoCreator, CoCreatorStatus
from community.services import cocreator_for_user_ensure
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def course(title, *, active=True) -> Course:
    return Course.objects.create(
        title=title,
        summary="About it",
        outcomes="Do it",
        delivery=CourseDelivery.ONLINE,
        is_active=active,
    )


def role(name, *, ambassador=False, courses=(), next_roles=()) -> RoleProfile:
    made = RoleProfile.objects.create(
        name=name,
        what_it_involves=f"What {name} does",
        support_offered="A named contact",
        time_needed="2 hours a month",
        is_ambassador=ambassador,
    )
    made.required_courses.set(courses)
    made.next_roles.set(next_roles)
    return made


def completion(person, of, *, days_ago=10, expires_in=None) -> Completion:
    done = TODAY() - datetime.timedelta(days=days_ago)
    expires = None if expires_in is None else TODAY() + datetime.timedelta(days=expires_in)
    return Completion.objects.create(
        course=of,
        cocreator=person,
        completed_on=done,
        expires_on=expires,
        source=CompletionSource.RECORDED,
    )


def dated(name, day: datetime.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def world(db):
    safeguarding = course("Safeguarding")
    facilitation = course("Facilitation skills")
    panel = role("Panel member", courses=[safeguarding])
    facilitator = role(
        "Lived-experience facilitator", courses=[safeguarding, facilitation], next_roles=[panel]
    )
    ambassador = role("System co-creation ambassador", ambassador=True)
    cocreator_role = role("Co-creator", next_roles=[facilitator])
    person = CoCreatorFactory(full_name="Ada Role")
    held = PersonRole.objects.create(cocreator=person, role=cocreator_role, started_on=TODAY())
    return {
        "safeguarding": safeguarding,
        "facilitation": facilitation,
        "panel": panel,
        "facilitator": facilitator,
        "ambassador": ambassador,
        "cocreator_role": cocreator_role,
        "person": person,
        "held": held,
    }


def _staff_pages(world):
    return [
        reverse("capacity:role-list"),
        reverse("capacity:role-add"),
        reverse("capacity:role-edit", args=[world["panel"].pk]),
        reverse("capacity:ambassador-list"),
        reverse("capacity:person-role-add", args=[world["person"].pk]),
        reverse("capacity:person-role-end", args=[world["held"].pk]),
    ]


def test_staff_see_every_staff_page(staff_client, world):
    for url in _staff_pages(world):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "cocreator_client", "steering_client"])
def test_outsiders_are_refused_every_staff_page_and_nothing_changes(request, who, client, world):
    browser = client if who == "anonymous" else request.getfixturevalue(who)
    for url in _staff_pages(world):
        response = browser.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 403, url
        browser.post(
            url,
            {
                "name": "Hijacked",
                "what_it_involves": "x",
                "support_offered": "x",
                "role": world["panel"].pk,
                **dated("started_on", TODAY()),
                **dated("ended_on", TODAY()),
            },
        )
    assert not RoleProfile.objects.filter(name="Hijacked").exists()
    assert PersonRole.objects.count() == 1
    world["held"].refresh_from_db()
    assert world["held"].ended_on is None


def test_unknown_rows_are_404_for_staff(staff_client, world):
    for url in [
        reverse("capacity:role-edit", args=[999999]),
        reverse("capacity:person-role-add", args=[999999]),
        reverse("capacity:person-role-end", args=[999999]),
        reverse("capacity:public-role-detail", args=[999999]),
    ]:
        assert staff_client.get(url).status_code == 404, url


def test_nothing_is_written_for_someone_who_left(staff_client, world):
    person = world["person"]
    CoCreator.objects.filter(pk=person.pk).update(status=CoCreatorStatus.LEFT)
    add = reverse("capacity:person-role-add", args=[person.pk])
    end = reverse("capacity:person-role-end", args=[world["held"].pk])
    assert staff_client.get(add).status_code == 404
    assert staff_client.get(end).status_code == 404
    staff_client.post(add, {"role": world["panel"].pk, **dated("started_on", TODAY())})
    staff_client.post(end, dated("ended_on", TODAY()))
    assert PersonRole.objects.filter(cocreator=person).count() == 1
    world["held"].refresh_from_db()
    assert world["held"].ended_on is None


def test_public_pages_are_open_to_everyone(client, cocreator_client, steering_client, world):
    for browser in (client, cocreator_client, steering_client):
        assert browser.get(reverse("capacity:public-role-list")).status_code == 200
        page = browser.get(reverse("capacity:public-role-detail", args=[world["facilitator"].pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert "What Lived-experience facilitator does" in html
        assert "A named contact" in html and "2 hours a month" in html
        assert "Safeguarding" in html and "Facilitation skills" in html
        # The pathway both ways, each linked.
        assert reverse("capacity:public-role-detail", args=[world["panel"].pk]) in html
        assert reverse("capacity:public-role-detail", args=[world["cocreator_role"].pk]) in html


def test_portal_roles_needs_a_co_creator(client, steering_client, staff_client):
    url = reverse("capacity:portal-roles")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert steering_client.get(url).status_code == 403
    assert staff_client.get(url).status_code == 403


def test_staff_add_a_role_with_courses_and_next_roles(staff_client, world):
    response = staff_client.post(
        reverse("capacity:role-add"),
        {
            "name": "Peer researcher",
            "what_it_involves": "Interviewing people",
            "support_offered": "Supervision",
            "time_needed": "",
            "required_courses": [world["safeguarding"].pk],
            "next_roles": [world["panel"].pk],
        },
    )
    assert response.status_code == 302
    made = RoleProfile.objects.get(name="Peer researcher")
    assert list(made.required_courses.all()) == [world["safeguarding"]]
    assert list(made.next_roles.all()) == [world["panel"]]


def test_a_role_cannot_lead_on_to_itself(staff_client, world):
    panel = world["panel"]
    response = staff_client.post(
        reverse("capacity:role-edit", args=[panel.pk]),
        {
            "name": "Panel member",
            "what_it_involves": "Changed",
            "support_offered": "x",
            "next_roles": [panel.pk],
        },
    )
    assert response.status_code == 200
    assert "A role cannot lead on to itself" in response.content.decode()
    panel.refresh_from_db()
    assert panel.what_it_involves == "What Panel member does"
    assert not panel.next_roles.exists()


def test_a_name_another_role_has_is_refused(staff_client, world):
    response = staff_client.post(
        reverse("capacity:role-add"),
        {"name": "panel member", "what_it_involves": "x", "support_offered": "x"},
    )
    assert "There is already a role called panel member" in response.content.decode()
    assert RoleProfile.objects.count() == 4


def test_editing_keeps_an_inactive_course_the_role_already_needs(staff_client, world):
    old = course("Old module", active=False)
    course("Retired module", active=False)
    world["panel"].required_courses.add(old)
    page = staff_client.get(reverse("capacity:role-edit", args=[world["panel"].pk]))
    html = page.content.decode()
    assert "Old module" in html and "Retired module" not in html


def test_staff_give_a_person_a_role_audited_and_shown_on_their_record(staff_client, world):
    person = world["person"]
    started = TODAY() - datetime.timedelta(days=3)
    response = staff_client.post(
        reverse("capacity:person-role-add", args=[person.pk]),
        {"role": world["facilitator"].pk, **dated("started_on", started)},
    )
    assert response.status_code == 302
    held = PersonRole.objects.get(cocreator=person, role=world["facilitator"])
    assert held.started_on == started and held.recorded_by is not None
    assert AuditEvent.objects.filter(cocreator_id=person.pk, fields=["role_held"]).exists()
    record = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    html = record.content.decode()
    assert 'id="roles"' in html and "Lived-experience facilitator" in html


def test_an_ambassador_role_needs_forums_with_a_plain_error(staff_client, world):
    url = reverse("capacity:person-role-add", args=[world["person"].pk])
    response = staff_client.post(
        url, {"role": world["ambassador"].pk, "forums": "  ", **dated("started_on", TODAY())}
    )
    assert response.status_code == 200
    assert "Enter the forums they represent the trust in" in response.content.decode()
    assert not PersonRole.objects.filter(role=world["ambassador"]).exists()
    staff_client.post(
        url,
        {
            "role": world["ambassador"].pk,
            "forums": "ICB forum\n\nCarers' forum",
            **dated("started_on", TODAY()),
        },
    )
    held = PersonRole.objects.get(role=world["ambassador"])
    assert held.forums == "ICB forum\nCarers' forum"
    ambassadors = staff_client.get(reverse("capacity:ambassador-list")).content.decode()
    assert "Ada Role" in ambassadors and "Carers&#x27; forum" in ambassadors


def test_staff_end_a_role_and_it_becomes_past(staff_client, world):
    held = world["held"]
    url = reverse("capacity:person-role-end", args=[held.pk])
    too_early = staff_client.post(url, dated("ended_on", TODAY() - datetime.timedelta(days=1)))
    assert "must be the same as or after the day it started" in too_early.content.decode()
    future = staff_client.post(url, dated("ended_on", TODAY() + datetime.timedelta(days=1)))
    assert "must be today or in the past" in future.content.decode()
    held.refresh_from_db()
    assert held.ended_on is None
    assert staff_client.post(url, dated("ended_on", TODAY())).status_code == 302
    held.refresh_from_db()
    assert held.ended_on == TODAY()
    assert AuditEvent.objects.filter(cocreator_id=held.cocreator_id, fields=["role_held"]).exists()


def test_pathway_shows_done_and_still_to_do_from_completions(cocreator, cocreator_client, world):
    me = cocreator_for_user_ensure(user=cocreator)
    PersonRole.objects.create(cocreator=me, role=world["cocreator_role"], started_on=TODAY())
    completion(me, world["safeguarding"], expires_in=30)  # done, not expired
    completion(me, world["facilitation"], days_ago=400, expires_in=-1)  # expired: to do again
    html = cocreator_client.get(reverse("capacity:portal-roles")).content.decode()
    assert "Co-creator" in html and "Your pathway" in html
    assert "Lived-experience facilitator" in html
    assert 'Safeguarding: <strong class="nhsuk-tag nhsuk-tag--green">Done' in html
    assert 'Facilitation skills: <strong class="nhsuk-tag nhsuk-tag--grey">Still to do' in html
    # Panel member follows the facilitator, not a role held now, so it is not on this pathway.
    assert "Panel member" not in html


def test_pathway_links_to_the_training_page_once_it_exists(cocreator, cocreator_client, world):
    me = cocreator_for_user_ensure(user=cocreator)
    PersonRole.objects.create(cocreator=me, role=world["cocreator_role"], started_on=TODAY())
    html = cocreator_client.get(reverse("capacity:portal-roles")).content.decode()
    try:
        training = reverse("capacity:portal-training")
    except NoReverseMatch:
        assert "Find a course" not in html
    else:
        assert f'href="{training}"' in html


def test_someone_without_a_role_is_pointed_to_the_roles(cocreator_client):
    html = cocreator_client.get(reverse("capacity:portal-roles")).content.decode()
    assert "You do not hold a role yet" in html
    assert reverse("capacity:public-role-list") in html


def test_the_portal_home_links_to_your_roles(cocreator_client):
    html = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert reverse("capacity:portal-roles") in html


def _more_world(n):
    for i in range(n):
        c = course(f"Course {i}")
        r = role(f"Role {i}", courses=[c], ambassador=i % 2 == 0)
        person = CoCreatorFactory()
        PersonRole.objects.create(cocreator=person, role=r, started_on=TODAY(), forums="A forum")


@pytest.mark.parametrize(
    "url_name", ["capacity:role-list", "capacity:ambassador-list", "capacity:public-role-list"]
)
def test_list_pages_queries_do_not_grow_with_rows(
    staff_client, world, url_name, django_assert_max_num_queries
):
    url = reverse(url_name)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).status_code == 200
    _more_world(6)
    with django_assert_max_num_queries(len(few)):
        assert staff_client.get(url).status_code == 200


def test_portal_roles_queries_do_not_grow_with_roles(
    cocreator, cocreator_client, world, django_assert_max_num_queries
):
    me = cocreator_for_user_ensure(user=cocreator)
    PersonRole.objects.create(cocreator=me, role=world["cocreator_role"], started_on=TODAY())
    url = reverse("capacity:portal-roles")
    cocreator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        cocreator_client.get(url)
    for i in range(5):
        extra = role(f"Next {i}", courses=[course(f"Needed {i}")])
        world["cocreator_role"].next_roles.add(extra)
        other = role(f"Held {i}", next_roles=[extra])
        PersonRole.objects.create(cocreator=me, role=other, started_on=TODAY())
    with django_assert_max_num_queries(len(few)):
        assert cocreator_client.get(url).status_code == 200


def test_a_role_held_now_cannot_be_added_twice(staff_client, world):
    response = staff_client.post(
        reverse("capacity:person-role-add", args=[world["person"].pk]),
        {"role": world["cocreator_role"].pk, **dated("started_on", TODAY())},
    )
    assert "Ada Role already holds this role" in response.content.decode()
    assert PersonRole.objects.count() == 1
