"""The statement pages: a co-creator's own in the portal (no record number in any URL), any
person's for staff; PDF with the name and totals, a CSV no spreadsheet runs as a formula; a
year with nothing in it is 404; everyone else refused."""

import csv
import io
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.services import cocreator_for_user_ensure
from payments.models import PaymentMethod
from payments.statements.tax_years import tax_year_of
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .factories import exported_claim, given_claim, uk

pytestmark = pytest.mark.django_db

LIST = "/portal/payments/statements/"


@pytest.fixture
def mine(cocreator):
    """The signed-in co-creator's record, with payments in the 2025 to 2026 tax year."""
    me = cocreator_for_user_ensure(user=cocreator)
    me.full_name = "Casey Cocreator"
    me.save()
    exported_claim(
        me,
        exported_at=uk(2025, 9, 1),
        payment=Decimal("40.00"),
        expenses=Decimal("12.35"),
        title="Menu tasting",
    )
    given_claim(
        me,
        paid_at=uk(2025, 10, 1),
        method=PaymentMethod.DONATION,
        amount=Decimal("25.00"),
        charity="Mind",
    )
    return me


@pytest.fixture
def theirs(other_cocreator):
    them = cocreator_for_user_ensure(user=other_cocreator)
    exported_claim(them, exported_at=uk(2024, 9, 1), payment=Decimal("99.00"), title="Secret")
    return them


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- The portal --------------------------------------------------------------------------------


def test_the_portal_lists_the_persons_tax_years_with_totals_and_links(cocreator_client, mine):
    page = cocreator_client.get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2025 to 2026" in text
    assert "£40.00" in text and "£12.35" in text and "£25.00" in text
    assert "/portal/payments/statements/2025.pdf" in text
    assert "/portal/payments/statements/2025.csv" in text
    assert "may count as income" in text


def test_the_portal_says_so_when_there_is_nothing_yet(cocreator_client):
    page = cocreator_client.get(LIST)
    assert page.status_code == 200
    assert "You have no statements yet" in page.content.decode()


def test_the_portal_home_links_to_statements_and_the_certificate(cocreator_client):
    text = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert "Your payment statements" in text and LIST in text
    assert "Your certificate of involvement" in text


def test_the_pdf_has_the_name_the_year_the_totals_and_the_notice(cocreator_client, mine):
    text = _pdf_text(cocreator_client.get("/portal/payments/statements/2025.pdf"))
    for words in ("Casey Cocreator", "2025 to 2026", "£40.00", "£12.35", "£25.00", "Mind"):
        assert words in text, words
    assert "Menu tasting" in text
    assert "repayments" in text
    assert "income" in text


def test_the_csv_adds_up_and_every_cell_is_safe_from_formulas(cocreator_client, cocreator):
    me = cocreator_for_user_ensure(user=cocreator)
    exported_claim(
        me,
        exported_at=uk(2025, 9, 1),
        payment=Decimal("40.00"),
        expenses=Decimal("3.10"),
        title='=HYPERLINK("http://evil.example","Click")',
    )
    given_claim(me, paid_at=uk(2025, 9, 2), method=PaymentMethod.DONATION, charity="+Charity@evil")
    response = cocreator_client.get("/portal/payments/statements/2025.csv")
    assert response.status_code == 200
    rows = _csv_rows(response)
    assert rows[0][0] == "Section"
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert "'+Charity@evil" in cells
    totals = {row[0]: row[4] for row in rows[1:] if row[2].startswith("Total")}
    assert totals["Involvement payments"] == "40.00"
    assert totals["Expenses repaid"] == "3.10"
    assert totals["Donations to charity"] == "25.00"


def test_a_year_with_nothing_in_it_is_404(cocreator_client, mine):
    assert cocreator_client.get("/portal/payments/statements/2024.pdf").status_code == 404
    assert cocreator_client.get("/portal/payments/statements/2024.csv").status_code == 404
    future = tax_year_of(timezone.now()).start_year + 1
    assert cocreator_client.get(f"/portal/payments/statements/{future}.csv").status_code == 404


def test_a_cocreator_sees_only_their_own(cocreator_client, mine, theirs):
    # The other person's year (2024) has nothing of mine: 404, never their lines.
    assert cocreator_client.get("/portal/payments/statements/2024.pdf").status_code == 404
    rows = _csv_rows(cocreator_client.get("/portal/payments/statements/2025.csv"))
    assert "Secret" not in {cell for row in rows for cell in row}
    text = cocreator_client.get(LIST).content.decode()
    assert "2024 to 2025" not in text and "£99.00" not in text


def test_a_cocreator_is_refused_the_staff_statement_urls_even_for_their_own(
    cocreator_client, mine, theirs
):
    for who in (mine, theirs):
        for ext in ("pdf", "csv"):
            url = f"/staff/payments/people/{who.pk}/statements/2025.{ext}"
            assert cocreator_client.get(url).status_code == 403


# --- Staff -------------------------------------------------------------------------------------


def test_staff_download_any_persons_statement(staff_client, mine):
    text = _pdf_text(staff_client.get(f"/staff/payments/people/{mine.pk}/statements/2025.pdf"))
    assert "Casey Cocreator" in text and "£40.00" in text
    rows = _csv_rows(staff_client.get(f"/staff/payments/people/{mine.pk}/statements/2025.csv"))
    assert ["Involvement payments", "", "Total involvement payments", "", "40.00", ""] in rows


def test_staff_get_404_for_an_unknown_person_or_an_empty_year(staff_client, mine):
    assert staff_client.get("/staff/payments/people/999999/statements/2025.pdf").status_code == 404
    url = f"/staff/payments/people/{mine.pk}/statements/2023.csv"
    assert staff_client.get(url).status_code == 404


def test_the_staff_record_lists_the_persons_statements(staff_client, mine):
    text = staff_client.get(reverse("community:cocreator-detail", args=[mine.pk])).content.decode()
    assert "Payment statements" in text
    assert f"/staff/payments/people/{mine.pk}/statements/2025.pdf" in text


# --- Everyone else -----------------------------------------------------------------------------


def _urls(person) -> list[str]:
    return [
        LIST,
        "/portal/payments/statements/2025.pdf",
        "/portal/payments/statements/2025.csv",
        f"/staff/payments/people/{person.pk}/statements/2025.pdf",
        f"/staff/payments/people/{person.pk}/statements/2025.csv",
    ]


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, mine):
    for url in _urls(mine):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_steering_members_are_refused_everything(steering_client, mine):
    for url in _urls(mine):
        assert steering_client.get(url).status_code == 403, url


def test_staff_have_no_portal_statements(staff_client, mine):
    for url in _urls(mine)[:3]:
        assert staff_client.get(url).status_code == 403, url


def test_the_pages_are_get_only(cocreator_client, staff_client, mine):
    assert cocreator_client.post(LIST).status_code == 405
    assert cocreator_client.post("/portal/payments/statements/2025.csv").status_code == 405
    url = f"/staff/payments/people/{mine.pk}/statements/2025.csv"
    assert staff_client.post(url).status_code == 405


def test_the_list_takes_the_same_queries_for_1_or_15_years(cocreator, other_cocreator):
    few = cocreator_for_user_ensure(user=cocreator)
    many = cocreator_for_user_ensure(user=other_cocreator)
    exported_claim(few, exported_at=uk(2025, 5, 1), expenses=Decimal("1.00"))
    for n in range(15):
        exported_claim(many, exported_at=uk(2010 + n, 5, 1), expenses=Decimal("1.00"))
        given_claim(many, paid_at=uk(2010 + n, 6, 1))

    def queries(user):
        client = client_for(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    assert queries(cocreator) == queries(other_cocreator)


def test_a_statement_for_someone_without_a_login_is_reached_only_by_staff(staff_client):
    person = CoCreatorFactory(full_name="No Login")
    exported_claim(person, exported_at=uk(2025, 5, 1))
    url = f"/staff/payments/people/{person.pk}/statements/2025.csv"
    assert staff_client.get(url).status_code == 200
