"""Only involvement staff reach the register; everyone else is sent to sign in or refused."""

import pytest

from tests.conftest import client_for

PAGES = [
    ("get", "/staff/community/"),
    ("get", "/staff/community/add/"),
    ("post", "/staff/community/add/"),
    ("get", "/staff/community/export.csv"),
    ("get", "/staff/community/{pk}/"),
    ("get", "/staff/community/{pk}/edit/"),
    ("post", "/staff/community/{pk}/edit/"),
    ("post", "/staff/community/{pk}/invite/"),
    ("get", "/staff/community/{pk}/equality/"),
    ("post", "/staff/community/{pk}/equality/"),
    ("get", "/staff/community/{pk}/equality/withdraw/"),
    ("post", "/staff/community/{pk}/equality/withdraw/"),
    ("get", "/staff/audit/"),
]
IDS = [f"{method} {path}" for method, path in PAGES]


@pytest.mark.parametrize(("method", "path"), PAGES, ids=IDS)
def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, alex, method, path):
    response = getattr(anonymous, method)(path.format(pk=alex.pk))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(("method", "path"), PAGES, ids=IDS)
def test_a_cocreator_is_refused(cocreator_client, alex, method, path):
    assert getattr(cocreator_client, method)(path.format(pk=alex.pk)).status_code == 403


@pytest.mark.parametrize(("method", "path"), PAGES, ids=IDS)
def test_a_steering_member_is_refused(steering_client, alex, method, path):
    assert getattr(steering_client, method)(path.format(pk=alex.pk)).status_code == 403


def test_a_cocreator_is_refused_their_own_record_on_the_staff_pages(cocreator, db):
    from community.services import cocreator_for_user_ensure

    own = cocreator_for_user_ensure(user=cocreator)
    client = client_for(cocreator)
    assert client.get(f"/staff/community/{own.pk}/").status_code == 403
    assert client.get(f"/staff/community/{own.pk}/equality/").status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up(staff_member, alex):
    response = client_for(staff_member).get(f"/staff/community/{alex.pk}/")
    assert response.status_code == 302
    assert "/accounts/2fa/" in response.url


def test_refused_visitors_leave_no_trace_in_the_audit_log(cocreator_client, anonymous, alex):
    from community.models import AuditAction, AuditEvent

    cocreator_client.get(f"/staff/community/{alex.pk}/")
    anonymous.get(f"/staff/community/{alex.pk}/")
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/staff/community/999999/",
        "/staff/community/999999/edit/",
        "/staff/community/999999/equality/",
    ],
)
def test_a_record_that_does_not_exist_is_not_found(staff_client, db, path):
    assert staff_client.get(path).status_code == 404
