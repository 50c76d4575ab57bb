"""A period's spend, counted by hand: by project, activity type and engagement level, committed and
paid, for sessions held in the period; Decimals with pence; two queries however many claims."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import ActivityFormat, EngagementLevel
from cocreation.lib.periods import make_period
from payments.models import ClaimStatus, PaymentMethod
from payments.spend.selectors import NO_PROJECT, SpendFigures, paid_totals, spend_for
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory

from .factories import QUARTER, claim, past_session, uk

S = ClaimStatus
D = Decimal


@pytest.fixture
def world(db):
    garden = ProjectFactory(title="Garden")
    crisis = ProjectFactory(title="Crisis line")
    s1 = past_session(uk(2025, 7, 10), project=garden)
    s2 = past_session(
        uk(2025, 8, 20),
        project=garden,
        format=ActivityFormat.ONLINE,
        level=EngagementLevel.COCREATE,
    )
    s3 = past_session(
        uk(2025, 9, 30, 19),
        project=crisis,
        format=ActivityFormat.HYBRID,
        level=EngagementLevel.INVOLVE,
    )
    s4 = past_session(uk(2025, 7, 15))  # no project
    # Half past midnight on 1 October, UK time: the next quarter, though still 30 September in UTC.
    late = past_session(uk(2025, 10, 1, 0) + datetime.timedelta(minutes=30), project=garden)
    june = past_session(uk(2025, 6, 30), project=garden)
    twice = CoCreatorFactory(full_name="Paid Twice")
    claim(s1, S.SUBMITTED, "75.00", "4.20")
    claim(s1, S.APPROVED, "150.00", "12.60", "3.00")
    claim(s1, S.PAID, "75.00", "9.90", person=twice)
    claim(s2, S.PAID, "150.00")
    claim(s2, S.DRAFT, "75.00", "5.00")
    claim(s2, S.RETURNED, "75.00", "5.00", returned_reason="Add the receipt")
    # Declined payment: no involvement payment counts, the expense does.
    claim(s3, S.PAID, "75.00", "6.50", method=PaymentMethod.DECLINED)
    claim(s4, S.PAID, "75.00", person=twice)
    claim(late, S.PAID, "150.00")
    claim(june, S.PAID, "150.00")
    return {"garden": garden, "crisis": crisis}


def figures(row) -> tuple:
    f = row.figures if hasattr(row, "figures") else row
    return (
        f.claims_committed,
        f.claims_paid,
        f.payments_committed,
        f.payments_paid,
        f.expenses_committed,
        f.expenses_paid,
    )


def test_the_totals_match_the_hand_count(world):
    spend = spend_for(QUARTER)
    total = spend.total
    assert figures(total) == (2, 4, D("225.00"), D("300.00"), D("19.80"), D("16.40"))
    assert (total.total_committed, total.total_paid, total.total) == (
        D("244.80"),
        D("316.40"),
        D("561.20"),
    )
    assert total.claims == 6


def test_by_project_names_each_project_and_puts_sessions_in_none_last(world):
    rows = spend_for(QUARTER).by_project
    assert [r.label for r in rows] == ["Crisis line", "Garden", NO_PROJECT]
    crisis, garden, none = rows
    assert figures(crisis) == (0, 1, D("0.00"), D("0.00"), D("0.00"), D("6.50"))
    assert figures(garden) == (2, 2, D("225.00"), D("225.00"), D("19.80"), D("9.90"))
    assert figures(none) == (0, 1, D("0.00"), D("75.00"), D("0.00"), D("0.00"))


def test_by_activity_type_and_by_level_every_type_and_level_is_listed(world):
    spend = spend_for(QUARTER)
    types = {r.label: figures(r) for r in spend.by_type}
    assert list(types) == [str(label) for _, label in ActivityFormat.choices]
    assert types["In person"] == (2, 2, D("225.00"), D("150.00"), D("19.80"), D("9.90"))
    assert types["Online"] == (0, 1, D("0.00"), D("150.00"), D("0.00"), D("0.00"))
    assert types["Hybrid (in person and online)"] == (0, 1, D("0"), D("0"), D("0"), D("6.50"))
    levels = [figures(r) for r in spend.by_level]
    assert [r.label for r in spend.by_level][0] == "1: Inform"
    assert levels[0] == levels[1] == (0, 0, D("0"), D("0"), D("0"), D("0"))
    assert levels[2] == (0, 1, D("0"), D("0"), D("0"), D("6.50"))
    assert levels[3] == types["In person"]
    assert levels[4] == types["Online"]


def test_each_breakdown_adds_up_to_the_total(world):
    spend = spend_for(QUARTER)
    for _key, _heading, rows in spend.breakdowns:
        added = SpendFigures()
        for row in rows:
            added.add(row.figures)
        assert figures(added) == figures(spend.total)


def test_every_amount_is_a_decimal_with_pence(world):
    spend = spend_for(QUARTER)
    for _key, _heading, rows in spend.breakdowns:
        for row in rows:
            f = row.figures
            for amount in (*figures(f)[2:], f.total_committed, f.total_paid, f.total):
                assert isinstance(amount, Decimal)
                assert amount.as_tuple().exponent == -2


def test_a_period_with_no_claims_is_all_zero(db):
    spend = spend_for(make_period("quarter", 2015, 1))
    assert spend.by_project == []
    assert figures(spend.total) == (0, 0, D("0.00"), D("0.00"), D("0.00"), D("0.00"))


def test_paid_totals_for_the_report(world):
    this, before = QUARTER, QUARTER.previous()
    totals = paid_totals([this, before])
    assert totals[this].payments == D("300.00")
    assert totals[this].expenses == D("16.40")
    assert totals[this].claims == 4
    assert totals[this].people == 3  # "Paid Twice" counted once
    assert (totals[before].payments, totals[before].claims, totals[before].people) == (
        D("150.00"),
        1,
        1,
    )
    assert isinstance(totals[this].payments, Decimal)


def _many_more(n: int) -> None:
    projects = [ProjectFactory(title=f"Extra {i}") for i in range(3)]
    for i in range(n):
        s = past_session(
            uk(2025, 7 + i % 3, 1 + i % 28),
            project=projects[i % 3],
            format=list(ActivityFormat)[i % 3],
            level=1 + i % 5,
        )
        claim(s, (S.SUBMITTED, S.APPROVED, S.PAID)[i % 3], "75.00", "1.10", "2.20")


def test_the_number_of_queries_does_not_grow_with_the_claims(world):
    with CaptureQueriesContext(connection) as small:
        spend_for(QUARTER)
        paid_totals([QUARTER, QUARTER.previous()])
    assert len(small) == 4
    _many_more(30)
    with CaptureQueriesContext(connection) as big:
        spend = spend_for(QUARTER)
        paid_totals([QUARTER, QUARTER.previous()])
    assert len(big) == len(small)
    assert spend.total.claims == 6 + 30
