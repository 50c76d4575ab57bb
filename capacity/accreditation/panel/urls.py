"""Accreditation panel URLs."""

urlpatterns: list = []
