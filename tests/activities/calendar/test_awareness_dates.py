"""Staff keep the awareness and community dates on the calendar; a new site starts with some."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import AwarenessDate

from .conftest import awareness, d

LIST = reverse("activities:awareness-list")
ADD = reverse("activities:awareness-add")


def edit_url(row):
    return reverse("activities:awareness-edit", args=[row.pk])


def delete_url(row):
    return reverse("activities:awareness-delete", args=[row.pk])


def form(name="Test Awareness Day", starts=(10, 10, 2027), ends=("", "", ""), description=""):
    return {
        "name": name,
        "starts_on_day": starts[0],
        "starts_on_month": starts[1],
        "starts_on_year": starts[2],
        "ends_on_day": ends[0],
        "ends_on_month": ends[1],
        "ends_on_year": ends[2],
        "description": description,
    }


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_dates_still_to_come_by_default(staff_client, frozen):
    awareness("Coming Up Day", d(2026, 12, 3))
    awareness("Running Now Month", d(2026, 11, 1), d(2026, 11, 30))
    awareness("Over Already Day", d(2026, 10, 10))
    page = staff_client.get(LIST).content.decode()
    assert "Coming Up Day" in page
    assert "Running Now Month" in page
    assert "1 November 2026 to 30 November 2026" in page
    assert "Over Already Day" not in page
    past = staff_client.get(LIST, {"show": "past"}).content.decode()
    assert "Over Already Day" in past
    assert "Coming Up Day" not in past
    everything = staff_client.get(LIST, {"show": "all"}).content.decode()
    assert all(name in everything for name in ("Coming Up Day", "Over Already Day"))


def test_the_list_is_paged_and_its_queries_do_not_grow(staff_client, frozen):
    awareness("Day 0", d(2026, 12, 1))
    with CaptureQueriesContext(connection) as few:
        staff_client.get(LIST)
    for n in range(1, 60):
        awareness(f"Day {n}", d(2026, 12, 1))
    with CaptureQueriesContext(connection) as many:
        page = staff_client.get(LIST).content.decode()
    assert "Showing 1 to 50 of 60 dates" in page
    assert len(many) == len(few)


# --- adding ------------------------------------------------------------------------------------


def test_staff_add_a_date(staff_client, frozen):
    response = staff_client.post(
        ADD, form("Test Festival", (14, 4, 2027), (15, "April", 2027), "A spring festival.")
    )
    assert response.status_code == 302
    row = AwarenessDate.objects.get(name="Test Festival")
    assert (row.starts_on, row.ends_on, row.description) == (
        d(2027, 4, 14),
        d(2027, 4, 15),
        "A spring festival.",
    )
    assert "Test Festival has been added" in staff_client.get(response.url).content.decode()


def test_a_single_day_keeps_no_last_day(staff_client, frozen):
    staff_client.post(ADD, form("Single Day", (1, 12, 2027), (1, 12, 2027)))
    assert AwarenessDate.objects.get(name="Single Day").ends_on is None


def test_a_last_day_before_the_first_is_refused_in_plain_english(staff_client, frozen):
    response = staff_client.post(ADD, form("Backwards Week", (20, 6, 2027), (14, 6, 2027)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The last day must be the same as or after the first day (20 June 2027)" in page
    assert "nhsuk-error-summary" in page
    assert not AwarenessDate.objects.filter(name="Backwards Week").exists()


def test_the_same_name_on_the_same_first_day_is_refused(staff_client, frozen):
    awareness("World Test Day", d(2027, 10, 10))
    response = staff_client.post(ADD, form("world  test day", (10, 10, 2027)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is already an awareness date called world test day starting on 10 October" in (
        page
    )
    assert AwarenessDate.objects.filter(name__iexact="world test day").count() == 1


def test_the_same_name_on_another_day_is_fine(staff_client, frozen):
    awareness("World Test Day", d(2026, 10, 10))
    staff_client.post(ADD, form("World Test Day", (10, 10, 2027)))
    assert AwarenessDate.objects.filter(name="World Test Day").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(name=""), "Enter the name of the awareness date"),
        (form(starts=("", "", "")), "Enter the first day"),
        (form(starts=(31, 2, 2027)), "First day must be a real date"),
        (form(ends=(3, "", 2027)), "Last day must include a month"),
    ],
)
def test_missing_or_wrong_answers_get_a_plain_message_and_nothing_is_saved(
    staff_client, frozen, data, message
):
    before = AwarenessDate.objects.count()
    response = staff_client.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AwarenessDate.objects.count() == before


# --- changing and removing ------------------------------------------------------------------------


def test_staff_change_a_date(staff_client, frozen):
    row = awareness("Diwali Test", d(2027, 10, 28))
    page = staff_client.get(edit_url(row)).content.decode()
    assert 'value="28"' in page
    response = staff_client.post(
        edit_url(row), form("Diwali Test", (29, 10, 2027), description="Moved by a day.")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.starts_on, row.description) == (d(2027, 10, 29), "Moved by a day.")


def test_changing_a_date_can_keep_its_own_name_and_day(staff_client, frozen):
    row = awareness("Keep Test Day", d(2027, 3, 1))
    response = staff_client.post(
        edit_url(row), form("Keep Test Day", (1, 3, 2027), description="x")
    )
    assert response.status_code == 302


def test_changing_a_date_into_a_duplicate_is_refused(staff_client, frozen):
    awareness("Clash Day", d(2027, 5, 1))
    row = awareness("Other Day", d(2027, 5, 1))
    response = staff_client.post(edit_url(row), form("Clash Day", (1, 5, 2027)))
    assert "There is already an awareness date called Clash Day" in response.content.decode()
    row.refresh_from_db()
    assert row.name == "Other Day"


def test_removing_asks_first_then_removes(staff_client, frozen):
    row = awareness("Remove Me Day", d(2027, 5, 1), d(2027, 5, 3))
    page = staff_client.get(delete_url(row)).content.decode()
    assert "Remove Remove Me Day from the calendar?" in page
    assert "1 to 3 May 2027" in page
    assert AwarenessDate.objects.filter(pk=row.pk).exists()
    response = staff_client.post(delete_url(row))
    assert response.status_code == 302
    assert not AwarenessDate.objects.filter(pk=row.pk).exists()


def test_a_missing_date_is_not_found(staff_client, frozen):
    assert staff_client.get(reverse("activities:awareness-edit", args=[999999])).status_code == 404
    assert staff_client.post(reverse("activities:awareness-delete", args=[999999])).status_code == (
        404
    )


# --- the dates a new site starts with ------------------------------------------------------------

migration = importlib.import_module("activities.migrations.0002_awareness_dates")


def test_the_migration_loads_about_twenty_dates_a_year_once_only(db):
    AwarenessDate.objects.all().delete()
    migration.load(apps, None)
    migration.load(apps, None)  # a second run adds nothing
    rows = AwarenessDate.objects.all()
    assert rows.count() == len(migration.ROWS)
    assert 25 <= rows.count() <= 40
    years = {row.starts_on.year for row in rows}
    assert years == {2026, 2027}
    assert rows.get(name="World Mental Health Day", starts_on=d(2026, 10, 10))
    for row in rows:
        assert row.description, row.name
        assert row.ends_on is None or row.ends_on > row.starts_on, row.name
    for name in ("Ramadan", "Eid al-Fitr", "Eid al-Adha", "Diwali"):
        for row in rows.filter(name=name):
            assert "may vary by a day" in row.description or "a day earlier or later" in (
                row.description
            ), row


def test_undoing_the_migration_removes_only_its_own_dates(db):
    AwarenessDate.objects.all().delete()
    migration.load(apps, None)
    awareness("Our Own Day", d(2027, 1, 20))
    migration.unload(apps, None)
    assert list(AwarenessDate.objects.values_list("name", flat=True)) == ["Our Own Day"]
