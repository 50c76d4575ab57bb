"""plans URLs."""

urlpatterns: list = []
