"""Leaving: finance keeps what it paid (claims, expenses, export lines: amounts and dates, linked
to no one, free text emptied, receipt files deleted once the leaving commits); the person's
choices, payroll number and reference letters go; "who did it" links to their login are emptied.
And before leaving, their data download holds their claims, expenses and choice."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from community import erasure
from community.data_export import person_data
from community.models import CoCreatorStatus
from community.services import cocreator_erase, cocreator_for_user_ensure
from payments.erasure import erasure_rules_register, receipts_delete_for_leaver
from payments.models import (
    Claim,
    ClaimStatus,
    Expense,
    ExpenseKind,
    ExportKind,
    Payee,
    PaymentChoice,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
    ReferenceLetter,
)

from .factories import past_session, uk

MARK = "zyxwv"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _z(name: str) -> str:
    return f"Zyxwv-{name}"


@pytest.fixture(autouse=True)
def _these_rules(monkeypatch):
    """The rules in payments/erasure.py, over any other registration of the same links."""
    monkeypatch.setattr(erasure, "_POLICIES", dict(erasure._POLICIES))
    erasure_rules_register()


@pytest.fixture
def leaver(cocreator, staff_member):
    """The co-creator's record with a row of every payments kind, each text field marked."""
    person = cocreator_for_user_ensure(user=cocreator)
    PaymentChoice.objects.create(
        cocreator=person,
        method=PaymentMethod.DONATION,
        charity=_z("charity"),
        notice_version="2026-12",
        chosen_by=cocreator,
    )
    Payee.objects.create(cocreator=person, payroll_reference="ZYXWV123", updated_by=staff_member)
    ReferenceLetter.objects.create(
        cocreator=person, addressed_to=_z("to"), body=_z("letter"), written_by=staff_member
    )
    paid = Claim.objects.create(
        cocreator=person,
        activity=past_session(uk(2025, 7, 10)),
        status=ClaimStatus.PAID,
        hours=Decimal("3.00"),
        payment_amount=Decimal("75.00"),
        method=PaymentMethod.DONATION,
        charity=_z("claimcharity"),
        submitted_by=cocreator,
        approved_by=staff_member,
        paid_by=staff_member,
    )
    returned = Claim.objects.create(
        cocreator=person,
        activity=past_session(uk(2025, 8, 10)),
        status=ClaimStatus.RETURNED,
        payment_amount=Decimal("150.00"),
        method=PaymentMethod.PAYROLL,
        returned_reason=_z("reason"),
        returned_by=staff_member,
        submitted_by=cocreator,
    )
    name = default_storage.save("receipts/test/zyxwv-receipt.png", ContentFile(PNG))
    Expense.objects.create(
        claim=paid,
        kind=ExpenseKind.FARE,
        description=_z("expense"),
        amount=Decimal("4.20"),
        receipt=name,
        receipt_name=_z("receipt.png"),
        receipt_content_type="image/png",
        receipt_size=len(PNG),
        added_by=cocreator,
    )
    Expense.objects.create(
        claim=returned, kind=ExpenseKind.MILEAGE, miles=Decimal("10.0"), amount=Decimal("4.50")
    )
    export = PaymentExport.objects.create(
        kind=ExportKind.EXPENSES, created_by=staff_member, claims_count=1, total=Decimal("4.20")
    )
    PaymentExportLine.objects.create(
        export=export, claim=paid, kind=ExportKind.EXPENSES, amount=Decimal("4.20")
    )
    return person


def _marked_in_payments() -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith("payments_"):
                continue
            names = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(n) for n in names)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if MARK in str(value).lower():
                        found.append(f"{table}.{name}: {value}")
    return found


def test_the_download_holds_my_claims_expenses_and_choice(leaver, cocreator_client):
    data = person_data(leaver)
    claims = data["payments.Claim"]
    assert sorted(c["payment_amount"] for c in claims) == ["150.00", "75.00"]
    assert {c["status"] for c in claims} == {"Paid", "Returned for changes"}
    assert {c["activity"] for c in claims} == {"Ward garden design session"}
    assert {e["amount"] for e in data["payments.Expense"]} == {"4.20", "4.50"}
    assert data["payments.PaymentChoice"][0]["method"] == "A donation to a charity instead"
    assert data["payments.Payee"][0]["payroll_reference"] == "ZYXWV123"
    assert data["payments.ReferenceLetter"][0]["body"] == _z("letter")
    # The staff who approved and paid are not named.
    paid = next(c for c in claims if c["status"] == "Paid")
    assert paid["approved_by"] == "A member of the involvement team"
    response = cocreator_client.get("/portal/data.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    sections = {row[0] for row in csv.reader(io.StringIO(text)) if row}
    assert {"Claims", "Expenses", "Payment choices"} <= sections


def test_leaving_keeps_finance_records_linked_to_no_one_and_deletes_the_rest(
    leaver, cocreator, django_capture_on_commit_callbacks
):
    assert len(_marked_in_payments()) >= 7  # the fixture marked every text field
    receipt = Expense.objects.get(kind=ExpenseKind.FARE).receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        cocreator_erase(cocreator=leaver, actor=None)

    assert _marked_in_payments() == []
    leaver.refresh_from_db()
    assert leaver.status == CoCreatorStatus.LEFT
    # Finance's records stay, with their amounts, states and dates, on the anonymous row.
    claims = Claim.objects.filter(cocreator=leaver).order_by("payment_amount")
    assert [(c.status, c.payment_amount) for c in claims] == [
        (ClaimStatus.PAID, Decimal("75.00")),
        (ClaimStatus.RETURNED, Decimal("150.00")),
    ]
    for claim in claims:
        assert (claim.charity, claim.returned_reason) == ("", "")
        assert claim.submitted_by_id is None  # their own login
        assert claim.method  # choices are kept: not free text
    assert claims[0].approved_by_id is not None  # staff's links are not theirs to take
    fare = Expense.objects.get(kind=ExpenseKind.FARE)
    assert (fare.amount, fare.description, fare.added_by_id) == (Decimal("4.20"), "", None)
    assert (fare.receipt.name, fare.receipt_name, fare.receipt_content_type) == ("", "", "")
    assert fare.receipt_size is None
    assert not default_storage.exists(receipt)
    assert Expense.objects.get(kind=ExpenseKind.MILEAGE).miles == Decimal("10.0")
    assert PaymentExportLine.objects.filter(claim__cocreator=leaver).count() == 1
    # What is about them alone is gone.
    assert not PaymentChoice.objects.exists()
    assert not Payee.objects.exists()
    assert not ReferenceLetter.objects.exists()


def test_a_receipt_is_deleted_only_when_the_leaving_commits(
    leaver, django_capture_on_commit_callbacks
):
    receipt = Expense.objects.get(kind=ExpenseKind.FARE).receipt.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receipts_delete_for_leaver(Expense.objects.filter(claim__cocreator=leaver), None)
    # Not yet committed: a leaving rolled back here would still have the file.
    assert default_storage.exists(receipt)
    assert len(callbacks) == 1
    callbacks[0]()
    assert not default_storage.exists(receipt)
