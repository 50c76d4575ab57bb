"""Exports to finance: what is ready, making a run once, its lines, its CSV (finance's columns,
formula-safe, the same every time), marking it paid; and payroll numbers."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import AuditAction, AuditEvent, Message
from payments.approval.exports import CSV_HEADER
from payments.approval.story import export_line_rows
from payments.models import ClaimStatus, ExportKind, Payee, PaymentExport, PaymentMethod
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory

from .factories import approved, choose, past_session, payee, submitted

pytestmark = pytest.mark.django_db

EXPORTS = "/staff/payments/exports/"


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _make(browser, kind):
    return browser.post(reverse("payments:export-make"), {"kind": kind})


def _csv(browser, export) -> list[list[str]]:
    response = browser.get(reverse("payments:export-csv", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_exports_page_counts_what_is_ready_and_who_needs_a_payroll_number(manager_client):
    for _ in range(2):
        approved(payee(CoCreatorFactory()).cocreator, payment="40.00", expenses=["2.50"])
    waiting = approved(CoCreatorFactory(full_name="Nia Nonumber"), payment="25.00")
    approved(CoCreatorFactory(), method=PaymentMethod.DECLINED, payment="0.00", expenses=["1.25"])
    html = _html(manager_client.get(EXPORTS))
    assert "2 claims ready, £80.00 in all" in html
    assert "3 claims ready, £6.25 in all" in html
    assert "Make the payroll export" in html and "Make the expenses export" in html
    assert "Nia Nonumber" in html
    assert reverse("payments:payroll-reference", args=[waiting.cocreator_id]) in html


def test_making_the_payroll_export_once_and_the_second_run_lists_nothing_new(manager_client):
    claims = [approved(payee(CoCreatorFactory()).cocreator) for _ in range(2)]
    response = _make(manager_client, ExportKind.PAYROLL)
    export = PaymentExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:export-detail", args=[export.pk])
    assert sorted(export.lines.values_list("claim_id", flat=True)) == [c.pk for c in claims]
    _make(manager_client, ExportKind.PAYROLL)
    again = _html(manager_client.get(EXPORTS))
    assert PaymentExport.objects.count() == 1
    assert "No claims are ready: involvement payments" in again
    follow = _html(
        manager_client.post(reverse("payments:export-make"), {"kind": "payroll"}, follow=True)
    )
    assert "No claims are ready for the payroll export, so none was made." in follow


def test_a_decliner_is_never_on_a_payroll_export_even_with_a_payroll_number(manager_client):
    person = payee(CoCreatorFactory(full_name="Dee Decliner")).cocreator
    approved(person, method=PaymentMethod.DECLINED, payment="40.00")
    other = payee(CoCreatorFactory(full_name="Val Voucher")).cocreator
    approved(other, method=PaymentMethod.PAYROLL)
    choose(other, PaymentMethod.VOUCHER)  # changed their mind after approval
    _make(manager_client, ExportKind.PAYROLL)
    assert not PaymentExport.objects.exists()


def test_the_export_page_lists_its_lines_and_runs_show_on_the_exports_page(manager, manager_client):
    person = payee(CoCreatorFactory(full_name="Ada Paid"), "PR-1").cocreator
    approved(person, payment="40.00")
    _make(manager_client, ExportKind.PAYROLL)
    export = PaymentExport.objects.get()
    html = _html(manager_client.get(reverse("payments:export-detail", args=[export.pk])))
    assert "Ada Paid" in html and "PR-1" in html and "£40.00" in html
    assert "Mark the export as paid" in html
    listed = _html(manager_client.get(EXPORTS))
    assert f"Number {export.pk}" in listed and "Not paid yet" in listed
    assert manager.full_name in listed


def test_the_csv_has_finances_columns_and_amounts_in_pounds_and_pence(manager, manager_client):
    project = ProjectFactory(title="Ward garden")
    person = payee(CoCreatorFactory(full_name="Ada Paid"), "PR-77").cocreator
    claim = approved(
        person,
        activity=past_session(title="Design session", project=project),
        payment="12.5",
        hours="2.5",
        by=manager,
    )
    _make(manager_client, ExportKind.PAYROLL)
    export = PaymentExport.objects.get()
    header, row = _csv(manager_client, export)
    assert tuple(header) == CSV_HEADER
    values = dict(zip(header, row, strict=True))
    assert values["Run number"] == str(export.pk)
    assert values["Line"] == "1"
    assert values["Payroll or supplier number"] == "PR-77"
    assert values["Full name"] == "Ada Paid"
    assert values["Claim reference"] == f"CLAIM-{claim.pk:06d}"
    assert values["Session title"] == "Design session"
    assert values["Project"] == "Ward garden"
    assert values["Engagement level"] == "Collaborate"
    assert values["Hours"] == "2.50"
    assert values["Amount"] == "12.50"
    assert values["Cost centre or project"] == f"PROJECT-{project.pk:04d}"
    assert values["Approved by"] == manager.full_name
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["Approved date"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["Session date"])
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, count=1).exists()


def test_the_csv_is_formula_safe(manager_client):
    person = payee(CoCreatorFactory(full_name='=HYPERLINK("http://evil")'), "+44").cocreator
    approved(person, activity=past_session(title="@SUM(A1)"))
    _make(manager_client, ExportKind.PAYROLL)
    _, row = _csv(manager_client, PaymentExport.objects.get())
    assert '\'=HYPERLINK("http://evil")' in row
    assert "'@SUM(A1)" in row
    assert "'+44" in row
    assert not any(cell.startswith(("=", "@", "+", "-")) for cell in row)


def test_the_csv_lists_the_same_claims_each_download_and_adds_none(manager_client):
    approved(payee(CoCreatorFactory()).cocreator)
    _make(manager_client, ExportKind.PAYROLL)
    export = PaymentExport.objects.get()
    first = _csv(manager_client, export)
    approved(payee(CoCreatorFactory()).cocreator)  # ready for the next run, not this one
    assert _csv(manager_client, export) == first
    assert export.lines.count() == 1


def test_the_csv_streams_in_a_fixed_number_of_queries(manager_client):
    for _ in range(2):
        approved(payee(CoCreatorFactory()).cocreator)
    _make(manager_client, ExportKind.PAYROLL)
    with CaptureQueriesContext(connection) as few:
        _csv(manager_client, PaymentExport.objects.get())
    for _ in range(12):
        approved(payee(CoCreatorFactory()).cocreator)
    _make(manager_client, ExportKind.PAYROLL)
    bigger = PaymentExport.objects.order_by("-pk").first()
    with CaptureQueriesContext(connection) as many:
        rows = _csv(manager_client, bigger)
    assert len(rows) == 13
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_marking_the_export_paid_pays_its_claims_and_tells_each_person(manager_client):
    claims = [approved(payee(CoCreatorFactory(prefers_email=True)).cocreator) for _ in range(2)]
    _make(manager_client, ExportKind.PAYROLL)
    export = PaymentExport.objects.get()
    url = reverse("payments:export-paid", args=[export.pk])
    html = _html(manager_client.post(url, follow=True))
    assert "2 claims are now paid in full" in html
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.PAID
    assert Message.objects.filter(kind="claim_paid").count() == 2
    again = _html(manager_client.post(url, follow=True))
    assert "already marked paid" in again
    assert Message.objects.filter(kind="claim_paid").count() == 2


def test_the_exports_pages_keep_their_queries_whatever_the_rows(manager_client):
    approved(payee(CoCreatorFactory()).cocreator, expenses=["1.00"])
    approved(CoCreatorFactory())
    _make(manager_client, ExportKind.PAYROLL)
    export = PaymentExport.objects.get()
    with CaptureQueriesContext(connection) as few:
        _html(manager_client.get(EXPORTS))
        _html(manager_client.get(reverse("payments:export-detail", args=[export.pk])))
    for _ in range(8):
        approved(payee(CoCreatorFactory()).cocreator, expenses=["1.00", "2.00"])
        approved(CoCreatorFactory())
    _make(manager_client, ExportKind.PAYROLL)
    _make(manager_client, ExportKind.EXPENSES)
    bigger = PaymentExport.objects.filter(kind=ExportKind.PAYROLL).order_by("-pk").first()
    with CaptureQueriesContext(connection) as many:
        _html(manager_client.get(EXPORTS))
        _html(manager_client.get(reverse("payments:export-detail", args=[bigger.pk])))
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_export_amounts_are_decimals_with_pence(manager_client):
    approved(payee(CoCreatorFactory()).cocreator, payment="40", expenses=["0.1", "0.2"])
    _make(manager_client, ExportKind.PAYROLL)
    _make(manager_client, ExportKind.EXPENSES)
    for export in PaymentExport.objects.all():
        assert isinstance(export.total, Decimal)
        for line in export.lines.all():
            assert isinstance(line.amount, Decimal)
            assert line.amount == line.amount.quantize(Decimal("0.01"))
    totals = {e.kind: e.total for e in PaymentExport.objects.all()}
    assert totals == {"payroll": Decimal("40.00"), "expenses": Decimal("0.30")}


# --- Payroll numbers ----------------------------------------------------------------------------


def test_adding_a_payroll_number_is_audited_and_lets_the_claim_be_exported(manager_client):
    person = CoCreatorFactory(full_name="Nia Nonumber")
    approved(person)
    url = reverse("payments:payroll-reference", args=[person.pk])
    assert "Payroll or supplier number" in _html(manager_client.get(url))
    response = manager_client.post(url, {"payroll_reference": " PR 900 "})
    assert response.status_code == 302
    assert Payee.objects.get(cocreator=person).payroll_reference == "PR 900"
    event = AuditEvent.objects.get(cocreator_id=person.pk, fields=["payroll_reference"])
    assert event.action == AuditAction.CHANGE
    _make(manager_client, ExportKind.PAYROLL)
    assert PaymentExport.objects.get().claims_count == 1


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("QQ 12 34 56 C", "looks like a National Insurance number"),
        ("=1+1", "can only have letters, numbers"),
        ("X" * 41, "40 characters or fewer"),
    ],
)
def test_a_wrong_payroll_number_is_refused_with_an_error_summary(manager_client, typed, error):
    person = CoCreatorFactory()
    url = reverse("payments:payroll-reference", args=[person.pk])
    html = _html(manager_client.post(url, {"payroll_reference": typed}))
    assert "nhsuk-error-summary" in html and error in html
    assert not Payee.objects.filter(cocreator=person).exists()


def test_a_submitted_claim_is_not_listed_as_needing_a_payroll_number(manager_client):
    submitted(CoCreatorFactory(full_name="Wanda Waiting"))
    assert "Wanda Waiting" not in _html(manager_client.get(EXPORTS))


# --- The person's story -------------------------------------------------------------------------


def test_exports_are_in_the_persons_story_in_plain_words_for_them(manager_client):
    person = payee(CoCreatorFactory()).cocreator
    claim = approved(person, activity=past_session(title="Design session"), expenses=["3.00"])
    _make(manager_client, ExportKind.PAYROLL)
    _make(manager_client, ExportKind.EXPENSES)
    staff_rows = export_line_rows(person, for_staff=True, limit=None)
    assert len(staff_rows) == 2
    assert any(r.title.startswith("Put on payroll") for r in staff_rows)
    assert all("Design session" in r.detail and "Not paid" in r.detail for r in staff_rows)
    own = export_line_rows(person, for_staff=False, limit=1)
    assert len(own) == 1
    assert own[0].title.startswith("Your ") and "export number" not in own[0].title
    assert own[0].url == reverse("payments:my-claim", args=[claim.pk])
