"""Writes for impact, one module per area: `themes`, `journal`, `case_studies`, `records`, `surveys`,
`insight` (the insight inbox: one tag at a time, and suggestions said no to)."""
