"""The register's own checks, one at a time."""

import pytest
from django.core.exceptions import ValidationError

from community.forms.register import normalise_uk_phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("07700 900 982", "07700900982"),
        ("01632 960001", "01632960001"),
        ("(01632) 960-001", "01632960001"),
        ("+44 7700 900982", "07700900982"),
        ("+44 (0)7700 900982", "07700900982"),
        ("0169 77 1234", "0169771234"),
    ],
)
def test_plausible_uk_phone_numbers_are_kept_as_digits(typed, kept):
    assert normalise_uk_phone(typed) == kept


@pytest.mark.parametrize(
    "typed",
    ["07700", "077009009821234", "7700900982", "+1 202 555 0100", "07700 900 98x", "phone me"],
)
def test_implausible_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_uk_phone(typed)
