"""Locked governance packs: a period's report frozen with a narrative and signed by staff."""
