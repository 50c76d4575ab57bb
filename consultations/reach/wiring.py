"""What reach registers with the lower apps: the insight inbox's sources, the public home page's
section, the portal opportunities' section, and the lists digests and newsletters add."""

from activities.opportunity_sections import opportunity_section_register
from cocreation.lib.home_sections import home_section_register
from impact.models import InsightSource
from impact.selectors_insight import insight_source_register
from reporting.newsletters.digests import digest_extra_register
from reporting.newsletters.selectors import newsletter_extra_register

from . import insight, selectors

HEADING = "Have your say online"


def wire() -> None:
    insight_source_register(
        source=InsightSource.CONSULTATION_ANSWER,
        refs=insight.answer_refs,
        load=insight.answer_items,
        activities=insight.activities_with_insight,
    )
    insight_source_register(
        source=InsightSource.CONSULTATION_POST, refs=insight.post_refs, load=insight.post_items
    )
    home_section_register(
        key="consultations",
        template="consultations/reach/_home.html",
        context=selectors.home_context,
        order=50,
    )
    opportunity_section_register(
        key="consultations",
        template="consultations/reach/_opportunities.html",
        context=selectors.opportunities_context,
    )
    digest_extra_register(
        key="consultations",
        heading=HEADING,
        intro=(
            "New questions we are asking online, about things you told us you are interested in"
            " or about all our services. Answer in your own time."
        ),
        build=selectors.digest_items,
        url_name="consultations:list",
    )
    newsletter_extra_register(
        key="consultations",
        heading=HEADING,
        intro="Questions we are asking online now. Answer in your own time.",
        items=selectors.newsletter_items,
    )
