"""What recognition registers with the other apps, called from PaymentsConfig.ready()."""

from community.portal_sections import portal_link_register
from community.record_sections import record_section_register
from community.story import story_source_register

from .selectors import person_recognition_section
from .story import reference_letter_rows


def wire() -> None:
    portal_link_register(
        key="certificate",
        label="Your certificate of involvement",
        url_name="payments:portal-certificate",
        order=42,
    )
    record_section_register(
        key="recognition",
        template="payments/recognition/record_section.html",
        context=person_recognition_section,
        order=62,
    )
    story_source_register(
        key="reference-letters", models=["payments.ReferenceLetter"], rows_for=reference_letter_rows
    )
