"""Reads about activities, a module per area: `mix`, `words`, `portal`, `staff`, `dashboard`, `calendar`.

Import from the module itself.
"""
