"""claims pages (payments namespace)."""

urlpatterns: list = []
