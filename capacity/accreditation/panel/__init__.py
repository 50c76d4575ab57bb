"""Accreditation: panel (issue 19 part 5)."""
