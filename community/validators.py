"""Checks on single values that several forms share (the staff register, the portal, the import)."""

import re

from django.core.exceptions import ValidationError

POSTCODE_MESSAGE = "Enter a UK postcode, like ME14 1RG"

# A UK postcode, written without spaces: the outward code (area and district: A9, A99, A9A, AA9,
# AA99 or AA9A, with the letters Royal Mail uses in each place), then the inward code (a digit
# and two letters, never C, I, K, M, O or V). GIR 0AA is Girobank's, still in use.
POSTCODE = re.compile(
    r"^(?:GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|"
    r"[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_uk_postcode(text: str) -> str:
    """A UK postcode in capitals with one space before its last three characters ("ME14 1RG").

    Raises ValidationError in plain English for anything that is not a UK postcode.
    """
    compact = re.sub(r"\s+", "", text).upper()
    if not POSTCODE.match(compact):
        raise ValidationError(POSTCODE_MESSAGE, code="postcode")
    return f"{compact[:-3]} {compact[-3:]}"
