"""accreditation (issue 19)."""
