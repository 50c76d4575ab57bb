"""The import checks each row with the staff form's own rules: a rule changed once changes both."""

import datetime
import re

import pytest
import time_machine

from community.forms import register
from community.imports.selectors import import_check

from .conftest import csv_text, person

pytestmark = pytest.mark.django_db

ADD = "/staff/community/add/"


def staff_errors(staff_client, **fields) -> dict[str, list[str]]:
    """The staff add form's errors, by field, after posting a person with `fields`."""
    data = {
        "full_name": "Dee Dover",
        "status": "active",
        "newsletter": "no",
        "date_joined_day": "1",
        "date_joined_month": "4",
        "date_joined_year": "2025",
        "different_person": "on",
        **fields,
    }
    response = staff_client.post(ADD, data)
    assert response.status_code == 200, "The staff form should have refused this person"
    return response.context["form"].errors


def import_problems(**cells) -> dict[str, list[str]]:
    """The import's problems, by column, for one row with `cells`."""
    found: dict[str, list[str]] = {}
    for problem in import_check(csv_text([person(**cells)])).problems:
        found.setdefault(problem.column, []).append(problem.message)
    return found


def test_changing_the_phone_rule_once_changes_it_for_staff_and_for_the_import(
    staff_client, monkeypatch
):
    # A stricter rule, written in one place only: digits, no spaces.
    monkeypatch.setattr(register, "PHONE_ALLOWED", re.compile(r"^\d+$"))
    message = "Enter a UK phone number using numbers only, like 01632 960 001 or 07700 900 982"

    assert staff_errors(staff_client, phone="07700 900 982")["phone"] == [message]
    assert import_problems(phone="07700 900 982")["phone"] == [message]


def test_a_rule_added_to_the_staff_form_is_applied_to_imported_rows(staff_client, monkeypatch):
    clean_full_name = register.CoCreatorForm.clean_full_name

    def no_example_names(form):
        name = clean_full_name(form)
        if "Example" in name:
            raise register.ValidationError("Use the person's real name", code="example")
        return name

    monkeypatch.setattr(register.CoCreatorForm, "clean_full_name", no_example_names)

    assert staff_errors(staff_client, full_name="Alex Example")["full_name"] == [
        "Use the person's real name"
    ]
    assert import_problems(full_name="Alex Example")["full_name"] == ["Use the person's real name"]


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_a_date_joined_in_the_future_is_refused_by_staff_form_and_import(staff_client):
    assert staff_errors(
        staff_client, date_joined_day="2", date_joined_month="6", date_joined_year="2025"
    )["date_joined"] == ["Date joined must be today or in the past"]
    assert import_problems(date_joined="02/06/2025")["date_joined"] == [
        "Date joined must be today or in the past"
    ]


@pytest.mark.parametrize(
    ("fields", "cells", "field", "column", "import_says"),
    [
        (
            {"pronouns": "x" * 51},
            {"pronouns": "x" * 51},
            "pronouns",
            "pronouns",
            "Pronouns must be 50 characters or fewer",
        ),
        (
            {"access_needs": ["interpreter"]},
            {"access_needs": "Interpreter"},
            "interpreter_language",
            "interpreter_language",
            "Enter the language the person needs an interpreter for, because access_needs "
            "includes Interpreter",
        ),
        (
            {"email": "", "channels": ["email"]},
            {"email": "", "preferred_channels": "email"},
            "email",
            "email",
            "Enter an email address, because email is chosen as a way to contact them",
        ),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "4", "date_of_birth_year": "1980"},
            {"date_of_birth": "31/04/1980"},
            "date_of_birth",
            "date_of_birth",
            "Date of birth must be a real date, written as DD/MM/YYYY or YYYY-MM-DD, for "
            "example 27/03/1985",
        ),
    ],
)
def test_the_same_value_is_refused_by_both_and_the_import_names_its_column(
    staff_client, fields, cells, field, column, import_says
):
    assert staff_errors(staff_client, **fields)[field]
    assert import_problems(**cells)[column] == [import_says]


def test_one_form_checks_every_row_and_nothing_carries_over_to_the_next():
    problems = import_check(
        csv_text(
            [
                person(1, date_of_birth="31/04/1980", access_needs="Interpreter"),
                person(
                    2,
                    date_of_birth="30/04/1980",
                    access_needs="Interpreter",
                    interpreter_language="Polish",
                ),
                person(3, pronouns="x" * 51),
                person(4),
            ]
        )
    ).problems
    assert [(p.row, p.column) for p in problems] == [
        (2, "date_of_birth"),
        (2, "interpreter_language"),
        (4, "pronouns"),
    ]
