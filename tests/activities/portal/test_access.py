"""Only a co-creator reaches these pages: anonymous visitors sign in, other roles are refused."""

import pytest

from activities.services import signup_create
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for

from .conftest import TUESDAY_MORNING


@pytest.fixture
def pages(me):
    activity = ActivityFactory(starts_at=TUESDAY_MORNING)
    mine = signup_create(activity_id=activity.pk, cocreator=me)
    return [
        ("get", "/portal/opportunities/"),
        ("get", f"/portal/opportunities/{activity.pk}/"),
        ("post", f"/portal/opportunities/{activity.pk}/sign-up/"),
        ("get", f"/portal/sign-ups/{mine.pk}/withdraw/"),
        ("post", f"/portal/sign-ups/{mine.pk}/withdraw/"),
        ("get", "/portal/activities/"),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, pages):
    for method, url in pages:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["staff_member_with_mfa", "steering_member"])
def test_staff_and_steering_group_members_are_refused(request, persona, pages):
    client = client_for(request.getfixturevalue(persona))
    for method, url in pages:
        assert getattr(client, method)(url).status_code == 403, url


def test_my_own_pages_open(cocreator_client, pages):
    for method, url in pages:
        if method == "get":
            assert cocreator_client.get(url).status_code == 200, url


def test_the_navigation_offers_opportunities_to_a_cocreator(cocreator_client, me):
    html = cocreator_client.get("/portal/").content.decode()
    assert 'href="/portal/opportunities/">Opportunities</a>' in html


def test_the_navigation_does_not_offer_opportunities_to_staff(staff_client):
    assert "/portal/opportunities/" not in staff_client.get("/accounts/email/").content.decode()
