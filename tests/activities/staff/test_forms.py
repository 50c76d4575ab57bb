"""The time of day is typed the way people write it, and wrong times are explained plainly."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.forms.staff.fields import NHSTimeField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:30", datetime.time(9, 30)),
        ("9:30", datetime.time(9, 30)),
        ("14.00", datetime.time(14, 0)),
        (" 14 : 05 ", datetime.time(14, 5)),
        ("00:00", datetime.time(0, 0)),
        ("23:59", datetime.time(23, 59)),
        ("2pm", datetime.time(14, 0)),
        ("2:30 PM", datetime.time(14, 30)),
        ("12am", datetime.time(0, 0)),
        ("12pm", datetime.time(12, 0)),
        ("", None),
    ],
)
def test_times_people_type_are_understood(typed, expected):
    assert NHSTimeField(label="Start time", required=False).clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("14", "Start time must be a time, like 09:30 or 14:00"),
        ("half past two", "Start time must be a time, like 09:30 or 14:00"),
        ("14:3", "Start time must be a time, like 09:30 or 14:00"),
        ("24:00", "Start time must be a real time, between 00:00 and 23:59"),
        ("13pm", "Start time must be a real time, between 00:00 and 23:59"),
        ("9:60", "Start time must be a real time, between 00:00 and 23:59"),
        ("", "Enter the start time"),
    ],
)
def test_wrong_times_are_explained(typed, message):
    with pytest.raises(ValidationError) as error:
        NHSTimeField(label="Start time").clean(typed)
    assert error.value.messages == [message]


def test_a_time_is_shown_as_hours_and_minutes():
    assert NHSTimeField().prepare_value(datetime.time(9, 5)) == "09:05"
