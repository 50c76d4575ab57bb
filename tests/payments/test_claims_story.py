"""Claims in a person's story: each claim with its status and amounts, each payment choice, and
(staff only) their payroll number being recorded; in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.services import cocreator_for_user_ensure
from community.story import story_covered_models, story_page
from payments.claims.services import expense_add, payment_choice_record
from payments.claims.story import choice_rows, claim_rows, payee_rows
from payments.models import ClaimStatus, ExpenseKind, Payee, PaymentMethod
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .factories import claim_of, past_session

pytestmark = pytest.mark.django_db


def test_claims_models_are_in_the_story():
    assert {
        "payments.Claim",
        "payments.Expense",
        "payments.PaymentChoice",
        "payments.Payee",
    } <= story_covered_models()


@pytest.fixture
def person(staff_member):
    person = CoCreatorFactory()
    payment_choice_record(
        cocreator=person, method=PaymentMethod.DECLINED, actor=staff_member, assisted=True
    )
    claim = claim_of(
        person,
        past_session(title="Ward garden design"),
        payment_amount=Decimal("40"),
        assisted=True,
    )
    expense_add(claim=claim, kind=ExpenseKind.MILEAGE, miles=Decimal("10"), actor=None)
    claim.status = ClaimStatus.SUBMITTED
    claim.save(update_fields=["status"])
    Payee.objects.create(cocreator=person, payroll_reference="P123")
    return person


def test_staff_see_claims_choices_and_the_payroll_number_being_recorded(person):
    rows = story_page(person, for_staff=True).rows
    kinds = {row.kind for row in rows}
    assert {"Claim", "Payment choice"} <= kinds
    claim = next(row for row in rows if row.kind == "Claim")
    assert claim.title == "Claim for Ward garden design"
    assert "Waiting for approval" in claim.detail and "£40.00" in claim.detail
    assert "1 expense £4.50" in claim.detail and "total £44.50" in claim.detail
    assert "by staff" in claim.detail
    texts = " ".join(row.title + row.detail for row in rows)
    assert "Recorded by staff for them" in texts
    assert "Payroll or supplier number recorded" in texts and "P123" not in texts


def test_the_person_sees_their_claims_without_staff_notes(cocreator, staff_member):
    me = cocreator_for_user_ensure(user=cocreator)
    payment_choice_record(cocreator=me, method=PaymentMethod.VOUCHER, actor=cocreator)
    claim = claim_of(me, past_session(title="Ward garden design"), payment_amount=Decimal("40"))
    Payee.objects.create(cocreator=me, payroll_reference="P123")
    rows = story_page(me, for_staff=False).rows
    texts = " ".join(row.title + row.detail for row in rows)
    assert "You chose a shopping voucher instead of payment" in texts
    assert "Claim for Ward garden design" in texts
    assert "staff" not in texts.lower() and "Payroll" not in texts
    mine = next(row for row in rows if row.kind == "Claim")
    assert mine.url == reverse("payments:my-claim", args=[claim.pk])
    page = client_for(cocreator).get(reverse("community:portal-story")).content.decode()
    assert "Claim for Ward garden design" in page


def test_the_sources_take_the_same_queries_however_many_claims(person):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            for source in (claim_rows, choice_rows, payee_rows):
                source(person, for_staff=True, limit=None)
        return len(captured.captured_queries)

    few = queries()
    for _ in range(10):
        claim = claim_of(person, payment_amount=Decimal("40"))
        expense_add(claim=claim, kind=ExpenseKind.MILEAGE, miles=Decimal("3"), actor=None)
        payment_choice_record(cocreator=person, method=PaymentMethod.PAYROLL, actor=None)
    assert queries() == few
