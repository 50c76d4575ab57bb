"""Reporting's views, a module per area: reports (the period pages and exports), plan (the plan
tracker), packs (locked governance packs)."""
