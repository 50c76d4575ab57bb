"""partners (issue 19)."""
