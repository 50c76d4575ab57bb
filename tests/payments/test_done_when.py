"""Issue 18's "done when", as its people would do it, page by page.

A paid session's register makes draft claims; a co-creator adds mileage and a receipt in the
portal and submits; a member of staff who manages payments approves; the payroll export lists the
claim once and a second run lists nothing; someone who declined never appears; the tax-year
statement adds up to the export; every amount on the way is a Decimal with pence.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from activities.models import ActivityPayment, EngagementLevel
from community.services import cocreator_for_user_ensure
from payments.models import Claim, ClaimStatus, ExportKind, PaymentExport, PaymentMethod
from payments.statements.tax_years import tax_year_of
from tests.community.factories import CoCreatorFactory
from tests.payments.factories import (
    PNG,
    another_manager,
    choose,
    past_session,
    payee,
    rate,
    register,
)

pytestmark = pytest.mark.django_db


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_from_register_to_export_to_statement(settings, cocreator, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    settings.PAYMENTS_MILEAGE_RATE = Decimal("0.45")
    settings.PAYMENTS_SECOND_APPROVAL_OVER = Decimal("150.00")
    rate("40.00", up_to_hours="4", name="Half day")
    rate("75.00", up_to_hours=None, name="Full day")
    session = past_session(
        payment=ActivityPayment.PAID, hours=3, level=EngagementLevel.COCREATE, title="Design day"
    )
    casey = cocreator_for_user_ensure(user=cocreator)
    decliner = CoCreatorFactory(full_name="Dee Decliner")
    choose(decliner, PaymentMethod.DECLINED)
    voucher_person = CoCreatorFactory(full_name="Vic Voucher")
    choose(voucher_person, PaymentMethod.VOUCHER)

    # Staff record the register: drafts for Casey and Vic, none for Dee (she declined).
    register(session, [casey, decliner, voucher_person], actor=staff_member)
    drafts = {c.cocreator_id: c for c in Claim.objects.filter(activity=session)}
    assert set(drafts) == {casey.pk, voucher_person.pk}
    claim = drafts[casey.pk]
    assert claim.status == ClaimStatus.DRAFT
    assert (claim.hours, claim.payment_amount) == (Decimal("3.00"), Decimal("40.00"))
    assert isinstance(claim.payment_amount, Decimal)

    # Casey, in the portal: chooses payroll after the notice, adds mileage and a fare with a
    # receipt, and submits.
    casey_browser = _signed_in(cocreator)
    page = casey_browser.get(reverse("payments:my-claim", args=[claim.pk]))
    assert page.status_code == 200 and "Design day" in page.text
    chosen = casey_browser.post(reverse("payments:my-choice"), {"method": PaymentMethod.PAYROLL})
    assert chosen.status_code == 302
    mileage = casey_browser.post(
        reverse("payments:my-claim", args=[claim.pk]), {"form": "mileage", "mileage-miles": "12.5"}
    )
    assert mileage.status_code == 302
    fare = casey_browser.post(
        reverse("payments:my-claim", args=[claim.pk]),
        {
            "form": "receipt",
            "receipt-kind": "fare",
            "receipt-amount": "4.50",
            "receipt-receipt": SimpleUploadedFile("bus.png", PNG, content_type="image/png"),
        },
    )
    assert fare.status_code == 302
    amounts = sorted(claim.expenses.values_list("amount", flat=True))
    assert amounts == [Decimal("4.50"), Decimal("5.63")]  # 12.5 miles at 45p, to the penny
    assert (
        casey_browser.post(reverse("payments:my-claim-submit", args=[claim.pk])).status_code == 302
    )
    claim.refresh_from_db()
    assert (claim.status, claim.method, claim.assisted) == (
        ClaimStatus.SUBMITTED,
        PaymentMethod.PAYROLL,
        False,
    )

    # Someone else's claim is not Casey's to see.
    vic_claim = drafts[voucher_person.pk]
    assert casey_browser.get(reverse("payments:my-claim", args=[vic_claim.pk])).status_code == 404

    # Staff who manage payments approve it (£50.13 is under the second-approval limit), with a
    # payroll number on file.
    approver = another_manager(email="approver@example.org", full_name="Ada Approver")
    payee(casey, "PR-0042")
    approving = _signed_in(approver)
    approved = approving.post(reverse("payments:claim-approve", args=[claim.pk]))
    assert approved.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED

    # The payroll export lists the claim once; a second run finds nothing new.
    made = approving.post(reverse("payments:export-make"), {"kind": ExportKind.PAYROLL})
    assert made.status_code == 302
    export = PaymentExport.objects.get(kind=ExportKind.PAYROLL)
    rows = _csv_rows(approving.get(reverse("payments:export-csv", args=[export.pk])))
    names = [" ".join(row) for row in rows[1:]]
    assert sum("Casey Cocreator" in row for row in names) == 1
    assert not any("Dee Decliner" in row or "Vic Voucher" in row for row in names)
    again = approving.post(reverse("payments:export-make"), {"kind": ExportKind.PAYROLL})
    assert again.status_code == 302
    assert PaymentExport.objects.filter(kind=ExportKind.PAYROLL).count() == 1
    approving.post(reverse("payments:export-make"), {"kind": ExportKind.EXPENSES})
    expenses_export = PaymentExport.objects.get(kind=ExportKind.EXPENSES)
    assert expenses_export.total == Decimal("10.13")

    # Casey's statement for the tax year adds up to what the exports paid her.
    year = tax_year_of(export.created_at)
    statement = casey_browser.get(
        reverse("payments:portal-statement-csv", kwargs={"year": year.start_year})
    )
    assert statement.status_code == 200
    body = " ".join(" ".join(row) for row in _csv_rows(statement))
    assert "40.00" in body and "10.13" in body
    export_total = sum(
        line.amount for line in claim.export_lines.all()
    )  # payroll and expenses lines
    assert export_total == Decimal("50.13") == export.total + expenses_export.total
