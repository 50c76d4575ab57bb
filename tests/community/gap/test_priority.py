"""Who counts as under-represented: a group the trust is trying to reach, never just a majority.

A group is flagged when its ratio (community share ÷ population share) is below 0.8 and no more
than half of the population is in it, or staff have marked it a priority. The hand-counted world
is in conftest.py: Not disabled is 2 of 4 (50%) against 82.5% (ratio 0.61); Black is 1 of 8
(12.5%) against 20% (ratio 0.63).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cocreation.lib.periods import make_period
from community.gap import representation_gap
from community.models import PopulationBenchmark, PriorityGroup
from community.services import (
    cocreator_erase,
    cocreator_for_user_ensure,
    priority_group_mark,
    priority_group_unmark,
)
from reporting.reports import outcome2
from tests.activities.factories import AttendanceFactory
from tests.reporting.factories import PastSessionFactory

from .conftest import benchmark, person

GAP = "/staff/community/gap/"
PRIORITY = "/staff/community/gap/priority/"
MARK_NOT_DISABLED = {"characteristic": "disability", "group": "not_disabled", "action": "mark"}


def row(characteristic: str, key: str, **filters):
    gap = next(g for g in representation_gap(**filters) if g.characteristic == characteristic)
    return next(group for group in gap.groups if group.key == key)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- The rule -----------------------------------------------------------------------------------


def test_not_disabled_below_the_threshold_is_shown_but_not_flagged(world):
    not_disabled = row("disability", "not_disabled")
    # 82.5% of the population: a majority. 50 / 82.5 = 0.61, below 0.8, and the gap is shown.
    assert (not_disabled.ratio, not_disabled.gap) == (Decimal("0.61"), Decimal("-32.5"))
    assert not_disabled.majority and not_disabled.below_threshold
    assert not not_disabled.trying_to_reach
    assert not not_disabled.under_represented
    assert not_disabled.majority_not_flagged


def test_a_minority_group_below_the_threshold_is_flagged(world):
    black = row("ethnic_group", "Black")
    assert black.ratio == Decimal("0.63")
    assert not black.majority and black.trying_to_reach
    assert black.under_represented
    assert not black.majority_not_flagged


def test_a_majority_group_marked_a_priority_is_flagged(world, staff_member):
    priority_group_mark(actor=staff_member, characteristic="disability", group="not_disabled")
    not_disabled = row("disability", "not_disabled")
    assert not_disabled.priority and not_disabled.trying_to_reach
    assert not_disabled.under_represented
    priority_group_unmark(actor=staff_member, characteristic="disability", group="not_disabled")
    assert not row("disability", "not_disabled").under_represented


def test_a_priority_group_at_or_above_the_threshold_is_not_flagged(world, staff_member):
    priority_group_mark(actor=staff_member, characteristic="ethnic_group", group="White")
    white = row("ethnic_group", "White")  # 75% against 70%: ratio 1.07
    assert white.priority and not white.under_represented and not white.majority_not_flagged


def test_half_of_the_population_is_not_most_of_it(world):
    # A 50/50 split has no majority: a group at exactly half may still be flagged.
    for group in ("female", "male"):
        PopulationBenchmark.objects.filter(
            characteristic="sex", group=group, locality__isnull=True
        ).update(percentage=Decimal("50"))
    male = row("sex", "male")  # 3 of 8 = 37.5% against 50%: 0.75
    assert not male.majority and male.under_represented
    PopulationBenchmark.objects.filter(
        characteristic="sex", group="male", locality__isnull=True
    ).update(percentage=Decimal("50.01"))
    assert not row("sex", "male").under_represented


def test_a_locality_uses_its_own_figure_to_say_who_is_most_of_the_population(world, medway):
    benchmark("disability", "disabled", "55", locality=medway)
    benchmark("disability", "not_disabled", "45", locality=medway)
    # Medway: A and B disabled, C and D not: 50% against 45% and 55% (ratio 0.91: not below).
    disabled = row("disability", "disabled", locality_id=medway.pk)
    assert disabled.majority and not disabled.under_represented
    assert not row("disability", "not_disabled", locality_id=medway.pk).majority


# --- The report's outcome measure --------------------------------------------------------------

QUARTER = make_period("quarter", 2026, 1)  # April to June 2026


def attender(session, **answers):
    someone = person("Attender", None, "2024-01-01", **answers)
    AttendanceFactory(activity=session, cocreator=someone)
    return someone


@pytest.fixture
def session(benchmarks):
    return PastSessionFactory(
        starts_at=datetime.datetime(2026, 5, 5, 10, tzinfo=datetime.UTC),
    )


def test_more_people_from_a_majority_group_never_raise_the_outcome_measure(session):
    # Ten White co-creators who did not come, one Black co-creator who did: Black is 1 of 11
    # (9.1%) against 20%, flagged. Four disabled and one not disabled attender: not disabled is
    # 1 of 5 (20%) against 82.5%, far below 0.8, but most of the population is in it.
    for _ in range(10):
        person("Stayed home", None, "2024-01-01", ethnic_group="White")
    attender(session, ethnic_group="Black")
    for _ in range(4):
        attender(session, disability="yes_a_lot")
    attender(session, disability="no")

    shares = []
    for more in range(8):
        if more:
            attender(session, disability="no")
        _, flagged = outcome2.under_represented_groups()
        assert "not_disabled" not in flagged["disability"]
        attended, in_group = outcome2.participation(QUARTER, flagged)
        assert (attended, in_group) == (6 + more, 1)  # only the Black attender, every time
        shares.append(Decimal(in_group) / attended)
    assert shares == sorted(shares, reverse=True)  # each one more majority attender: never up


def test_a_majority_group_counts_only_once_staff_mark_it_a_priority(session, staff_member):
    attender(session, disability="yes_a_lot")
    attender(session, disability="no")
    attender(session, disability="no")
    # Not disabled: 2 of 3 (66.7%) against 82.5%, ratio 0.81: not below. Two more disabled make
    # it 2 of 5 (40%), ratio 0.48.
    attender(session, disability="yes_a_little")
    attender(session, disability="yes_a_little")
    assert outcome2.participation(QUARTER, outcome2.under_represented_groups()[1]) == (5, 0)
    priority_group_mark(actor=staff_member, characteristic="disability", group="not_disabled")
    assert outcome2.participation(QUARTER, outcome2.under_represented_groups()[1]) == (5, 2)


# --- Marking and unmarking: the service ---------------------------------------------------------


def test_marking_records_who_and_when_and_a_second_mark_keeps_the_first(db, staff_member):
    first = priority_group_mark(actor=staff_member, characteristic="disability", group="disabled")
    again = priority_group_mark(actor=None, characteristic="disability", group="disabled")
    assert again.pk == first.pk and again.marked_by == staff_member
    assert PriorityGroup.objects.count() == 1


def test_unmarking_says_whether_there_was_a_mark(db, staff_member):
    priority_group_mark(actor=staff_member, characteristic="sex", group="male")
    assert priority_group_unmark(actor=staff_member, characteristic="sex", group="male")
    assert not priority_group_unmark(actor=staff_member, characteristic="sex", group="male")
    assert not PriorityGroup.objects.exists()


@pytest.mark.parametrize(
    ("characteristic", "group"),
    [("eye_colour", "blue"), ("disability", "female"), ("disability", "")],
)
def test_an_unknown_characteristic_or_group_is_refused_and_nothing_written(
    db, staff_member, characteristic, group
):
    with pytest.raises(ValidationError):
        priority_group_mark(actor=staff_member, characteristic=characteristic, group=group)
    with pytest.raises(ValidationError):
        priority_group_unmark(actor=staff_member, characteristic=characteristic, group=group)
    assert not PriorityGroup.objects.exists()


def test_when_the_person_who_marked_a_group_leaves_the_mark_stays_without_them(db, cocreator):
    # Someone with a login marked it (a member of staff who is also a co-creator, say).
    priority_group_mark(actor=cocreator, characteristic="sex", group="male")
    cocreator_erase(cocreator=cocreator_for_user_ensure(user=cocreator), actor=None)
    mark = PriorityGroup.objects.get()
    assert (mark.characteristic, mark.group, mark.marked_by) == ("sex", "male", None)


# --- Marking and unmarking: the page ------------------------------------------------------------


def test_the_page_says_a_majority_group_is_not_flagged_and_why(staff_client, world):
    page = text(staff_client.get(GAP))
    assert (
        "Not disabled Fewer than 8 2 50.0% 82.50% -32.5 0.61 No: most of the population is in this group, "
        "so it is not flagged Mark as a priority" in page
    )
    assert "Black Under-represented Fewer than 8 1 12.5% 20.00% -7.5 0.63 Yes: a minority" in page
    assert (
        "Not disabled: not flagged, because most of the population is in this group (82.50%), "
        "though its ratio is 0.61. Mark it as a priority if the trust is trying to reach it."
    ) in page


def test_staff_mark_a_group_and_the_page_flags_it_at_once(staff_client, staff_member, world):
    staff_client.get(GAP)  # worked out and cached
    response = staff_client.post(PRIORITY, MARK_NOT_DISABLED)
    assert response.status_code == 302
    assert response.url == f"{GAP}#gap-disability"
    mark = PriorityGroup.objects.get()
    assert (mark.characteristic, mark.group, mark.marked_by) == (
        "disability",
        "not_disabled",
        staff_member,
    )
    page = text(staff_client.get(response.url))
    assert "Not disabled (disability) is now a priority group." in page
    assert "Not disabled Under-represented" in page
    assert "Yes: marked a priority Remove priority" in page
    summary = page[page.index("Groups under-represented:") : page.index("Information:")]
    assert "Disability : Not disabled (ratio 0.61)" in summary


def test_staff_remove_a_priority(staff_client, staff_member, world):
    priority_group_mark(actor=staff_member, characteristic="disability", group="not_disabled")
    response = staff_client.post(PRIORITY, {**MARK_NOT_DISABLED, "action": "remove"}, follow=True)
    assert not PriorityGroup.objects.exists()
    page = text(response)
    assert "Not disabled (disability) is no longer a priority group." in page
    assert "Not disabled Under-represented" not in page


def test_the_page_comes_back_with_its_filters_and_no_others(staff_client, world, medway):
    filters = f"locality={medway.pk}&joined_from_day=1&joined_from_month=1&joined_from_year=2024"
    response = staff_client.post(
        PRIORITY, {**MARK_NOT_DISABLED, "filters": f"{filters}&next=https://example.com/"}
    )
    assert response.url == (
        f"{GAP}?joined_from_day=1&joined_from_month=1&joined_from_year=2024&locality={medway.pk}"
        "#gap-disability"
    )


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        (
            {**MARK_NOT_DISABLED, "characteristic": "eye_colour"},
            "Nothing was changed. Choose a characteristic from the list.",
        ),
        (
            {**MARK_NOT_DISABLED, "group": "female"},
            "Nothing was changed. Choose a group for Disability: Disabled or Not disabled.",
        ),
        (
            {**MARK_NOT_DISABLED, "action": "delete_everything"},
            "Nothing was changed. Choose whether to mark the group as a priority or remove the "
            "priority.",
        ),
        ({"action": "mark"}, "Nothing was changed. Choose a characteristic."),
    ],
    ids=["unknown characteristic", "group of another characteristic", "unknown action", "empty"],
)
def test_bad_input_is_a_plain_english_error_and_nothing_is_written(
    staff_client, world, posted, error
):
    response = staff_client.post(PRIORITY, posted, follow=True)
    assert response.status_code == 200
    assert error in text(response)
    assert not PriorityGroup.objects.exists()


# --- Who may mark ------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, world):
    response = anonymous.post(PRIORITY, MARK_NOT_DISABLED)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not PriorityGroup.objects.exists()


def test_a_cocreator_is_refused(cocreator_client, world):
    assert cocreator_client.post(PRIORITY, MARK_NOT_DISABLED).status_code == 403
    assert not PriorityGroup.objects.exists()


def test_a_steering_member_is_refused(steering_client, world):
    assert steering_client.post(PRIORITY, MARK_NOT_DISABLED).status_code == 403
    assert not PriorityGroup.objects.exists()


def test_marking_is_only_by_post(staff_client, world):
    assert staff_client.get(PRIORITY, MARK_NOT_DISABLED).status_code == 405
    assert not PriorityGroup.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(staff_member_with_mfa, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_member_with_mfa)
    assert client.post(PRIORITY, MARK_NOT_DISABLED).status_code == 403
    assert not PriorityGroup.objects.exists()
