"""Accreditation applying URLs."""

urlpatterns: list = []
