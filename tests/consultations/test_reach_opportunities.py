"""The portal's opportunities page: "Have your say online" lists the live consultations the person
may take part in, as the page lists every activity: those about a service area they chose first,
saying so, then the others, each part closing soonest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.services import cocreator_for_user_ensure
from consultations.models import Audience
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory

from .reach_factories import group_interested_in, service_area

URL = "/portal/opportunities/"


@pytest.fixture
def me(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def wards(db):
    return service_area("Acute wards")


@pytest.fixture
def memory(db):
    return service_area("Memory services")


def _listed(client) -> list[str]:
    response = client.get(URL)
    assert response.status_code == 200
    sections = {s["key"]: s["context"] for s in response.context["sections"]}
    if "consultations" not in sections:
        return []
    return [row["consultation"].title for row in sections["consultations"]["consultations"]]


def _closing_in(days, **fields):
    return ConsultationFactory(closes_at=timezone.now() + timedelta(days=days), **fields)


def test_ones_about_my_interests_come_first_and_say_so(cocreator_client, me, wards, memory):
    me.interests.add(wards)
    _closing_in(9, title="About wards", service_area=wards)
    _closing_in(3, title="About anything")
    _closing_in(1, title="About memory", service_area=memory)
    _closing_in(2, title="Public, about wards", service_area=wards, audience=Audience.PUBLIC)
    assert _listed(cocreator_client) == [
        "Public, about wards",
        "About wards",
        "About memory",
        "About anything",
    ]
    page = cocreator_client.get(URL).content.decode()
    assert '<h2 id="have-your-say-online">Have your say online</h2>' in page
    assert page.count("About Acute wards.") == 2
    # The activities' rule: a reason is given only for what the person chose.
    assert "About Memory services." not in page


def test_only_live_ones_i_may_take_part_in_are_listed(
    cocreator_client, me, other_cocreator, wards, memory
):
    me.interests.add(wards)
    _closing_in(5, title="Draft", draft=True)
    ConsultationFactory(title="Ended", ended=True)
    _closing_in(5, title="My group", audience=Audience.GROUP, group=group_interested_in(wards))
    _closing_in(
        4,
        title="Another group",
        audience=Audience.GROUP,
        group=group_interested_in(memory, name="Memory people"),
    )
    assert _listed(cocreator_client) == ["My group"]
    them = cocreator_for_user_ensure(user=other_cocreator)
    them.interests.add(memory)
    assert _listed(client_for(other_cocreator)) == ["Another group"]


def test_nothing_is_shown_when_none_is_live(cocreator_client, me, memory):
    ConsultationFactory(title="Ended", service_area=memory, ended=True)
    _closing_in(5, title="Draft", service_area=memory, draft=True)
    assert _listed(cocreator_client) == []
    assert "Have your say online" not in cocreator_client.get(URL).content.decode()


def test_the_page_stays_for_cocreators_only(
    anonymous, staff_member_with_mfa, steering_member, partner_member
):
    _closing_in(5, title="For everyone", audience=Audience.PUBLIC)
    assert anonymous.get(URL).status_code == 302
    for user in (staff_member_with_mfa, steering_member, partner_member):
        assert client_for(user).get(URL).status_code == 403


def test_the_page_takes_the_same_queries_for_2_or_10_consultations(
    cocreator_client, me, wards, django_assert_max_num_queries
):
    me.interests.add(wards)
    for days in (1, 2):
        _closing_in(
            days, service_area=wards, audience=Audience.GROUP, group=group_interested_in(wards)
        )
    cocreator_client.get(URL)
    with django_assert_max_num_queries(40) as few:
        assert len(_listed(cocreator_client)) == 2
    counted = len(few.captured_queries)  # read now: the next request empties Django's query log
    for days in range(3, 11):
        _closing_in(
            days,
            service_area=wards,
            audience=Audience.GROUP,
            group=group_interested_in(wards, name=f"Group {days}"),
        )
    # A consultation's activity moves the calendar's version: the first view after reads the
    # cached list of open activities afresh (one query), as it did before `few` was counted.
    cocreator_client.get(URL)
    with django_assert_max_num_queries(counted):
        assert len(_listed(cocreator_client)) == 10
