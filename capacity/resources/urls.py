"""resources pages (capacity namespace)."""

urlpatterns: list = []
