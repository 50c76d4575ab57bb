"""Adding and changing population benchmarks: good figures are saved, bad ones write nothing."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from community.models import PopulationBenchmark
from community.services import benchmark_save

ADD = "/staff/community/benchmarks/add/"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def answers(**changes):
    data = {
        "characteristic": "sex",
        "group": "female",
        "locality": "",
        "percentage": "51.25",
        "source": "Kent Public Health Observatory 2024",
        "source_date_day": "1",
        "source_date_month": "4",
        "source_date_year": "2024",
        "notes": "Adults only.",
    }
    data.update(changes)
    return data


@pytest.fixture
def no_benchmarks(db):
    PopulationBenchmark.objects.all().delete()


@pytest.fixture
def female_in_medway(no_benchmarks, medway):
    return PopulationBenchmark.objects.create(
        characteristic="sex",
        group="female",
        locality=medway,
        percentage="51.00",
        source="ONS Census 2021",
        source_date="2021-03-21",
    )


def test_staff_add_a_figure_for_one_area(staff_client, no_benchmarks, medway):
    response = staff_client.post(ADD, answers(locality=medway.pk))
    assert response.status_code == 302
    assert response.url == f"/staff/community/benchmarks/?locality={medway.pk}"
    saved = PopulationBenchmark.objects.get()
    assert (saved.characteristic, saved.group, saved.locality, saved.percentage) == (
        "sex",
        "female",
        medway,
        Decimal("51.25"),
    )
    assert (saved.source, saved.source_date, saved.notes) == (
        "Kent Public Health Observatory 2024",
        datetime.date(2024, 4, 1),
        "Adults only.",
    )
    page = text(staff_client.get(response.url))
    assert "Figure saved: Female in Medway, 51.25%" in page


def test_staff_add_a_figure_for_all_of_kent_and_medway(staff_client, no_benchmarks):
    response = staff_client.post(ADD, answers(characteristic="disability", group="disabled"))
    assert response.status_code == 302
    assert PopulationBenchmark.objects.get().locality is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"group": "White"}, "Choose a group for Sex: Female or Male"),
        ({"group": "nonsense"}, "Choose a group from the list"),
        ({"characteristic": "height"}, "Choose a characteristic from the list"),
        ({"percentage": "100.5"}, "Percentage must be 100 or less"),
        ({"percentage": "-1"}, "Percentage must be 0 or more"),
        ({"percentage": "12.345"}, "Percentage can have no more than 2 decimal places"),
        ({"percentage": "about half"}, "Percentage must be a number, like 51.25"),
        ({"percentage": ""}, "Enter the percentage of the population"),
        ({"source": ""}, "Enter where the figure comes from"),
        ({"source_date_day": "", "source_date_month": "", "source_date_year": ""}, None),
        ({"source_date_day": "31", "source_date_month": "2"}, "must be a real date"),
        ({"locality": "999999"}, "Choose an area from the list"),
    ],
    ids=[
        "group-of-another-characteristic",
        "unknown-group",
        "unknown-characteristic",
        "over-100",
        "negative",
        "three-decimal-places",
        "not-a-number",
        "no-percentage",
        "no-source",
        "no-source-date",
        "impossible-date",
        "unknown-area",
    ],
)
def test_a_bad_figure_is_explained_and_nothing_is_written(
    staff_client, no_benchmarks, changes, message
):
    response = staff_client.post(ADD, answers(**changes))
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message is None or message in page
    if message is None:
        assert "Enter the date of the source" in page
    assert not PopulationBenchmark.objects.exists()


def test_religion_offers_no_group_for_another_religion(staff_client, no_benchmarks):
    page = text(staff_client.post(ADD, answers(characteristic="religion", group="other")))
    # "other" is a sexual orientation group, but the population figures for religion leave it out.
    assert "Choose a group for Religion or belief: No religion, Christian," in page
    assert not PopulationBenchmark.objects.exists()


def test_a_second_figure_for_the_same_group_and_area_links_to_the_first(
    staff_client, female_in_medway, medway
):
    response = staff_client.post(ADD, answers(locality=medway.pk))
    page = text(response)
    assert "There is already a figure for Female in Medway: edit that one instead" in page
    edit_url = f"/staff/community/benchmarks/{female_in_medway.pk}/edit/"
    assert f'href="{edit_url}"' in response.content.decode()
    assert PopulationBenchmark.objects.count() == 1
    assert PopulationBenchmark.objects.get().percentage == Decimal("51.00")


def test_a_second_kent_and_medway_figure_is_refused_too(staff_client, no_benchmarks):
    staff_client.post(ADD, answers())
    page = text(staff_client.post(ADD, answers(percentage="60")))
    assert "There is already a figure for Female in Kent and Medway: edit that one instead" in page
    assert PopulationBenchmark.objects.get().percentage == Decimal("51.25")


def test_the_same_group_in_another_area_is_allowed(staff_client, female_in_medway, swale):
    assert staff_client.post(ADD, answers(locality=swale.pk)).status_code == 302
    assert PopulationBenchmark.objects.count() == 2


def test_staff_change_a_figure(staff_client, female_in_medway, medway):
    url = f"/staff/community/benchmarks/{female_in_medway.pk}/edit/"
    form_page = staff_client.get(url).content.decode()
    assert 'value="51.00"' in form_page
    response = staff_client.post(url, answers(locality=medway.pk, percentage="50.5"))
    assert response.status_code == 302
    female_in_medway.refresh_from_db()
    assert female_in_medway.percentage == Decimal("50.50")
    assert PopulationBenchmark.objects.count() == 1


def test_changing_a_figure_into_one_that_exists_is_refused(staff_client, female_in_medway, medway):
    male = PopulationBenchmark.objects.create(
        characteristic="sex",
        group="male",
        locality=medway,
        percentage="49.00",
        source="ONS Census 2021",
        source_date="2021-03-21",
    )
    url = f"/staff/community/benchmarks/{male.pk}/edit/"
    page = text(staff_client.post(url, answers(locality=medway.pk, group="female")))
    assert "There is already a figure for Female in Medway" in page
    male.refresh_from_db()
    assert (male.group, male.percentage) == ("male", Decimal("49.00"))


def test_a_bad_change_writes_nothing(staff_client, female_in_medway, medway):
    url = f"/staff/community/benchmarks/{female_in_medway.pk}/edit/"
    page = text(staff_client.post(url, answers(locality=medway.pk, percentage="101")))
    assert "Percentage must be 100 or less" in page
    female_in_medway.refresh_from_db()
    assert female_in_medway.percentage == Decimal("51.00")


def test_the_add_page_can_be_opened_for_a_characteristic_and_area(staff_client, db, medway):
    html = staff_client.get(ADD, {"characteristic": "age", "locality": medway.pk}).content.decode()
    assert '<option value="age" selected>' in html
    assert f'<option value="{medway.pk}" selected>' in html
    assert html.count("<h1") == 1
    assert '<optgroup label="Age">' in html


def test_a_source_date_in_the_future_is_refused(staff_client, no_benchmarks, time_machine):
    time_machine.move_to("2026-05-05 12:00")
    page = text(staff_client.post(ADD, answers(source_date_year="2027")))
    assert "Date of the source must be the same as or before 5 May 2026" in page
    assert not PopulationBenchmark.objects.exists()


# --- The service on its own ----------------------------------------------------------------------


def saving(**changes):
    fields = {
        "actor": None,
        "characteristic": "sex",
        "group": "female",
        "locality": None,
        "percentage": Decimal("51"),
        "source": "ONS Census 2021",
        "source_date": datetime.date(2021, 3, 21),
    }
    fields.update(changes)
    return benchmark_save(**fields)


def test_the_service_refuses_a_group_the_characteristic_does_not_have(no_benchmarks):
    with pytest.raises(ValidationError):
        saving(group="straight")
    assert not PopulationBenchmark.objects.exists()


def test_the_service_refuses_a_percentage_over_100(no_benchmarks):
    with pytest.raises(ValidationError):
        saving(percentage=Decimal("100.01"))
    assert not PopulationBenchmark.objects.exists()


def test_the_service_refuses_a_second_area_wide_figure(no_benchmarks):
    saving()
    with pytest.raises(ValidationError):
        saving(percentage=Decimal("60"))
    assert PopulationBenchmark.objects.get().percentage == Decimal("51.00")


def test_the_service_changes_the_figure_it_is_given(no_benchmarks, medway):
    first = saving()
    saving(benchmark=first, locality=medway, percentage=Decimal("52.5"))
    first.refresh_from_db()
    assert (first.locality, first.percentage) == (medway, Decimal("52.50"))
