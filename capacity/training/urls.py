"""training pages (capacity namespace)."""

urlpatterns: list = []
