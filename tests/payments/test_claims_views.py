"""Claims pages: the person's own in the portal (choice, claims, expenses, submitting, receipts)
and staff doing it for them. Outsiders are refused on every page, a co-creator reaches only their
own claims (anyone else's answers 404), a bad receipt is refused with nothing written."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityPayment
from community.models import AuditEvent
from community.services import cocreator_erase, cocreator_for_user_ensure
from impact.documents import check_upload
from payments.claims.services import expense_add, payment_choice_record
from payments.models import Claim, ClaimStatus, Expense, ExpenseKind, PaymentChoice, PaymentMethod
from payments.notice import NOTICE_VERSION
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .factories import claim_of, past_session, pdf, png, rate, register, stored_receipts

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def them(other_cocreator):
    return cocreator_for_user_ensure(user=other_cocreator)


@pytest.fixture
def my_claim(me):
    return claim_of(me, payment_amount=Decimal("40.00"))


@pytest.fixture
def their_claim(them):
    claim = claim_of(them, payment_amount=Decimal("40.00"))
    upload = pdf()
    expense_add(
        claim=claim,
        kind=ExpenseKind.FARE,
        amount=Decimal("4.50"),
        receipt=upload,
        checked=check_upload(upload),
        actor=None,
    )
    return claim


@pytest.fixture
def steering_client(steering_member):
    return client_for(steering_member)


def choose(person, method=PaymentMethod.PAYROLL, charity=""):
    return payment_choice_record(cocreator=person, method=method, charity=charity, actor=None)


def portal_pages(claim, expense):
    return [
        reverse("payments:my-payments"),
        reverse("payments:my-choice"),
        reverse("payments:my-claim-start"),
        reverse("payments:my-claim", args=[claim.pk]),
        reverse("payments:my-receipt", args=[claim.pk, expense.pk]),
    ]


def portal_posts(claim, expense):
    return [
        reverse("payments:my-expense-remove", args=[claim.pk, expense.pk]),
        reverse("payments:my-claim-submit", args=[claim.pk]),
    ]


def staff_pages(claim, expense):
    person = claim.cocreator_id
    return [
        reverse("payments:person-payments", args=[person]),
        reverse("payments:person-choice", args=[person]),
        reverse("payments:person-claim-start", args=[person]),
        reverse("payments:claim-edit", args=[claim.pk]),
        reverse("payments:claim-receipt", args=[claim.pk, expense.pk]),
    ]


def staff_posts(claim, expense):
    return [
        reverse("payments:claim-expense-remove", args=[claim.pk, expense.pk]),
        reverse("payments:claim-submit", args=[claim.pk]),
    ]


# --- Who may open what --------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in_everywhere(client, their_claim):
    expense = their_claim.expenses.get()
    for url in portal_pages(their_claim, expense) + staff_pages(their_claim, expense):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in portal_posts(their_claim, expense) + staff_posts(their_claim, expense):
        assert "/accounts/login/" in client.post(url)["Location"], url


def test_staff_and_steering_members_are_refused_the_portal_pages(
    staff_client, steering_client, their_claim
):
    expense = their_claim.expenses.get()
    for browser in (staff_client, steering_client):
        for url in portal_pages(their_claim, expense):
            assert browser.get(url).status_code == 403, url
        for url in portal_posts(their_claim, expense):
            assert browser.post(url).status_code == 403, url


def test_co_creators_and_steering_members_are_refused_the_staff_pages(
    cocreator_client, steering_client, their_claim
):
    expense = their_claim.expenses.get()
    for browser in (cocreator_client, steering_client):
        for url in staff_pages(their_claim, expense):
            assert browser.get(url).status_code == 403, url
        for url in staff_posts(their_claim, expense):
            assert browser.post(url).status_code == 403, url
    assert Expense.objects.filter(pk=expense.pk).exists()


def test_someone_elses_claim_answers_404_and_nothing_changes(cocreator_client, their_claim, me):
    choose(me)
    expense = their_claim.expenses.get()
    for url in [
        reverse("payments:my-claim", args=[their_claim.pk]),
        reverse("payments:my-receipt", args=[their_claim.pk, expense.pk]),
    ]:
        assert cocreator_client.get(url).status_code == 404, url
    for url in portal_posts(their_claim, expense):
        assert cocreator_client.post(url).status_code == 404, url
    response = cocreator_client.post(
        reverse("payments:my-claim", args=[their_claim.pk]),
        {"form": "mileage", "mileage-miles": "10"},
    )
    assert response.status_code == 404
    their_claim.refresh_from_db()
    assert their_claim.status == ClaimStatus.DRAFT and their_claim.expenses.count() == 1


def test_my_own_expense_on_someone_elses_claim_address_answers_404(
    cocreator_client, my_claim, their_claim
):
    mine = expense_add(claim=my_claim, kind=ExpenseKind.MILEAGE, miles=Decimal("3"), actor=None)
    theirs = their_claim.expenses.get()
    assert (
        cocreator_client.get(
            reverse("payments:my-receipt", args=[my_claim.pk, theirs.pk])
        ).status_code
        == 404
    )
    assert (
        cocreator_client.post(
            reverse("payments:my-expense-remove", args=[my_claim.pk, theirs.pk])
        ).status_code
        == 404
    )
    assert (
        cocreator_client.post(
            reverse("payments:my-expense-remove", args=[their_claim.pk, mine.pk])
        ).status_code
        == 404
    )
    assert Expense.objects.count() == 2


def test_staff_see_every_staff_page(staff_client, their_claim):
    expense = their_claim.expenses.get()
    for url in staff_pages(their_claim, expense):
        assert staff_client.get(url).status_code == 200, url


def test_staff_cannot_change_anything_for_someone_who_left(
    staff_client, their_claim, them, django_capture_on_commit_callbacks
):
    expense = their_claim.expenses.get()
    receipt = expense.receipt.name
    # The receipt's file goes once the leaving commits (payments/erasure.py).
    with django_capture_on_commit_callbacks(execute=True):
        cocreator_erase(cocreator=them, actor=None)
    expense.refresh_from_db()
    assert (expense.amount, expense.receipt.name, expense.receipt_name) == (Decimal("4.50"), "", "")
    assert not default_storage.exists(receipt)
    assert staff_client.get(reverse("payments:person-payments", args=[them.pk])).status_code == 200
    for url in [
        reverse("payments:person-choice", args=[them.pk]),
        reverse("payments:person-claim-start", args=[them.pk]),
        reverse("payments:claim-edit", args=[their_claim.pk]),
    ]:
        assert staff_client.get(url).status_code == 404, url
    for url in staff_posts(their_claim, expense):
        assert staff_client.post(url).status_code == 404, url


# --- The person's payments page and their choice ----------------------------------------------


def test_the_payments_page_before_choosing(cocreator_client, me):
    page = cocreator_client.get(reverse("payments:my-payments")).content.decode()
    assert "You have not chosen yet" in page
    assert "You have no claims to finish" in page


def test_the_payments_page_groups_claims_with_amounts_in_pounds_and_pence(cocreator_client, me):
    choose(me, PaymentMethod.VOUCHER)
    draft = claim_of(me, payment_amount=Decimal("40"))
    expense_add(claim=draft, kind=ExpenseKind.MILEAGE, miles=Decimal("10"), actor=None)
    claim_of(
        me,
        status=ClaimStatus.RETURNED,
        returned_reason="Add the bus receipt, please",
        payment_amount=Decimal("25.5"),
    )
    claim_of(me, status=ClaimStatus.SUBMITTED, payment_amount=Decimal("75"))
    claim_of(me, status=ClaimStatus.PAID, payment_amount=Decimal("12.3"))
    page = cocreator_client.get(reverse("payments:my-payments")).content.decode()
    assert "A shopping voucher instead" in page
    assert "£40.00" in page and "£4.50" in page and "£44.50" in page
    assert "Add the bus receipt, please" in page
    assert "£25.50" in page and "£75.00" in page and "£12.30" in page
    assert page.index("Claims to finish") < page.index("£75.00") < page.index("£12.30")
    assert "No claims are approved and waiting to be paid" in page


def test_the_payments_page_takes_the_same_queries_however_many_claims(
    cocreator_client, me, django_assert_max_num_queries
):
    url = reverse("payments:my-payments")
    choose(me)
    claim_of(me)
    cocreator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert cocreator_client.get(url).status_code == 200
    for _ in range(15):
        claim = claim_of(me, payment_amount=Decimal("40"))
        expense_add(claim=claim, kind=ExpenseKind.MILEAGE, miles=Decimal("5"), actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = cocreator_client.get(url)
    assert page.content.decode().count("Finish this claim") == 16


def test_choosing_shows_the_notice_then_saves_a_new_choice(cocreator_client, cocreator, me):
    page = cocreator_client.get(reverse("payments:my-choice")).content.decode()
    for words in ("Universal Credit", "Carer's Allowance", "Citizens Advice", "Turn2us", "PIP"):
        assert words in page, words
    assert page.index("Payments, tax and benefits") < page.index('name="method"')
    response = cocreator_client.post(
        reverse("payments:my-choice"), {"method": PaymentMethod.PAYROLL}
    )
    assert response.status_code == 302 and response["Location"] == reverse("payments:my-payments")
    choice = PaymentChoice.objects.get(cocreator=me)
    assert (choice.method, choice.notice_version, choice.chosen_by, choice.assisted) == (
        PaymentMethod.PAYROLL,
        NOTICE_VERSION,
        cocreator,
        False,
    )


def test_a_donation_without_a_charity_is_refused_and_nothing_written(cocreator_client, me):
    response = cocreator_client.post(
        reverse("payments:my-choice"), {"method": PaymentMethod.DONATION, "charity": " "}
    )
    assert response.status_code == 200
    assert "Enter the name of the charity" in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert not PaymentChoice.objects.exists()


def test_after_choosing_the_person_goes_back_to_their_claim_but_never_off_the_site(
    cocreator_client, me, my_claim
):
    here = reverse("payments:my-claim", args=[my_claim.pk])
    response = cocreator_client.post(
        reverse("payments:my-choice"), {"method": PaymentMethod.VOUCHER, "next": here}
    )
    assert response["Location"] == here
    response = cocreator_client.post(
        reverse("payments:my-choice"),
        {"method": PaymentMethod.VOUCHER, "next": "https://evil.example/portal/payments/"},
    )
    assert response["Location"] == reverse("payments:my-payments")


# --- A claim page: expenses and submitting -----------------------------------------------------


def test_the_claim_page_shows_the_session_hours_rate_and_amounts(
    cocreator_client, me, staff_member
):
    choose(me)
    session = past_session(title="Ward garden design")
    used = rate("40.00", name="Half day (up to 4 hours)")
    register(session, [me], actor=staff_member, hours="3")
    claim = Claim.objects.get(cocreator=me)
    assert claim.rate == used
    page = cocreator_client.get(reverse("payments:my-claim", args=[claim.pk])).content.decode()
    for words in (
        "Ward garden design",
        "Half day (up to 4 hours): £40.00",
        "£40.00",
        "Add mileage",
    ):
        assert words in page, words
    assert ">3<" in page.replace("\n", "").replace(" ", "")


def test_adding_mileage_sums_into_the_claim(cocreator_client, me, my_claim, settings):
    settings.PAYMENTS_MILEAGE_RATE = Decimal("0.45")
    url = reverse("payments:my-claim", args=[my_claim.pk])
    for miles in ("10", "2.5"):
        response = cocreator_client.post(url, {"form": "mileage", "mileage-miles": miles})
        assert response.status_code == 302
    amounts = list(my_claim.expenses.values_list("amount", flat=True))
    assert amounts == [Decimal("4.50"), Decimal("1.13")]
    assert all(isinstance(amount, Decimal) for amount in amounts)
    page = cocreator_client.get(url).content.decode()
    assert "£5.63" in page and "£45.63" in page


def test_adding_a_fare_with_a_receipt(cocreator_client, cocreator, me, my_claim):
    url = reverse("payments:my-claim", args=[my_claim.pk])
    response = cocreator_client.post(
        url,
        {
            "form": "receipt",
            "receipt-kind": ExpenseKind.FARE,
            "receipt-amount": "3.80",
            "receipt-description": "Bus",
            "receipt-receipt": png(),
        },
    )
    assert response.status_code == 302
    expense = my_claim.expenses.get()
    assert (expense.amount, expense.added_by, expense.receipt_name) == (
        Decimal("3.80"),
        cocreator,
        "receipt.png",
    )
    download = cocreator_client.get(reverse("payments:my-receipt", args=[my_claim.pk, expense.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("receipt.png", b"MZ\x90\x00 not an image"), "is not a PDF"),
        (SimpleUploadedFile("receipt.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "really a PNG"),
        (SimpleUploadedFile("receipt.pdf", b""), "The file is empty"),
        (None, "Upload a photo or scan of the receipt"),
    ],
)
def test_a_bad_or_missing_receipt_is_refused_and_nothing_is_written(
    cocreator_client, my_claim, upload, says
):
    before = stored_receipts()
    data = {"form": "receipt", "receipt-kind": ExpenseKind.PARKING, "receipt-amount": "5.00"}
    if upload is not None:
        data["receipt-receipt"] = upload
    response = cocreator_client.post(reverse("payments:my-claim", args=[my_claim.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert says in page and "nhsuk-error-summary" in page and page.count("<title>Error: ") == 1
    assert not my_claim.expenses.exists()
    assert stored_receipts() == before


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"form": "receipt"}, "Choose what the expense was"),
        ({"form": "mileage"}, "Enter how many miles you drove"),
        ({"form": "mileage", "mileage-miles": "-3"}, "Enter at least 0.1 miles"),
        ({"form": "mileage", "mileage-miles": "twelve"}, "Enter the miles as a number"),
        ({"form": "receipt", "receipt-kind": ExpenseKind.FARE}, "Enter how much it cost"),
        ({"form": "receipt", "receipt-amount": "4.555"}, "in pounds and pence"),
        ({"form": "receipt", "receipt-amount": "four"}, "in pounds and pence"),
        ({"form": "receipt", "receipt-kind": ExpenseKind.MILEAGE}, "mileage has its own form"),
    ],
)
def test_an_expense_with_mistakes_says_what_to_fix(cocreator_client, my_claim, data, says):
    response = cocreator_client.post(reverse("payments:my-claim", args=[my_claim.pk]), data)
    assert response.status_code == 200 and says in response.content.decode()
    assert not my_claim.expenses.exists()


def test_removing_an_expense(cocreator_client, my_claim):
    expense = expense_add(claim=my_claim, kind=ExpenseKind.MILEAGE, miles=Decimal("3"), actor=None)
    url = reverse("payments:my-expense-remove", args=[my_claim.pk, expense.pk])
    assert cocreator_client.get(url).status_code == 405
    assert cocreator_client.post(url).status_code == 302
    assert not my_claim.expenses.exists()


def test_submitting_without_a_choice_sends_the_person_to_choose_first(cocreator_client, my_claim):
    response = cocreator_client.post(reverse("payments:my-claim-submit", args=[my_claim.pk]))
    here = reverse("payments:my-claim", args=[my_claim.pk])
    assert response["Location"] == f"{reverse('payments:my-choice')}?next={here}"
    page = cocreator_client.get(response["Location"]).content.decode()
    assert "read about payments, tax and benefits and choose" in page
    assert f'name="next" value="{here}"' in page
    my_claim.refresh_from_db()
    assert my_claim.status == ClaimStatus.DRAFT


def test_a_claim_with_nothing_to_pay_cannot_be_submitted(cocreator_client, me):
    choose(me)
    claim = claim_of(me)
    response = cocreator_client.post(reverse("payments:my-claim-submit", args=[claim.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is nothing to pay on this claim" in page and "nhsuk-error-summary" in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT


def test_submitting_a_claim(cocreator_client, cocreator, me, my_claim):
    choose(me, PaymentMethod.DONATION, charity="Mind")
    response = cocreator_client.post(reverse("payments:my-claim-submit", args=[my_claim.pk]))
    assert response["Location"] == reverse("payments:my-payments")
    my_claim.refresh_from_db()
    assert (my_claim.status, my_claim.method, my_claim.charity, my_claim.submitted_by) == (
        ClaimStatus.SUBMITTED,
        PaymentMethod.DONATION,
        "Mind",
        cocreator,
    )
    page = cocreator_client.get(reverse("payments:my-claim", args=[my_claim.pk])).content.decode()
    assert "Add mileage" not in page and "Waiting for approval" in page
    response = cocreator_client.post(
        reverse("payments:my-claim", args=[my_claim.pk]),
        {"form": "mileage", "mileage-miles": "4"},
    )
    assert "cannot be changed" in response.content.decode()
    assert not my_claim.expenses.exists()


# --- Starting a claim -------------------------------------------------------------------------


def test_starting_an_expenses_claim(cocreator_client, me, staff_member):
    session = past_session(payment=ActivityPayment.EXPENSES, title="Peer support planning")
    older = past_session(payment=ActivityPayment.EXPENSES, title="Long ago", days_ago=120)
    register(session, [me], actor=staff_member)
    register(older, [me], actor=staff_member)
    url = reverse("payments:my-claim-start")
    page = cocreator_client.get(url).content.decode()
    assert "Peer support planning" in page and "Long ago" not in page
    assert cocreator_client.post(url, {}).status_code == 200
    response = cocreator_client.post(url, {"attendance": str(session.pk)})
    claim = Claim.objects.get(cocreator=me)
    assert response["Location"] == reverse("payments:my-claim", args=[claim.pk])
    assert claim.activity == session and claim.payment_amount == Decimal("0.00")
    assert "Peer support planning" not in cocreator_client.get(url).content.decode()


def test_a_session_someone_else_came_to_cannot_be_claimed_for(
    cocreator_client, me, them, staff_member
):
    session = past_session(payment=ActivityPayment.EXPENSES)
    register(session, [them], actor=staff_member)
    response = cocreator_client.post(
        reverse("payments:my-claim-start"), {"attendance": str(session.pk)}
    )
    assert response.status_code == 200
    assert "There are no sessions you can start a claim for" in response.content.decode()
    register(past_session(payment=ActivityPayment.EXPENSES), [me], actor=staff_member)
    response = cocreator_client.post(
        reverse("payments:my-claim-start"), {"attendance": str(session.pk)}
    )
    assert "Choose one of the sessions shown" in response.content.decode()
    assert not Claim.objects.exists()


# --- Staff for a person ------------------------------------------------------------------------


def test_the_staff_person_page(staff_client, them, their_claim):
    choose(them, PaymentMethod.DONATION, charity="Mind")
    page = staff_client.get(reverse("payments:person-payments", args=[them.pk])).content.decode()
    assert "A donation to a charity instead: Mind" in page
    assert "£44.50" in page and "Not recorded" in page
    assert reverse("payments:claim-edit", args=[their_claim.pk]) in page


def test_staff_record_a_choice_only_having_given_the_notice(
    staff_client, staff_member_with_mfa, them
):
    url = reverse("payments:person-choice", args=[them.pk])
    page = staff_client.get(url).content.decode()
    assert "I have read this notice to the person or given it to them" in page
    response = staff_client.post(url, {"method": PaymentMethod.DECLINED})
    assert "Confirm you have read the notice" in response.content.decode()
    assert not PaymentChoice.objects.exists()
    response = staff_client.post(url, {"method": PaymentMethod.DECLINED, "notice_given": "on"})
    assert response["Location"] == reverse("payments:person-payments", args=[them.pk])
    choice = PaymentChoice.objects.get(cocreator=them)
    assert choice.assisted and choice.chosen_by == staff_member_with_mfa
    assert choice.notice_version == NOTICE_VERSION
    assert AuditEvent.objects.filter(cocreator_id=them.pk, fields=["payment_choice"]).exists()


def test_staff_add_an_expense_and_submit_for_the_person(
    staff_client, staff_member_with_mfa, them, their_claim
):
    choose(them)
    url = reverse("payments:claim-edit", args=[their_claim.pk])
    response = staff_client.post(url, {"form": "mileage", "mileage-miles": "20"})
    assert response["Location"] == url
    assert their_claim.expenses.count() == 2
    response = staff_client.post(reverse("payments:claim-submit", args=[their_claim.pk]))
    assert response["Location"] == reverse("payments:person-payments", args=[them.pk])
    their_claim.refresh_from_db()
    assert their_claim.status == ClaimStatus.SUBMITTED and their_claim.assisted
    assert their_claim.submitted_by == staff_member_with_mfa
    assert AuditEvent.objects.filter(cocreator_id=them.pk, fields=["claims"]).count() == 2
    page = staff_client.get(url).content.decode()
    assert "cannot be changed here" in page


def test_staff_submitting_without_a_choice_are_sent_to_record_it(staff_client, them, their_claim):
    response = staff_client.post(reverse("payments:claim-submit", args=[their_claim.pk]))
    assert response["Location"] == reverse("payments:person-choice", args=[them.pk])
    their_claim.refresh_from_db()
    assert their_claim.status == ClaimStatus.DRAFT


def test_staff_start_a_claim_for_a_person(staff_client, them, staff_member):
    session = past_session(payment=ActivityPayment.EXPENSES)
    register(session, [them], actor=staff_member)
    url = reverse("payments:person-claim-start", args=[them.pk])
    response = staff_client.post(url, {"attendance": str(session.pk)})
    claim = Claim.objects.get(cocreator=them)
    assert response["Location"] == reverse("payments:claim-edit", args=[claim.pk])
    assert claim.assisted


def test_staff_download_a_receipt(staff_client, their_claim):
    expense = their_claim.expenses.get()
    response = staff_client.get(
        reverse("payments:claim-receipt", args=[their_claim.pk, expense.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert default_storage.exists(expense.receipt.name)


def test_a_mileage_expense_has_no_receipt_to_download(staff_client, their_claim):
    expense = expense_add(
        claim=their_claim, kind=ExpenseKind.MILEAGE, miles=Decimal("2"), actor=None
    )
    url = reverse("payments:claim-receipt", args=[their_claim.pk, expense.pk])
    assert staff_client.get(url).status_code == 404


# --- Where people find it ----------------------------------------------------------------------


def test_the_portal_home_and_menu_lead_to_payments(cocreator_client, me, my_claim):
    page = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert "Payments and expenses" in page
    assert "You have 1 claim to finish" in page
    assert reverse("payments:my-payments") in page


def test_the_staff_record_has_a_payments_section(staff_client, them, their_claim):
    page = staff_client.get(reverse("community:cocreator-detail", args=[them.pk])).content.decode()
    assert 'id="payments-and-expenses"' in page
    assert "Draft: 1 claim" in page
    assert reverse("payments:person-payments", args=[them.pk]) in page


def test_a_person_with_no_choice_has_no_payment_choice_on_record(staff_client, them):
    page = staff_client.get(reverse("community:cocreator-detail", args=[them.pk])).content.decode()
    assert "They have not chosen how they would like to be paid" in page


def test_others_cannot_see_a_person_they_do_not_have(cocreator_client, them):
    CoCreatorFactory()
    url = reverse("payments:person-payments", args=[them.pk])
    assert cocreator_client.get(url).status_code == 403


def test_the_staff_person_page_takes_the_same_queries_however_many_claims(
    staff_client, them, django_assert_max_num_queries
):
    url = reverse("payments:person-payments", args=[them.pk])
    claim_of(them)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).status_code == 200
    for _ in range(12):
        claim = claim_of(them, payment_amount=Decimal("40"))
        expense_add(claim=claim, kind=ExpenseKind.MILEAGE, miles=Decimal("5"), actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(url)
    assert page.content.decode().count("Add expenses or submit") == 13
