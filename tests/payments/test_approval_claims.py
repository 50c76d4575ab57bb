"""The staff claims list and reviewing one claim: approve, return with a reason, mark paid."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Message, Role
from payments.models import Claim, ClaimStatus, PaymentMethod
from tests.community.factories import CoCreatorFactory, UserFactory
from tests.conftest import client_for

from .factories import approved, can_manage, choose, past_session, payee, submitted

pytestmark = pytest.mark.django_db

LIST = "/staff/payments/claims/"


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _review(claim):
    return reverse("payments:claim-review", args=[claim.pk])


# --- The list -----------------------------------------------------------------------------------


def test_the_list_is_the_claim_list_url():
    assert reverse("payments:claim-list") == LIST


def test_claims_waiting_come_first_with_a_count_for_each_status(staff_client):
    waiting = submitted(CoCreatorFactory(full_name="Wanda Waiting"))
    second = submitted(
        CoCreatorFactory(full_name="Sid Second"),
        payment="200.00",
        approved_at=timezone.now(),
        approved_by=UserFactory(role=Role.STAFF),
    )
    submitted(CoCreatorFactory(full_name="Rhys Returned"), status=ClaimStatus.RETURNED)
    approved(CoCreatorFactory(full_name="Amir Approved"))
    submitted(CoCreatorFactory(full_name="Pat Paid"), status=ClaimStatus.PAID)
    submitted(CoCreatorFactory(full_name="Dee Draft"), status=ClaimStatus.DRAFT)
    html = _html(staff_client.get(LIST))
    assert "Waiting for approval (2)" in html
    assert "Returned for changes (1)" in html
    assert "Approved, not yet paid (1)" in html
    assert "Paid (1)" in html
    assert "1 of these is waiting for a second approver" in html
    assert "Wanda Waiting" in html and "Sid Second" in html
    assert html.index("Waiting for a second approver") > html.index("Sid Second")
    for elsewhere in ("Rhys Returned", "Amir Approved", "Pat Paid", "Dee Draft"):
        assert elsewhere not in html
    assert _review(waiting) in html and _review(second) in html


@pytest.mark.parametrize(
    ("status", "slug", "name"),
    [
        (ClaimStatus.RETURNED, "returned", "Rhys Returned"),
        (ClaimStatus.APPROVED, "approved", "Amir Approved"),
        (ClaimStatus.PAID, "paid", "Pat Paid"),
    ],
)
def test_each_status_has_its_own_list(staff_client, status, slug, name):
    submitted(CoCreatorFactory(full_name=name), status=status)
    submitted(CoCreatorFactory(full_name="Wanda Waiting"))
    html = _html(staff_client.get(LIST, {"status": slug}))
    assert name in html and "Wanda Waiting" not in html
    assert 'aria-current="page"' in html


def test_an_unknown_status_shows_the_waiting_list(staff_client):
    submitted(CoCreatorFactory(full_name="Wanda Waiting"))
    assert "Wanda Waiting" in _html(staff_client.get(LIST, {"status": "<script>"}))


def test_the_list_shows_each_claims_total_to_the_penny(staff_client):
    submitted(payment="40.00", expenses=["0.10", "0.20", "1000.00"])
    html = _html(staff_client.get(LIST))
    assert "£1,040.30" in html


def test_the_list_is_paged_by_25_and_its_queries_do_not_grow(staff_client):
    people = CoCreatorFactory.create_in_bulk(3)
    for person in people:
        submitted(person, expenses=["2.00"])
    with CaptureQueriesContext(connection) as few:
        _html(staff_client.get(LIST))
    more = CoCreatorFactory.create_in_bulk(30)
    for person in more:
        submitted(person, expenses=["2.00", "3.00"])
    with CaptureQueriesContext(connection) as many:
        html = _html(staff_client.get(LIST))
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert "Showing 1 to 25 of 33 claims" in html
    assert "Waiting for approval (33)" in html
    page_two = _html(staff_client.get(LIST, {"page": 2}))
    assert "Showing 26 to 33 of 33 claims" in page_two


def test_it_links_to_the_other_payments_pages(staff_client):
    html = _html(staff_client.get(LIST))
    assert reverse("payments:export-list") in html
    assert reverse("payments:budget-list") in html
    assert reverse("payments:rate-list") in html
    assert reverse("payments:spend") in html


# --- Reviewing a claim --------------------------------------------------------------------------


def test_the_review_shows_the_person_session_money_expenses_method_and_history(staff_client):
    person = CoCreatorFactory(full_name="Ada Claimant")
    payee(person, "PR-55")
    activity = past_session(title="Carers' forum")
    claim = submitted(
        person,
        activity=activity,
        payment="40.00",
        expenses=["12.50"],
        assisted=True,
        submitted_by=UserFactory(role=Role.STAFF, full_name="Helper Staff"),
    )
    html = _html(staff_client.get(_review(claim)))
    assert "Ada Claimant" in html and "Carers&#x27; forum" in html
    assert "£40.00" in html and "£12.50" in html and "£52.50" in html
    assert "Paid through the trust&#x27;s payroll" in html
    assert "PR-55" in html
    assert "Assisted" in html and "Helper Staff" in html
    assert "Sent for approval by staff for them" in html
    assert "parking.png" in html
    assert f"CLAIM-{claim.pk:06d}" in html


def test_the_review_links_each_receipt_and_the_persons_payments(staff_client):
    claim = submitted(expenses=["3.00"])
    expense = claim.expenses.get()
    html = _html(staff_client.get(_review(claim)))
    assert reverse("payments:claim-receipt", args=[claim.pk, expense.pk]) in html
    assert reverse("payments:person-payments", args=[claim.cocreator_id]) in html


def test_a_changed_choice_since_sending_is_pointed_out(staff_client):
    person = CoCreatorFactory()
    claim = submitted(person, method=PaymentMethod.PAYROLL)
    choose(person, PaymentMethod.DECLINED)
    html = _html(staff_client.get(_review(claim)))
    assert "They have since changed their choice to: no payment, thank you." in html
    assert "This claim will not go on a payroll export." in html


def test_approving_from_the_review(manager_client):
    claim = submitted(CoCreatorFactory(full_name="Ada Claimant"))
    response = manager_client.post(reverse("payments:claim-approve", args=[claim.pk]), follow=True)
    html = _html(response)
    assert "Ada Claimant&#x27;s claim is approved" in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_your_own_claim_shows_no_approve_button_and_is_refused_with_an_error_summary(
    manager, manager_client
):
    claim = submitted(CoCreatorFactory(user=manager, full_name="Sam Staff"))
    url = reverse("payments:claim-approve", args=[claim.pk])
    page = _html(manager_client.get(_review(claim)))
    assert "This is your own claim" in page and url not in page
    html = _html(manager_client.post(url))
    assert "nhsuk-error-summary" in html
    assert "You cannot approve your own claim" in html
    assert "<title>Error:" in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_a_claim_you_sent_for_someone_shows_no_approve_button(manager, manager_client):
    claim = submitted(assisted=True, submitted_by=manager)
    url = reverse("payments:claim-approve", args=[claim.pk])
    page = _html(manager_client.get(_review(claim)))
    assert "You sent this claim for them" in page and url not in page
    html = _html(manager_client.post(url))
    assert "nhsuk-error-summary" in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_over_the_limit_two_different_people_approve(manager, manager_client, settings):
    settings.PAYMENTS_SECOND_APPROVAL_OVER = Decimal("150.00")
    settings.STAFF_MFA_REQUIRED = False  # for the second approver, made here
    claim = submitted(payment="140.00", expenses=["20.00"])
    url = reverse("payments:claim-approve", args=[claim.pk])
    assert "two different members of staff must approve it" in _html(
        manager_client.get(_review(claim))
    )
    html = _html(manager_client.post(url, follow=True))
    assert "needs a second approval from someone else" in html
    assert "You gave this claim its first approval" in html
    assert url not in html
    refused = _html(manager_client.post(url))
    assert "A different member of staff must give the second" in refused
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    other = client_for(can_manage(UserFactory(role=Role.STAFF)))
    assert "Give the second approval" in _html(other.get(_review(claim)))
    other.post(url)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.second_approved_by is not None
    listed = _html(manager_client.get(LIST, {"status": "approved"}))
    assert _review(claim) in listed


def test_returning_without_a_reason_shows_the_error_and_writes_nothing(manager_client):
    claim = submitted()
    html = _html(manager_client.post(reverse("payments:claim-return", args=[claim.pk]), {}))
    assert "nhsuk-error-summary" in html
    assert 'href="#id_reason"' in html
    assert "Enter the reason for returning the claim" in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not Message.objects.exists()


def test_returning_tells_the_person_once(manager_client):
    person = CoCreatorFactory(full_name="Ada Claimant", prefers_email=True)
    claim = submitted(person)
    url = reverse("payments:claim-return", args=[claim.pk])
    response = manager_client.post(url, {"reason": "Please add the bus fare receipt."}, follow=True)
    assert "has been returned" in _html(response)
    manager_client.post(url, {"reason": "Pressed twice"})
    (message,) = Message.objects.filter(kind="claim_returned")
    assert message.cocreator_id == person.pk
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETURNED
    assert claim.returned_reason == "Please add the bus fare receipt."
    html = _html(manager_client.get(_review(claim)))
    assert "Reason: Please add the bus fare receipt." in html


def test_marking_a_voucher_claim_paid_from_the_review(manager_client):
    claim = approved(CoCreatorFactory(prefers_email=True), method=PaymentMethod.VOUCHER)
    page = _html(manager_client.get(_review(claim)))
    assert "Mark the claim as paid" in page
    manager_client.post(reverse("payments:claim-paid", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert Message.objects.filter(kind="claim_paid").count() == 1
    history = _html(manager_client.get(_review(claim)))
    assert "Marked as paid" in history


def test_a_payroll_claim_waiting_for_its_export_cannot_be_marked_paid(manager_client):
    claim = approved(payee(CoCreatorFactory()).cocreator)
    page = _html(manager_client.get(_review(claim)))
    assert "Ready for the next payroll export" in page
    assert "Mark the claim as paid" not in page
    html = _html(manager_client.post(reverse("payments:claim-paid", args=[claim.pk])))
    assert "still to go on an export" in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_the_review_page_keeps_its_queries_whatever_the_expenses(staff_client):
    few_claim = submitted(expenses=["1.00"])
    with CaptureQueriesContext(connection) as few:
        _html(staff_client.get(_review(few_claim)))
    many_claim = submitted(expenses=[f"{n}.00" for n in range(1, 15)])
    with CaptureQueriesContext(connection) as many:
        _html(staff_client.get(_review(many_claim)))
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_money_on_the_review_is_decimal_never_float(staff_member_with_mfa):
    from payments.approval.selectors import claim_review

    claim = submitted(payment="40.00", expenses=["0.10", "0.20"])
    review = claim_review(claim, staff_member_with_mfa)
    assert review["totals"] == {
        "payment": Decimal("40.00"),
        "expenses": Decimal("0.30"),
        "total": Decimal("40.30"),
    }
    assert all(isinstance(v, Decimal) for v in review["totals"].values())


def test_the_history_lists_what_happened_oldest_first(manager, manager_client):
    claim = submitted()
    Claim.objects.filter(pk=claim.pk).update(
        submitted_at=claim.created_at + datetime.timedelta(microseconds=1)
    )
    manager_client.post(reverse("payments:claim-approve", args=[claim.pk]))
    html = _html(manager_client.get(_review(claim)))
    history = html[html.index(">History<") :]
    made = history.index("Claim made")
    sent = history.index("Sent for approval<")
    ok = history.index("Approved<")
    assert made < sent < ok
    assert manager.full_name in history[ok:]
