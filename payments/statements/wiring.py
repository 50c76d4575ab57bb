"""What statements registers with the other apps, called from PaymentsConfig.ready()."""

from community.portal_sections import portal_link_register
from community.record_sections import record_section_register

from .selectors import SECTION_KINDS, statement_years


def person_statements_section(cocreator) -> dict:
    """The "Payment statements" section of a person's staff record: each tax year's totals and
    its PDF and CSV. Two queries, whatever the number of claims."""
    return {
        "cocreator": cocreator,
        "years": statement_years(cocreator),
        "section_kinds": SECTION_KINDS,
    }


def wire() -> None:
    portal_link_register(
        key="payment-statements",
        label="Your payment statements",
        url_name="payments:portal-statements",
        order=40,
    )
    record_section_register(
        key="payment-statements",
        template="payments/statements/record_section.html",
        context=person_statements_section,
        order=60,
    )
