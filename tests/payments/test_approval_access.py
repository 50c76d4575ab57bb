"""Who may open each approval page and press each button: staff read, staff who manage payments
act, everyone else is refused (anonymous visitors sign in; co-creators and steering members 403;
an unknown number 404)."""

import pytest
from django.urls import reverse

from community.models import AuditAction, AuditEvent, Message
from payments.models import Claim, ClaimStatus, ExportKind, PaymentExport, ProjectBudget
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .factories import approved, can_manage, payee, submitted

pytestmark = pytest.mark.django_db

MISSING = 999999


@pytest.fixture
def world(db):
    claim = submitted(CoCreatorFactory(full_name="Ada Claimant"), expenses=["5.00"])
    ready = approved(payee(CoCreatorFactory()).cocreator)
    export = PaymentExport.objects.create(kind=ExportKind.PAYROLL)
    return {"claim": claim, "ready": ready, "export": export, "project": ProjectFactory()}


def _reads(w, missing=False):
    """The pages any involvement staff member may open."""
    claim = MISSING if missing else w["claim"].pk
    export = MISSING if missing else w["export"].pk
    pages = [
        reverse("payments:claim-review", args=[claim]),
        reverse("payments:export-detail", args=[export]),
        reverse("payments:export-csv", args=[export]),
    ]
    if not missing:
        pages += [
            reverse("payments:claim-list"),
            reverse("payments:export-list"),
            reverse("payments:budget-list"),
        ]
    return pages


def _forms(w, missing=False):
    """The forms only staff who manage payments may open."""
    person = MISSING if missing else w["claim"].cocreator_id
    project = MISSING if missing else w["project"].pk
    return [
        reverse("payments:payroll-reference", args=[person]),
        reverse("payments:budget-edit", args=[project]),
    ]


def _posts(w, missing=False):
    """Every button, with what it sends."""
    claim = MISSING if missing else w["claim"].pk
    export = MISSING if missing else w["export"].pk
    person = MISSING if missing else w["claim"].cocreator_id
    project = MISSING if missing else w["project"].pk
    return [
        (reverse("payments:claim-approve", args=[claim]), {}),
        (reverse("payments:claim-return", args=[claim]), {"reason": "Please change it"}),
        (reverse("payments:claim-paid", args=[claim]), {}),
        (reverse("payments:export-make"), {"kind": "payroll"}),
        (reverse("payments:export-paid", args=[export]), {}),
        (reverse("payments:payroll-reference", args=[person]), {"payroll_reference": "X1"}),
        (reverse("payments:budget-edit", args=[project]), {"amount": "100"}),
    ]


def _nothing_changed(w):
    w["claim"].refresh_from_db()
    assert w["claim"].status == ClaimStatus.SUBMITTED and w["claim"].approved_at is None
    assert not Message.objects.exists()
    assert PaymentExport.objects.count() == 1
    w["export"].refresh_from_db()
    assert w["export"].paid_at is None
    assert not ProjectBudget.objects.exists()
    changes = AuditEvent.objects.filter(cocreator_id=w["claim"].cocreator_id)
    assert not changes.exclude(action=AuditAction.CREATE).exists()


def test_staff_open_every_page(staff_client, world):
    for url in _reads(world):
        assert staff_client.get(url).status_code == 200, url


def test_an_anonymous_visitor_is_sent_to_sign_in_everywhere(client, world):
    for url in _reads(world) + _forms(world):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url, data in _posts(world):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    _nothing_changed(world)


@pytest.mark.parametrize("who", ["cocreator", "steering_member"])
def test_co_creators_and_steering_members_are_refused_everywhere(request, who, world):
    user = request.getfixturevalue(who)
    can_manage(user)  # even holding the permission, the role is wrong
    browser = client_for(user)
    for url in _reads(world) + _forms(world):
        assert browser.get(url).status_code == 403, url
    for url, data in _posts(world):
        assert browser.post(url, data).status_code == 403, url
    _nothing_changed(world)


def test_the_claimants_own_login_cannot_open_the_staff_review(cocreator, world):
    claim = submitted(CoCreatorFactory(user=cocreator))
    url = reverse("payments:claim-review", args=[claim.pk])
    assert client_for(cocreator).get(url).status_code == 403


def test_staff_who_do_not_manage_payments_see_no_buttons_and_are_refused(staff_client, world):
    page = staff_client.get(reverse("payments:claim-review", args=[world["claim"].pk]))
    html = page.content.decode()
    assert "Ada Claimant" in html
    assert "Only staff who manage payments" in html
    assert reverse("payments:claim-approve", args=[world["claim"].pk]) not in html
    assert reverse("payments:claim-return", args=[world["claim"].pk]) not in html
    exports = staff_client.get(reverse("payments:export-list")).content.decode()
    assert reverse("payments:export-make") not in exports
    for url in _forms(world):
        assert staff_client.get(url).status_code == 403, url
    for url, data in _posts(world):
        assert staff_client.post(url, data).status_code == 403, url
    _nothing_changed(world)


def test_an_unknown_number_is_404(staff_member_with_mfa, world):
    browser = client_for(can_manage(staff_member_with_mfa))
    for url in _reads(world, missing=True) + _forms(world, missing=True):
        assert browser.get(url).status_code == 404, url
    for url, data in _posts(world, missing=True):
        if "make" not in url:
            assert browser.post(url, data).status_code == 404, url


def test_the_buttons_answer_only_a_post(staff_member_with_mfa, world):
    browser = client_for(can_manage(staff_member_with_mfa))
    for url, _ in _posts(world):
        if "payroll-reference" in url or "budgets" in url:
            continue  # forms: a GET shows them
        assert browser.get(url).status_code == 405, url
    _nothing_changed(world)


def test_the_menu_offers_payments_to_staff_only(staff_client, cocreator_client):
    html = staff_client.get(reverse("payments:claim-list")).content.decode()
    assert 'href="/staff/payments/claims/"' in html and ">Payments<" in html
    home = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert "/staff/payments/claims/" not in home


def test_claims_are_readable_by_any_staff_member_whatever_their_status(staff_client):
    for status in ClaimStatus.values:
        claim = submitted(status=status)
        url = reverse("payments:claim-review", args=[claim.pk])
        assert staff_client.get(url).status_code == 200, status
    assert Claim.objects.count() == len(ClaimStatus.values)
