"""The public home page's "Have your say": live consultations the visitor can take part in,
closing soonest first, at most three, with a link to them all."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.services import cocreator_for_user_ensure
from consultations.models import Audience, ConsultationStatus
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory

from .reach_factories import group_interested_in, service_area

HOME = reverse("home")


def _listed(response) -> list[str]:
    sections = {s["key"]: s["context"] for s in response.context["home_sections"]}
    if "consultations" not in sections:
        return []
    return [row["consultation"].title for row in sections["consultations"]["consultations"]]


def _closing_in(days, **fields):
    return ConsultationFactory(closes_at=timezone.now() + timedelta(days=days), **fields)


def test_nothing_is_shown_when_no_consultation_is_live(anonymous, db):
    ConsultationFactory(title="Draft one", audience=Audience.PUBLIC, draft=True)
    ConsultationFactory(title="Ended one", audience=Audience.PUBLIC, ended=True)
    ConsultationFactory(
        title="Not yet open",
        audience=Audience.PUBLIC,
        opens_at=timezone.now() + timedelta(days=2),
        closes_at=timezone.now() + timedelta(days=9),
    )
    ConsultationFactory(
        title="Closed early", audience=Audience.PUBLIC, status=ConsultationStatus.CLOSED
    )
    response = anonymous.get(HOME)
    assert response.status_code == 200
    assert _listed(response) == []
    assert "Have your say" not in response.content.decode()


def test_a_visitor_sees_live_public_ones_closing_soonest_first(anonymous, db):
    _closing_in(20, title="Later", audience=Audience.PUBLIC)
    _closing_in(3, title="Soonest", audience=Audience.PUBLIC)
    _closing_in(1, title="For co-creators", audience=Audience.COCREATORS)
    response = anonymous.get(HOME)
    assert _listed(response) == ["Soonest", "Later"]
    page = response.content.decode()
    assert '<h2 id="have-your-say">Have your say</h2>' in page
    assert "For co-creators" not in page
    assert reverse("consultations:list") in page
    assert "Closes at" in page


def test_at_most_three_are_shown_with_a_link_to_all(anonymous, db):
    for days in range(1, 6):
        _closing_in(days, title=f"Closing in {days}", audience=Audience.PUBLIC)
    response = anonymous.get(HOME)
    assert _listed(response) == ["Closing in 1", "Closing in 2", "Closing in 3"]
    assert "See all 5 ways to have your say" in response.content.decode()


def test_a_cocreator_also_sees_the_ones_they_may_take_part_in(cocreator, other_cocreator, db):
    me = cocreator_for_user_ensure(user=cocreator)
    cocreator_for_user_ensure(user=other_cocreator)
    wards = service_area("Acute wards")
    me.interests.add(wards)
    _closing_in(5, title="Public", audience=Audience.PUBLIC)
    _closing_in(2, title="Everyone in the community", audience=Audience.COCREATORS)
    _closing_in(1, title="Ward group", audience=Audience.GROUP, group=group_interested_in(wards))
    assert _listed(client_for(cocreator).get(HOME)) == [
        "Ward group",
        "Everyone in the community",
        "Public",
    ]
    assert _listed(client_for(other_cocreator).get(HOME)) == [
        "Everyone in the community",
        "Public",
    ]


@pytest.mark.parametrize("who", ["staff_member_with_mfa", "steering_member", "partner_member"])
def test_people_who_are_not_cocreators_see_public_ones_only(who, request, db):
    _closing_in(2, title="Public", audience=Audience.PUBLIC)
    _closing_in(1, title="For co-creators", audience=Audience.COCREATORS)
    user = request.getfixturevalue(who)
    assert _listed(client_for(user).get(HOME)) == ["Public"]


def test_the_home_page_takes_the_same_queries_for_2_or_10_consultations(
    anonymous, cocreator, db, django_assert_max_num_queries
):
    cocreator_for_user_ensure(user=cocreator)
    client = client_for(cocreator)
    group = group_interested_in(service_area("Acute wards"))
    for days in (1, 2):
        _closing_in(days, audience=Audience.GROUP, group=group)
    client.get(HOME)
    with django_assert_max_num_queries(30) as few:
        client.get(HOME)
    for days in range(3, 11):
        _closing_in(
            days,
            audience=Audience.GROUP,
            group=group_interested_in(service_area(f"Area {days}"), name=f"G{days}"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)
