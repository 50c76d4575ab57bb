"""Roles' services, story, leaving and demo: the rules hold whichever page calls them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity.models import PersonRole, RoleProfile
from capacity.roles.demo import AMBASSADOR, COCREATOR, FACILITATOR, ROLES, demo_build
from capacity.roles.selectors import role_list
from capacity.roles.services import person_role_add, person_role_end, role_profile_save
from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import Role
from community.services import cocreator_erase, cocreator_for_user_ensure
from community.story import story_page
from tests.community.factories import CoCreatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _role(name="Panel member", *, ambassador=False) -> RoleProfile:
    return role_profile_save(
        name=name,
        what_it_involves="Sitting on panels",
        support_offered="Papers in plain English",
        time_needed="",
        is_ambassador=ambassador,
        required_courses=[],
        next_roles=[],
    )


def test_a_role_leading_to_itself_is_refused_by_the_service():
    panel = _role()
    with pytest.raises(ValidationError) as refused:
        role_profile_save(
            role=panel,
            name=panel.name,
            what_it_involves="x",
            support_offered="x",
            time_needed="",
            is_ambassador=False,
            required_courses=[],
            next_roles=[panel],
        )
    assert "cannot lead on to itself" in str(refused.value)
    assert not panel.next_roles.exists()


def test_an_ambassador_role_needs_forums_and_another_role_keeps_none(staff_member):
    person = CoCreatorFactory()
    with pytest.raises(ValidationError):
        person_role_add(
            cocreator=person,
            role=_role("Ambassador", ambassador=True),
            started_on=timezone.localdate(),
            forums="\n \n",
            actor=staff_member,
        )
    held = person_role_add(
        cocreator=person,
        role=_role(),
        started_on=timezone.localdate(),
        forums="Not an ambassador",
        actor=staff_member,
    )
    assert held.forums == ""


def test_an_ended_role_cannot_be_ended_again(staff_member):
    held = person_role_add(
        cocreator=CoCreatorFactory(),
        role=_role(),
        started_on=timezone.localdate(),
        actor=staff_member,
    )
    person_role_end(held=held, ended_on=timezone.localdate(), actor=staff_member)
    with pytest.raises(ValidationError):
        person_role_end(held=held, ended_on=timezone.localdate(), actor=staff_member)


def test_roles_are_in_the_persons_story(staff_member):
    person = CoCreatorFactory()
    start = timezone.localdate() - datetime.timedelta(days=5)
    held = person_role_add(
        cocreator=person,
        role=_role("Ambassador", ambassador=True),
        started_on=start,
        forums="ICB forum",
        actor=staff_member,
    )
    person_role_end(held=held, ended_on=timezone.localdate(), actor=staff_member)
    for for_staff in (True, False):
        titles = [row.title for row in story_page(person, for_staff=for_staff).rows]
        assert "Became Ambassador" in titles and "Ended the role Ambassador" in titles


def test_leaving_keeps_the_role_for_counts_with_no_forums_and_ends_it(staff_member):
    person = CoCreatorFactory()
    role = _role("Ambassador", ambassador=True)
    person_role_add(
        cocreator=person,
        role=role,
        started_on=timezone.localdate() - datetime.timedelta(days=9),
        forums="Kent carers' forum",
        actor=staff_member,
    )
    cocreator_erase(cocreator=person, actor=staff_member)
    held = PersonRole.objects.get(role=role)
    assert held.cocreator_id == person.pk  # the anonymous row
    assert held.forums == ""
    assert held.recorded_by == staff_member  # the team's link stays: staff did not leave
    assert held.ended_on == timezone.localdate()
    (listed,) = role_list()
    assert listed.holders_now == 0


def test_the_demo_builds_a_pathway_and_people_in_roles_once(django_assert_max_num_queries):
    demo = cocreator_for_user_ensure(
        user=UserFactory(email=DEMO_COCREATOR_EMAIL, role=Role.COCREATOR, full_name="Alex Morgan")
    )
    CoCreatorFactory.create_batch(25)
    with django_assert_max_num_queries(15):
        assert demo_build() > 10
    assert set(RoleProfile.objects.values_list("name", flat=True)) == set(ROLES)
    cocreator_role = RoleProfile.objects.get(name=COCREATOR)
    assert {r.name for r in cocreator_role.next_roles.all()} == {
        FACILITATOR,
        "Community Co-creation Champion",
    }
    ambassadors = PersonRole.objects.filter(role__name=AMBASSADOR, ended_on__isnull=True)
    assert ambassadors.count() == 2 and all(a.forums for a in ambassadors)
    assert {h.role.name for h in PersonRole.objects.filter(cocreator=demo)} == {
        COCREATOR,
        FACILITATOR,
    }
    before = PersonRole.objects.count()
    assert demo_build() == 0
    assert PersonRole.objects.count() == before
