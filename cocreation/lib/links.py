"""Full addresses of the site's pages, for emails and text messages (no request to ask)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """A site path ("/calendar/") as a full address, on `SITE_URL`."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"
