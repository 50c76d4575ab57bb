"""Every email is three templates, rendered by one helper; a text message is one more.

Only the HTML part is HTML: the subject, the text part and a text message are plain text, so they
are rendered with autoescape off, whatever the template says (an apostrophe stays an apostrophe,
not `&#x27;`). Links in them are built on SITE_URL (`cocreation.lib.links.absolute_url`).
"""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string


def site_context() -> dict:
    """The site's names, as every message's templates see them (`site`)."""
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "contact_email": settings.CONTACT_EMAIL,
    }


def render_plain(template_name: str, context: dict) -> str:
    """Render a plain-text template (a subject, a text part, a text message) without escaping."""
    template = get_template(template_name).template  # the Django template inside the backend's
    rendered = template.render(Context(context, autoescape=False))
    # Django marks what a template renders as safe HTML; plain text is not, so the mark is dropped
    # (a page that shows it, like the newsletter preview, escapes it as it would any text).
    return "".join(rendered)


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """Render `<name>_subject.txt`, `<name>_body.txt` and `<name>_body.html` with the site's names."""
    context = {"site": site_context(), **context}
    subject = " ".join(render_plain(f"{name}_subject.txt", context).split())
    text = render_plain(f"{name}_body.txt", context)
    html = render_to_string(f"{name}_body.html", context)
    return subject, text, html


def render_text_message(name: str, context: dict) -> str:
    """Render `<name>_sms.txt`, a text message, with the site's names."""
    return render_plain(f"{name}_sms.txt", {"site": site_context(), **context}).strip()
