"""Writes for impact, one module per area: `themes`, `journal`, `case_studies`, `records`, `surveys`."""
