"""What claims registers with the other apps, called from PaymentsConfig.ready(): the portal's
menu item and home section, the staff record's section and the story sources (what leaving does to
payments rows is payments/erasure.py)."""

from community.models import Role
from community.navigation import nav_item_register
from community.portal_sections import portal_section_register
from community.record_sections import record_section_register

from .selectors import portal_payments_section, record_payments_section
from .story import story_sources_register


def wire() -> None:
    nav_item_register(
        key="portal-payments",
        role=Role.COCREATOR,
        label="Payments",
        url_name="payments:my-payments",
        order=38,
    )
    portal_section_register(
        key="payments-claims",
        template="payments/claims/portal_section.html",
        context=portal_payments_section,
        order=40,
    )
    record_section_register(
        key="payments-claims",
        template="payments/claims/record_section.html",
        context=record_payments_section,
        order=40,
    )
    story_sources_register()
