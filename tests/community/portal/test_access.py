"""Only a co-creator reaches the portal, and only ever sees their own record."""

import pytest

from tests.conftest import client_for

from .conftest import their_secrets

PAGES = [
    "/portal/",
    "/portal/profile/",
    "/portal/preferences/",
    "/portal/equality/",
    "/portal/equality/withdraw/",
    "/portal/data/",
    "/portal/data.json",
    "/portal/data.csv",
    "/portal/leave/",
]


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, db, path):
    response = anonymous.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", PAGES)
def test_staff_are_refused_the_portal(staff_client, path):
    assert staff_client.get(path).status_code == 403
    assert staff_client.post(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_a_steering_member_is_refused_the_portal(steering_client, path):
    assert steering_client.get(path).status_code == 403
    assert steering_client.post(path).status_code == 403


def test_a_refused_post_writes_nothing(steering_client, steering_member):
    from community.models import CoCreator

    steering_client.post("/portal/leave/", {"understand": "on"})
    steering_client.post("/portal/profile/", {"full_name": "Changed"})
    assert not CoCreator.objects.filter(user=steering_member).exists()
    steering_member.refresh_from_db()
    assert steering_member.is_active


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/portal/equality/withdraw/"])
def test_another_cocreators_details_never_show_on_my_pages(cocreator_client, me, them, path):
    response = cocreator_client.get(path)
    assert response.status_code == 200
    body = response.getvalue().decode()  # a page, or a streamed download
    assert me.full_name in body
    for secret in their_secrets(them):
        assert secret not in body, f"{secret!r} from another person's record is on {path}"


def test_the_portal_has_no_record_numbers_to_change(cocreator_client, me, them):
    """Every portal address is the signed-in person's own: there is no number to swap."""
    assert cocreator_client.get(f"/portal/{them.pk}/").status_code == 404
    assert cocreator_client.get(f"/portal/profile/{them.pk}/").status_code == 404


def test_the_first_visit_makes_the_persons_record(cocreator, cocreator_client):
    from community.models import CoCreator

    assert not CoCreator.objects.filter(user=cocreator).exists()
    cocreator_client.get("/portal/")
    record = CoCreator.objects.get(user=cocreator)
    assert record.email == cocreator.email


def test_two_cocreators_each_see_their_own_home(cocreator_client, other_cocreator, me, them):
    mine = cocreator_client.get("/portal/").content.decode()
    theirs = client_for(other_cocreator).get("/portal/").content.decode()
    assert "Hello, Case" in mine and "Hello, Oluwaseun" not in mine
    assert "Hello, Oluwaseun" in theirs and "Hello, Case" not in theirs
