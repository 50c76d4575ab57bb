"""One way to reach a person: only `community` sends mail or text messages.

Every other app records a message with a community service (`community.messaging.queueing.message_queue`,
`messages_queue`, `broadcast_start`) and the delivery tasks send it. This reads the source of
every other app and of the project package and fails on anything that sends directly: Django's
mail functions and classes, an email connection, SMTP, GOV.UK Notify's client or our SMS
backends. (allauth's own account emails go through its adapter and Django's EMAIL_BACKEND.)
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CHECKED = ("activities", "impact", "reporting", "cocreation")
SENDING_MODULES = (
    "django.core.mail",
    "smtplib",
    "notifications_python_client",
    "community.notify",
    "community.mail_backends",
)
SENDING_CALLS = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
    "send_messages",
    "get_sms_backend",
    "NotificationsAPIClient",
    "send_email_notification",
    "send_sms_notification",
    "SMTP",
    "SMTP_SSL",
}


def _names_a_sending_module(name: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in SENDING_MODULES)


def direct_sends(source: str) -> list[str]:
    """Each line of `source` that imports a way to send, or calls one."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {alias.name}"
                for alias in node.names
                if _names_a_sending_module(alias.name)
            ]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            if _names_a_sending_module(node.module) or any(
                _names_a_sending_module(f"{node.module}.{name}") for name in names
            ):
                found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SENDING_CALLS:
                found.append(f"{node.lineno}: {name}(...)")
    return found


def _modules():
    for package in CHECKED:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_app_but_community_sends_mail_or_text_messages_itself():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := direct_sends(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, (
        "Send through community.messaging.queueing (message_queue, messages_queue, broadcast_start): "
        f"{offenders}"
    )


def test_the_check_finds_each_way_of_sending():
    source = """
from django.core.mail import send_mail
from django.core import mail
import smtplib
from notifications_python_client.notifications import NotificationsAPIClient
from community.notify import get_sms_backend

send_mail("s", "b", None, ["a@example.org"])
mail.EmailMultiAlternatives("s", "b", to=["a@example.org"]).send()
connection = mail.get_connection()
get_sms_backend().send(phone_number="1", body="b", reference="k")
"""
    found = direct_sends(source)
    assert len(found) == 9, found
    assert direct_sends("from community.messaging.queueing import message_queue\n") == []


def test_the_check_reads_every_app_module():
    checked = {path.relative_to(ROOT).parts[0] for path in _modules()}
    assert checked == set(CHECKED)
    assert ROOT / "impact" / "services" / "surveys.py" in set(_modules())
