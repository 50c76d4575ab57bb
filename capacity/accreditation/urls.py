"""accreditation URLs."""

urlpatterns: list = []
