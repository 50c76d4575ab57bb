"""GOV.UK Notify through its own client (`notifications-python-client`): a Django email backend and
text-message backends.

Settings: `NOTIFY_API_KEY` (empty: Notify is not set up), `NOTIFY_BASE_URL`,
`NOTIFY_EMAIL_TEMPLATE_ID` and `NOTIFY_SMS_TEMPLATE_ID`. Each Notify template is a shell: the
email template's subject is `((subject))` and body `((body))`; the text template's body `((body))`.
Every send carries our message key as Notify's `reference`, so after a worker dies mid-send
`delivered(key)` can ask Notify whether the message went.

Errors are the client's `HTTPError`: 400 and 403 are permanent (a bad address or template, a
wrong key); 429 and 5xx are temporary and the message is tried again later. A connection that
fails or times out comes as a 503 from the client, so it is temporary too (`is_temporary`).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

TIMEOUT_SECONDS = 20


def is_temporary(exc: HTTPError) -> bool:
    """Whether Notify may take the request if we try again later (429, 5xx, no connection)."""
    return exc.status_code == 429 or exc.status_code >= 500


def parse_api_key(api_key: str) -> tuple[str, str]:
    """The service id and the secret in an API key (`<key name>-<service id>-<secret>`)."""
    api_key = api_key.strip()
    if len(api_key) < 74 or api_key[-37] != "-" or api_key[-74] != "-":
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY does not look like a GOV.UK Notify API key "
            "(<key name>-<service id>-<secret>). Copy it again from Notify's API integration page."
        )
    return api_key[-73:-37], api_key[-36:]


def notify_client() -> NotificationsAPIClient:
    """GOV.UK Notify's own client, set up from our settings."""
    api_key = settings.NOTIFY_API_KEY
    if not api_key:
        raise ImproperlyConfigured("GOV.UK Notify is not set up: NOTIFY_API_KEY is empty.")
    parse_api_key(api_key)  # a clear message for a key pasted wrongly
    return NotificationsAPIClient(
        api_key.strip(), base_url=settings.NOTIFY_BASE_URL, timeout=TIMEOUT_SECONDS
    )


def notify_delivered(client: NotificationsAPIClient, reference: str) -> bool:
    """Whether Notify has taken a message under this reference (whatever happened next)."""
    return bool(client.get_all_notifications(reference=reference).get("notifications"))


def _unsubscribe_url_from(header: str) -> str:
    """The https address inside a List-Unsubscribe header (`<https://...>`)."""
    for part in header.split(","):
        part = part.strip().strip("<>")
        if part.startswith(("https://", "http://")):
            return part
    return ""


class NotifyEmailBackend(BaseEmailBackend):
    """Django email backend that sends through GOV.UK Notify (EMAIL_URL `notify://`).

    Notify sends the text body (its templates are plain text with Markdown), so the HTML
    alternative is not used. Each address on a message is a separate Notify email.
    """

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.client = notify_client()
        self.template_id = settings.NOTIFY_EMAIL_TEMPLATE_ID
        if not self.template_id:
            raise ImproperlyConfigured(
                "NOTIFY_EMAIL_TEMPLATE_ID is needed to email through Notify."
            )

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            headers = message.extra_headers or {}
            reference = headers.get("X-Message-Key", "")
            unsubscribe = _unsubscribe_url_from(headers.get("List-Unsubscribe", ""))
            try:
                for address in message.recipients():
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                        reference=reference or None,
                        one_click_unsubscribe_url=unsubscribe or None,
                    )
            except HTTPError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent

    def delivered(self, key: str) -> bool:
        return notify_delivered(self.client, key)


# --- Text messages -----------------------------------------------------------------------------


class NotifySmsBackend:
    """Text messages through GOV.UK Notify."""

    def __init__(self):
        self.client = notify_client()
        self.template_id = settings.NOTIFY_SMS_TEMPLATE_ID
        if not self.template_id:
            raise ImproperlyConfigured("NOTIFY_SMS_TEMPLATE_ID is needed to send text messages.")

    def send(self, *, phone_number: str, body: str, reference: str) -> None:
        self.client.send_sms_notification(
            phone_number=phone_number,
            template_id=self.template_id,
            personalisation={"body": body},
            reference=reference or None,
        )

    def delivered(self, key: str) -> bool:
        return notify_delivered(self.client, key)


# The locmem backend's outbox, like django.core.mail.outbox: a list of dicts, for tests.
sms_outbox: list[dict] = []


class LocmemSmsBackend:
    """Keeps text messages in `community.notify.sms_outbox` (tests and the local demo)."""

    def send(self, *, phone_number: str, body: str, reference: str) -> None:
        sms_outbox.append({"phone_number": phone_number, "body": body, "reference": reference})

    def delivered(self, key: str) -> bool:
        return any(sms["reference"] == key for sms in sms_outbox)


def get_sms_backend():
    """The text-message backend SMS_BACKEND names ("notify", "locmem"), or None ("none")."""
    name = settings.SMS_BACKEND
    if name == "notify":
        return NotifySmsBackend()
    if name == "locmem":
        return LocmemSmsBackend()
    if name == "none":
        return None
    raise ImproperlyConfigured(f"SMS_BACKEND is {name!r}; use 'notify', 'locmem' or 'none'.")
