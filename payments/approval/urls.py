"""approval pages (payments namespace)."""

urlpatterns: list = []
