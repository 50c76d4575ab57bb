"""The staff spend page and its CSV: staff only, exact figures marked as the team's, a period
chooser that says plainly what is wrong, formula-safe CSV, and queries that do not grow."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreation.lib.disclosure import EXACT_NOTICE
from payments.models import ClaimStatus
from tests.activities.factories import ProjectFactory

from .factories import QUARTER, claim, past_session, uk

PAGE = "/staff/payments/spend/"
CSV_URL = f"/staff/payments/spend/{QUARTER.slug}.csv"


@pytest.fixture
def spent(db):
    project = ProjectFactory(title='=HYPERLINK("http://evil.example")')
    s1 = past_session(uk(2025, 7, 10), project=project)
    claim(s1, ClaimStatus.APPROVED, "150.00", "12.60")
    claim(s1, ClaimStatus.PAID, "1075.00", "9.90")
    return project


@pytest.mark.parametrize("url", [PAGE, CSV_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, url, db):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", [PAGE, CSV_URL])
@pytest.mark.parametrize("persona", ["cocreator_client", "steering_client"])
def test_co_creators_and_steering_members_are_refused(request, url, persona):
    assert request.getfixturevalue(persona).get(url).status_code == 403


def test_staff_see_the_exact_figures_marked_as_theirs(staff_client, spent):
    response = staff_client.get(PAGE, {"period": QUARTER.slug})
    assert response.status_code == 200
    html = response.content.decode()
    assert EXACT_NOTICE in html
    assert f"In {QUARTER.label}, claims for sessions held then" in html
    assert "£150.00 committed, £1,075.00 paid" in html  # involvement payments
    assert "£12.60 committed, £9.90 paid" in html  # expenses
    assert "£162.60 committed, £1,084.90 paid, £1,247.50 in all" in html
    assert "By project" in html and "By activity type" in html and "By engagement level" in html
    # The project's name is shown as text, never as markup.
    assert "=HYPERLINK(&quot;http://evil.example&quot;)" in html
    assert f'value="{QUARTER.slug}" selected' in html


def test_without_a_period_the_current_quarter_is_shown(staff_client, db):
    response = staff_client.get(PAGE)
    assert response.status_code == 200
    assert "No claims for sessions held in" in response.content.decode()


@pytest.mark.parametrize("asked", ["2025-q9", "nonsense", "2999-q1"])
def test_a_period_that_is_not_one_or_has_not_started_says_so(staff_client, db, asked):
    response = staff_client.get(PAGE, {"period": asked})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a quarter, half or year from the list" in html
    assert 'aria-describedby="period-error"' in html


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_notice_the_period_and_every_breakdown(staff_client, spent):
    response = staff_client.get(CSV_URL)
    assert response.status_code == 200
    assert f'payments-spend-{QUARTER.slug}.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == [EXACT_NOTICE]
    assert rows[1][0].startswith(f"In {QUARTER.label}, claims for sessions held then")
    assert rows[2][:3] == ["Breakdown", "Group", "Period"]
    by_group = {(r[0], r[1]): r for r in rows[3:]}
    project = by_group[("By project", '\'=HYPERLINK("http://evil.example")')]  # formula-safe
    assert project[2:] == [
        QUARTER.label,
        "1",
        "1",
        "150.00",
        "1075.00",
        "12.60",
        "9.90",
        "162.60",
        "1084.90",
    ]
    assert by_group[("Total", "All claims")][3:] == project[3:]
    assert ("By activity type (in person, online or hybrid)", "Online") in by_group
    assert ("By engagement level", "5: Co-create") in by_group


@pytest.mark.parametrize("slug", ["2999-q1", "2999-year"])
def test_a_csv_for_a_period_not_started_is_not_found(staff_client, db, slug):
    assert staff_client.get(f"/staff/payments/spend/{slug}.csv").status_code == 404


def test_the_page_takes_the_same_queries_however_many_claims(staff_client, spent):
    staff_client.get(PAGE, {"period": QUARTER.slug})
    with CaptureQueriesContext(connection) as small:
        staff_client.get(PAGE, {"period": QUARTER.slug})
    for i in range(20):
        s = past_session(uk(2025, 8, 1 + i), project=ProjectFactory(title=f"More {i}"))
        claim(s, ClaimStatus.PAID, "75.00", "1.00")
    with CaptureQueriesContext(connection) as big:
        response = staff_client.get(PAGE, {"period": QUARTER.slug})
    assert len(big) == len(small)
    assert "More 19" in response.content.decode()


def test_staff_find_the_page_from_the_payments_pages(staff_client, db):
    html = staff_client.get("/staff/payments/claims/").content.decode()
    assert f'href="{PAGE}"' in html
    assert (
        'href="/staff/payments/claims/">Back to payments' in staff_client.get(PAGE).content.decode()
    )
