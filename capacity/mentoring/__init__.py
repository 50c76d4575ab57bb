"""mentoring (issue 19)."""
