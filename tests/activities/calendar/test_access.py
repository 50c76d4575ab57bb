"""Who reaches which calendar page: the public pages are open to all; the portal page is only
for co-creators (each only their own); the awareness date pages are only for staff."""

import pytest
from django.urls import reverse

from activities.models import CalendarFeed
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for

from .conftest import awareness, d


@pytest.fixture
def row(frozen):
    return awareness("Access Test Day", d(2027, 3, 3))


@pytest.fixture
def staff_urls(row):
    return [
        reverse("activities:awareness-list"),
        reverse("activities:awareness-add"),
        reverse("activities:awareness-edit", args=[row.pk]),
        reverse("activities:awareness-delete", args=[row.pk]),
    ]


PORTAL_URLS = [reverse("activities:portal-calendar"), reverse("activities:portal-calendar-reset")]


def test_anyone_reaches_the_public_pages_and_feed(anonymous, frozen, request):
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18))
    urls = [
        reverse("activities:calendar"),
        reverse("activities:calendar-list"),
        reverse("activities:calendar-activity", args=[activity.pk]),
        reverse("activities:calendar-ics"),
    ]
    clients = [anonymous] + [
        client_for(request.getfixturevalue(p))
        for p in ("cocreator", "steering_member", "staff_member_with_mfa")
    ]
    for client in clients:
        for url in urls:
            assert client.get(url).status_code == 200, url


def test_an_anonymous_visitor_is_sent_to_sign_in_from_staff_and_portal_pages(anonymous, staff_urls):
    for url in staff_urls + PORTAL_URLS:
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_a_cocreator_or_steering_member_is_refused_the_awareness_pages(
    request, persona, staff_urls, row
):
    client = client_for(request.getfixturevalue(persona))
    for url in staff_urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Taken over"}).status_code == 403, url
    row.refresh_from_db()
    assert row.name == "Access Test Day"


@pytest.mark.parametrize("persona", ["staff_member_with_mfa", "steering_member"])
def test_staff_and_steering_members_are_refused_the_portal_page(request, persona, frozen):
    client = client_for(request.getfixturevalue(persona))
    for url in PORTAL_URLS:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert not CalendarFeed.objects.exists()


def test_staff_reach_every_awareness_page(staff_client, staff_urls):
    for url in staff_urls:
        assert staff_client.get(url).status_code == 200, url
