"""Impact views: each area has a module of its own in this package."""
