"""Every email is three templates, rendered by one helper."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """Render `<name>_subject.txt`, `<name>_body.txt` and `<name>_body.html` with the site's names."""
    context = {
        "site": {
            "service_name": settings.SERVICE_NAME,
            "organisation_name": settings.ORGANISATION_NAME,
            "contact_email": settings.CONTACT_EMAIL,
        },
        **context,
    }
    subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
    text = render_to_string(f"{name}_body.txt", context)
    html = render_to_string(f"{name}_body.html", context)
    return subject, text, html


def build_email(
    *, name: str, context: dict, to: str, headers: dict | None = None
) -> EmailMultiAlternatives:
    """An email ready to send, with plain-text and HTML bodies."""
    subject, text, html = render_email(name, context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message
