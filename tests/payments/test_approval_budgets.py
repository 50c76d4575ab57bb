"""Budgets per project (committed and paid against them), and the staff dashboard's panel."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payments.models import ClaimStatus, PaymentMethod, ProjectBudget
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory

from .factories import approved, past_session, payee, submitted

pytestmark = pytest.mark.django_db

BUDGETS = "/staff/payments/budgets/"


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _row(html, title):
    """The text of the table row naming the project."""
    start = html.index(title, html.index("<tbody"))
    return html[start : html.index("</tr>", start)]


def test_each_project_with_a_budget_or_a_claim_shows_committed_paid_and_left(manager_client):
    garden = ProjectFactory(title="Ward garden")
    ProjectBudget.objects.create(project=garden, amount=Decimal("500.00"))
    activity = past_session(project=garden)
    submitted(activity=activity, payment="40.00", expenses=["10.00"])  # committed 50
    approved(activity=activity, payment="40.00")  # committed 40
    submitted(activity=activity, payment="30.00", expenses=["0.25"], status=ClaimStatus.PAID)
    submitted(activity=activity, payment="99.00", status=ClaimStatus.DRAFT)  # not counted
    submitted(activity=activity, payment="99.00", status=ClaimStatus.RETURNED)  # not counted
    overspent = ProjectFactory(title="Crisis line review")
    ProjectBudget.objects.create(project=overspent, amount=Decimal("10.00"))
    approved(activity=past_session(project=overspent), payment="40.00")
    unbudgeted = ProjectFactory(title="Peer support")
    submitted(activity=past_session(project=unbudgeted), payment="20.00")
    ProjectFactory(title="Nothing here")
    html = _html(manager_client.get(BUDGETS))
    garden_row = _row(html, "Ward garden")
    for figure in ("£500.00", "£90.00", "£30.25", "£379.75"):
        assert figure in garden_row
    assert "Over by £30.00" in _row(html, "Crisis line review")
    peer = _row(html, "Peer support")
    assert "Not set" in peer and "£20.00" in peer and "Set the budget" in peer
    assert "Nothing here" not in html[html.index("<tbody") :]


def test_the_budgets_page_keeps_its_queries_whatever_the_projects_and_claims(manager_client):
    project = ProjectFactory()
    submitted(activity=past_session(project=project), expenses=["1.00"])
    with CaptureQueriesContext(connection) as few:
        _html(manager_client.get(BUDGETS))
    for n in range(10):
        project = ProjectFactory(title=f"Project {n}")
        ProjectBudget.objects.create(project=project, amount=Decimal("100.00"))
        for _ in range(2):
            approved(activity=past_session(project=project), expenses=["1.00", "2.00"])
    with CaptureQueriesContext(connection) as many:
        _html(manager_client.get(BUDGETS))
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_setting_a_budget(manager_client):
    project = ProjectFactory(title="Ward garden")
    url = reverse("payments:budget-edit", args=[project.pk])
    assert "Set the budget" in _html(manager_client.get(url))
    response = manager_client.post(url, {"amount": "£2,500.5"})
    assert response.status_code == 302 and response["Location"] == BUDGETS
    budget = ProjectBudget.objects.get(project=project)
    assert budget.amount == Decimal("2500.50") and isinstance(budget.amount, Decimal)
    assert "£2,500.50" in _html(manager_client.get(BUDGETS))
    manager_client.post(url, {"amount": "0"})
    budget.refresh_from_db()
    assert budget.amount == Decimal("0.00")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the budget, in pounds"),
        ("-1", "£0.00 or more"),
        ("lots", "Enter the budget as a number of pounds"),
        ("10.555", "only have pence"),
        ("NaN", "Enter the budget as a number of pounds"),
    ],
)
def test_a_wrong_budget_is_refused_with_an_error_summary(manager_client, typed, error):
    project = ProjectFactory()
    html = _html(
        manager_client.post(reverse("payments:budget-edit", args=[project.pk]), {"amount": typed})
    )
    assert "nhsuk-error-summary" in html and error in html
    assert not ProjectBudget.objects.exists()


def test_choosing_a_project_without_a_budget_opens_its_form(manager_client):
    project = ProjectFactory(title="New idea")
    html = _html(manager_client.get(BUDGETS))
    assert "New idea" in html  # offered in the list to choose from
    response = manager_client.get(BUDGETS, {"project": project.pk})
    assert response["Location"] == reverse("payments:budget-edit", args=[project.pk])
    wrong = _html(manager_client.get(BUDGETS, {"project": "999999"}))
    assert "nhsuk-error-summary" in wrong and "Choose a project from the list" in wrong


# --- The staff dashboard ------------------------------------------------------------------------


def test_the_dashboard_counts_claims_waiting_and_ready_without_names(staff_client):
    submitted(CoCreatorFactory(full_name="Wanda Waiting"))
    submitted(CoCreatorFactory(full_name="Wanda Again"))
    second = submitted(CoCreatorFactory(full_name="Sid Second"), payment="200.00")
    second.approved_at = second.submitted_at
    second.save()
    approved(payee(CoCreatorFactory(full_name="Rea Ready")).cocreator)
    approved(CoCreatorFactory(full_name="Val Voucher"), method=PaymentMethod.VOUCHER)
    html = _html(staff_client.get(reverse("activities:dashboard")))
    panel = html[html.index('id="payments-panel"') :]
    panel = panel[: panel.index("</div>")]
    assert "2 waiting for approval, 1 waiting for a second approver" in panel
    assert "1 approved claim ready to" in panel
    assert reverse("payments:claim-list") in panel and reverse("payments:export-list") in panel
    for name in ("Wanda", "Sid Second", "Rea Ready", "Val Voucher"):
        assert name not in html


def test_the_dashboard_says_when_nothing_is_waiting(staff_client):
    html = _html(staff_client.get(reverse("activities:dashboard")))
    assert "none waiting for approval" in html and "None ready to" in html
