"""The steering report's "Involvement payments and expenses": money exact, claims as they are,
people through the small-number rule; a newly paid claim moves the cached report on."""

import csv
import io
from decimal import Decimal

import pytest

from cocreation.jobs.models import DataVersion
from payments.models import Claim, ClaimStatus, Expense, ExpenseKind
from reporting.reports.figures import figures_by_key, report_for
from tests.community.factories import CoCreatorFactory

from .factories import QUARTER, claim, past_session, uk

KEYS = ["pay_involvement_paid", "pay_expenses_paid", "pay_claims_paid", "pay_people_paid"]


@pytest.fixture
def paid(db):
    """Four claims paid for the quarter's sessions, by three people; one only submitted."""
    first, second = past_session(uk(2025, 7, 10)), past_session(uk(2025, 9, 2))
    twice = CoCreatorFactory(full_name="Paid Twice")
    claim(first, ClaimStatus.PAID, "75.00", "4.20", person=twice)
    claim(second, ClaimStatus.PAID, "150.00", "12.60", person=twice)
    claim(first, ClaimStatus.PAID, "75.00")
    claim(second, ClaimStatus.PAID, "150.00", "3.00")
    waiting = claim(second, ClaimStatus.APPROVED, "75.00", "8.00")
    return waiting


def _block(report, key, which="current") -> tuple:
    b = figures_by_key(report)[key][which]
    return (b["value"], b["numerator"], b["denominator"])


def test_the_report_has_the_section_with_its_four_figures(paid):
    report = report_for(QUARTER)
    section = report["sections"][-1]
    assert (section["key"], section["title"]) == ("payments", "Involvement payments and expenses")
    assert [f["key"] for f in section["figures"]] == KEYS
    for figure in section["figures"]:
        assert figure["label"] and figure["how"]


def test_the_steering_group_sees_money_exactly_and_three_people_hidden(paid):
    report = report_for(QUARTER)
    assert _block(report, "pay_involvement_paid") == ("£450.00", "£450.00", "")
    assert _block(report, "pay_expenses_paid") == ("£19.80", "£19.80", "")
    assert _block(report, "pay_claims_paid") == ("4", "4", "")
    assert _block(report, "pay_people_paid") == ("*", "*", "")
    assert _block(report, "pay_involvement_paid", "previous") == ("£0.00", "£0.00", "")


def test_staff_see_the_three_people_exactly(paid):
    report = report_for(QUARTER, exact=True)
    assert _block(report, "pay_people_paid") == ("3", "3", "")
    assert _block(report, "pay_involvement_paid") == ("£450.00", "£450.00", "")


def test_the_steering_page_hides_three_people_and_shows_the_money(paid, steering_client):
    html = steering_client.get(f"/reports/{QUARTER.slug}/").content.decode()
    assert "Involvement payments and expenses" in html
    assert "<strong>£450.00</strong>" in html
    assert "<strong>£19.80</strong>" in html
    people = html.split("People paid", 1)[1].split("</tr>", 1)[0]
    assert "<strong>*</strong>" in people
    assert "<strong>3</strong>" not in people


def test_the_staff_page_shows_three_people_with_what_the_steering_group_sees(paid, staff_client):
    html = staff_client.get(f"/reports/{QUARTER.slug}/").content.decode()
    people = html.split("People paid", 1)[1].split("</tr>", 1)[0]
    assert "<strong>3</strong>" in people
    assert "Steering group sees: *" in people


def test_the_figures_csv_has_the_payments_rows(paid, steering_client, staff_client):
    for client, people in ((steering_client, "*"), (staff_client, "3")):
        text = client.get(f"/reports/{QUARTER.slug}/figures.csv").content.decode("utf-8-sig")
        rows = {r[1]: r for r in csv.reader(io.StringIO(text)) if r}
        assert rows["Involvement payments paid"][0] == "Involvement payments and expenses"
        assert rows["Involvement payments paid"][3] == "£450.00"
        assert rows["Expenses paid"][3] == "£19.80"
        assert rows["People paid"][3] == people


def _version() -> int:
    return DataVersion.objects.filter(name="figures").values_list("version", flat=True).first()


def test_a_change_to_claims_or_expenses_moves_the_figures_version(paid):
    before = _version()
    Claim.objects.filter(pk=paid.pk).update(status=ClaimStatus.PAID)
    after_claim = _version()
    assert after_claim > before
    Expense.objects.create(claim=paid, kind=ExpenseKind.PARKING, amount=Decimal("2.50"))
    assert _version() > after_claim


def test_a_newly_paid_claim_shows_up_in_the_cached_report(paid):
    assert _block(report_for(QUARTER), "pay_claims_paid") == ("4", "4", "")
    report_for(QUARTER)  # from the cache now
    paid.status = ClaimStatus.PAID
    paid.save(update_fields=["status"])
    report = report_for(QUARTER)
    assert _block(report, "pay_claims_paid") == ("5", "5", "")
    assert _block(report, "pay_involvement_paid") == ("£525.00", "£525.00", "")
    assert _block(report, "pay_expenses_paid") == ("£27.80", "£27.80", "")
