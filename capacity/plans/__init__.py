"""plans (issue 19)."""
