"""rates pages (payments namespace)."""

urlpatterns: list = []
