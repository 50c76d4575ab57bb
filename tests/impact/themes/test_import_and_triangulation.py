"""Staff import monthly theme counts from other feedback, and compare them with co-creator insight."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impact.models import InsightTag, SourceThemeCount, Theme

IMPORT = reverse("impact:source-import")
TEMPLATE = reverse("impact:source-import-template")
TRIANGULATION = reverse("impact:triangulation")


def upload(client, text, name="counts.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


GOOD = (
    "source,theme,month,count\r\n"
    "complaints,Access to services,2026-04,12\r\n"
    "PALS,waiting times,2026-05,3\r\n"
    "Friends and Family Test,Waiting Times,2026-5,0\r\n"
)


# --- importing ----------------------------------------------------------------------------------


def test_the_template_has_the_columns_and_an_example(staff_client, themes):
    response = staff_client.get(TEMPLATE)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").startswith("source,theme,month,count")


def test_a_good_file_is_imported_with_labels_and_any_capitals(staff_client, themes):
    response = upload(staff_client, GOOD)
    assert response.status_code == 302
    saved = {(c.source, c.theme.name, c.month, c.count) for c in SourceThemeCount.objects.all()}
    assert saved == {
        ("complaints", "Access to services", date(2026, 4, 1), 12),
        ("pals", "Waiting times", date(2026, 5, 1), 3),
        ("fft", "Waiting times", date(2026, 5, 1), 0),
    }


def test_importing_the_same_month_again_replaces_the_count(staff_client, themes):
    upload(staff_client, GOOD)
    response = upload(
        staff_client, "source,theme,month,count\ncomplaints,Access to services,2026-04,7\n"
    )
    assert response.status_code == 302
    assert SourceThemeCount.objects.count() == 3
    assert SourceThemeCount.objects.get(source="complaints").count == 7


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("letters,Waiting times,2026-04,1", "source", "letters is not a source"),
        ("pals,Parking,2026-04,1", "theme", "There is no theme called Parking"),
        ("pals,,2026-04,1", "theme", "Enter a theme"),
        ("pals,Waiting times,April 2026,1", "month", "Enter the month as year-month"),
        ("pals,Waiting times,2026-13,1", "month", "Enter the month as year-month"),
        ("pals,Waiting times,2026-04,-1", "count", "whole number, 0 or more"),
        ("pals,Waiting times,2026-04,2.5", "count", "whole number, 0 or more"),
    ],
)
def test_a_bad_row_stops_the_whole_import_and_says_where(
    staff_client, themes, row, column, message
):
    text = f"source,theme,month,count\ncomplaints,Access to services,2026-04,12\n{row}\n"
    response = upload(staff_client, text)
    assert response.status_code == 200
    assert not SourceThemeCount.objects.exists()
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert message in problems[0].message
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert "The file has 1 problem. Nothing has been imported" in page


def test_a_missing_column_or_a_repeated_row_is_a_problem(staff_client, themes):
    response = upload(staff_client, "source,theme,count\npals,Waiting times,1\n")
    assert [(p.row, p.column) for p in response.context["problems"]] == [(1, "month")]
    repeated = (
        "source,theme,month,count\npals,Waiting times,2026-04,1\nPALS,waiting times,2026-04,2\n"
    )
    response = upload(staff_client, repeated)
    assert "repeats the source, theme and month of row 2" in response.context["problems"][0].message
    assert not SourceThemeCount.objects.exists()


def test_no_file_an_empty_file_or_an_unreadable_file_gets_a_plain_error(staff_client, themes):
    assert "Select a CSV file" in staff_client.post(IMPORT, {}).content.decode()
    header_only = upload(staff_client, "source,theme,month,count\n")
    assert "no rows of counts" in header_only.context["problems"][0].message
    binary = staff_client.post(IMPORT, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")})
    assert "CSV saved as UTF-8" in binary.content.decode()
    assert not SourceThemeCount.objects.exists()


# --- triangulation -------------------------------------------------------------------------------


def tag(theme, month, n, start=0):
    for i in range(n):
        InsightTag.objects.create(
            theme=theme, source="activity_notes", source_id=f"{month}-{start + i}", month=month
        )


def test_the_page_compares_the_chosen_period_only(staff_client, themes, time_machine):
    time_machine.move_to("2026-11-10 12:00", tick=False)
    access, waiting = themes["access"], themes["waiting"]
    # Q2 2026/27 is July to September 2026.
    tag(access, date(2026, 7, 1), 6)
    tag(waiting, date(2026, 9, 1), 1)
    tag(waiting, date(2026, 10, 1), 9)  # Q3: not counted in Q2
    SourceThemeCount.objects.create(
        source="complaints", theme=waiting, month=date(2026, 8, 1), count=30
    )
    SourceThemeCount.objects.create(source="pals", theme=waiting, month=date(2026, 9, 1), count=10)
    SourceThemeCount.objects.create(source="fft", theme=access, month=date(2026, 7, 1), count=10)
    SourceThemeCount.objects.create(source="fft", theme=access, month=date(2026, 6, 1), count=99)
    response = staff_client.get(TRIANGULATION, {"period": "2026-q2"})
    assert response.status_code == 200
    readings = {r.name: r for r in response.context["readings"]}
    assert readings["Access to services"].counts.insight == 6
    assert readings["Access to services"].counts.sources["fft"] == 10
    assert readings["Waiting times"].counts.insight == 1
    assert readings["Waiting times"].counts.sources == {
        "complaints": 30,
        "pals": 10,
        "incidents": 0,
        "fft": 0,
    }
    assert readings["Access to services"].reading == "Agree: a top-3 theme in both"
    page = response.content.decode()
    assert "2026/27 Q2 (July to September 2026)" in page
    assert page.count("<h1") == 1


def test_the_page_opens_on_the_current_quarter_and_shrugs_off_a_bad_period(
    staff_client, themes, time_machine
):
    time_machine.move_to("2026-11-10 12:00", tick=False)
    assert staff_client.get(TRIANGULATION).context["period"].slug == "2026-q3"
    assert (
        staff_client.get(TRIANGULATION, {"period": "nonsense"}).context["period"].slug == "2026-q3"
    )
    year = staff_client.get(TRIANGULATION, {"period": "2025-year"}).context["period"]
    assert year.label.startswith("2025/26")


def test_the_page_takes_the_same_number_of_queries_however_much_data(
    staff_client, themes, django_assert_max_num_queries
):
    staff_client.get(TRIANGULATION, {"period": "2026-year"})
    with django_assert_max_num_queries(12) as few:
        staff_client.get(TRIANGULATION, {"period": "2026-year"})
    for n in range(20):
        theme = Theme.objects.create(name=f"Theme {n}")
        tag(theme, date(2026, 5, 1), 3)
        for source in ("complaints", "pals", "incidents", "fft"):
            SourceThemeCount.objects.create(
                source=source, theme=theme, month=date(2026, 5, 1), count=n
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(TRIANGULATION, {"period": "2026-year"})
