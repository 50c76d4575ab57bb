"""`manage.py bench`: which URLs to time and how (registry, lookups), timing, the report."""
