"""roles pages (capacity namespace)."""

urlpatterns: list = []
