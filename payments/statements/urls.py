"""statements pages (payments namespace)."""

urlpatterns: list = []
