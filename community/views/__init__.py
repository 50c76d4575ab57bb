"""Community views: each area has a module of its own in this package.

The co-creator's home is in `portal.py` with the rest of the portal. The staff dashboard at
/staff/ belongs to the activities app (`activities/views/dashboard.py`).
"""
