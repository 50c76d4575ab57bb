"""Only UK postcodes are taken, written one way, wherever a person's postcode is entered."""

import pytest
from django.core.exceptions import ValidationError

from community.models import CoCreator
from community.validators import normalise_uk_postcode

from .register.test_add_edit import ADD, form_data

GOOD = [
    ("ME14 1RG", "ME14 1RG"),
    ("me14 1rg", "ME14 1RG"),
    ("ME141RG", "ME14 1RG"),
    ("  me14   1rg ", "ME14 1RG"),
    ("CT1 9ZZ", "CT1 9ZZ"),
    ("DA1 1AA", "DA1 1AA"),
    ("M1 1AE", "M1 1AE"),
    ("B33 8TH", "B33 8TH"),
    ("CR2 6XH", "CR2 6XH"),
    ("W1A 0AX", "W1A 0AX"),
    ("EC1A 1BB", "EC1A 1BB"),
    ("SW1W 0NY", "SW1W 0NY"),
    ("gir 0aa", "GIR 0AA"),
]
BAD = [
    "ME14",  # the outward code alone
    "1RG",
    "ME14 1R",
    "ME14 1RGG",
    "ME14-1RG",
    "ZYXWV1",
    "12345",  # a US ZIP code
    "75008",  # a French one
    "K1A 0B1",  # a Canadian one
    "QE14 1RG",  # Q never starts a postcode
    "ME14 1CI",  # C and I are never in the last two letters
    "ME14 RG1",
    "hello",
]


@pytest.mark.parametrize(("typed", "kept"), GOOD)
def test_a_uk_postcode_is_kept_in_capitals_with_one_space(typed, kept):
    assert normalise_uk_postcode(typed) == kept


@pytest.mark.parametrize("typed", BAD)
def test_anything_else_is_refused_in_plain_english(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_uk_postcode(typed)
    assert refused.value.messages == ["Enter a UK postcode, like ME14 1RG"]


def test_staff_cannot_save_a_postcode_that_is_not_a_uk_one(staff_client, db):
    response = staff_client.post(ADD, form_data(postcode="75008"))
    assert response.status_code == 200
    assert "Enter a UK postcode, like ME14 1RG" in response.content.decode()
    assert not CoCreator.objects.filter(full_name="Dee Dover").exists()


def test_staff_may_leave_the_postcode_blank(staff_client, db):
    response = staff_client.post(ADD, form_data(postcode=" "))
    assert response.status_code == 302
    assert CoCreator.objects.get(full_name="Dee Dover").postcode == ""


def test_staff_postcodes_are_written_one_way(staff_client, db):
    staff_client.post(ADD, form_data(postcode="me141rg"))
    assert CoCreator.objects.get(full_name="Dee Dover").postcode == "ME14 1RG"
