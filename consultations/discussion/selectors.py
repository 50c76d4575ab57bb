"""Reads for the idea board and the discussion."""


def board_context(consultation, user) -> dict:
    """What the consultation page's idea board and discussion sections need (its templates
    `consultations/discussion/_board.html` and `_discussion.html` read it as `board`)."""
    return {}
