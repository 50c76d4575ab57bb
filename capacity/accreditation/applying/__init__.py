"""Accreditation: applying (issue 19 part 5)."""
