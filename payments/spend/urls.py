"""spend pages (payments namespace)."""

urlpatterns: list = []
