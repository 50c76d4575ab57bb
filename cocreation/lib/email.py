"""Every email is three templates, rendered by one helper."""

from django.conf import settings
from django.template.loader import render_to_string


def site_context() -> dict:
    """The site's names, as every message's templates see them (`site`)."""
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "contact_email": settings.CONTACT_EMAIL,
    }


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """Render `<name>_subject.txt`, `<name>_body.txt` and `<name>_body.html` with the site's names."""
    context = {"site": site_context(), **context}
    subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
    text = render_to_string(f"{name}_body.txt", context)
    html = render_to_string(f"{name}_body.html", context)
    return subject, text, html
