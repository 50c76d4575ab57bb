"""mentoring URLs."""

urlpatterns: list = []
