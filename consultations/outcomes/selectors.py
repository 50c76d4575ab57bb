"""Reads for a consultation's results and its "We asked, you said, we did"."""


def outcome_context(consultation, user) -> dict:
    """What the consultation page's outcome section needs (its template
    `consultations/outcomes/_outcome.html` reads it as `outcome_section`)."""
    return {}
