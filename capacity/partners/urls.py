"""partners URLs."""

urlpatterns: list = []
