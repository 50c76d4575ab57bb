"""recognition pages (payments namespace)."""

urlpatterns: list = []
