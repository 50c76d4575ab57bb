"""GOV.UK Notify: a small client of its REST API, a Django email backend and text-message backends.

No third-party client: the API is three calls (send an email, send a text message, find the
notifications sent under a reference), authenticated with a JSON Web Token (HS256, issuer the
service id, issued-at now) signed with the API key's secret. An API key reads
`<key name>-<service id, 36 characters>-<secret, 36 characters>`.

Settings: `NOTIFY_API_KEY` (empty: Notify is not set up), `NOTIFY_BASE_URL`,
`NOTIFY_EMAIL_TEMPLATE_ID` and `NOTIFY_SMS_TEMPLATE_ID`. Each Notify template is a shell: the
email template's subject is `((subject))` and body `((body))`; the text template's body `((body))`.
Every send carries our message key as Notify's `reference`, so after a worker dies mid-send
`delivered(key)` can ask Notify whether the message went.

Errors: 400 and 403 are permanent (a bad address or template, a wrong key); 429 and 5xx, and a
connection that fails or times out, are temporary and the message is tried again later.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

TIMEOUT_SECONDS = 20


class NotifyError(Exception):
    """Notify refused or could not take a request. `temporary`: worth trying again later."""

    def __init__(self, message: str, *, status: int | None = None, temporary: bool):
        super().__init__(message)
        self.status = status
        self.temporary = temporary


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def parse_api_key(api_key: str) -> tuple[str, str]:
    """The service id and the secret in an API key."""
    api_key = api_key.strip()
    if len(api_key) < 74 or api_key[-37] != "-" or api_key[-74] != "-":
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY does not look like a GOV.UK Notify API key "
            "(<key name>-<service id>-<secret>). Copy it again from Notify's API integration page."
        )
    return api_key[-73:-37], api_key[-36:]


def make_token(service_id: str, secret: str, *, now: float | None = None) -> str:
    """A JSON Web Token for one request (HS256; issuer the service id; issued at now)."""
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = {"iss": service_id, "iat": int(now if now is not None else time.time())}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


class NotifyClient:
    """Send emails and text messages through GOV.UK Notify's API (version 2)."""

    def __init__(self, api_key: str | None = None, base_url: str | None = None):
        api_key = settings.NOTIFY_API_KEY if api_key is None else api_key
        if not api_key:
            raise ImproperlyConfigured("GOV.UK Notify is not set up: NOTIFY_API_KEY is empty.")
        self.service_id, self.secret = parse_api_key(api_key)
        self.base_url = (base_url or settings.NOTIFY_BASE_URL).rstrip("/")

    def _request(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 (the address is our own setting)
            self.base_url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {make_token(self.service_id, self.secret)}",
                "Content-Type": "application/json",
                "User-Agent": "cocreation-notify/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            temporary = exc.code == 429 or exc.code >= 500
            raise NotifyError(
                f"GOV.UK Notify answered {exc.code}: {detail}", status=exc.code, temporary=temporary
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise NotifyError(f"Could not reach GOV.UK Notify: {exc}", temporary=True) from None

    def send_email(
        self,
        *,
        email_address: str,
        template_id: str,
        personalisation: dict,
        reference: str = "",
        one_click_unsubscribe_url: str = "",
    ) -> dict:
        body = {
            "email_address": email_address,
            "template_id": template_id,
            "personalisation": personalisation,
        }
        if reference:
            body["reference"] = reference
        if one_click_unsubscribe_url:
            body["one_click_unsubscribe_url"] = one_click_unsubscribe_url
        return self._request("POST", "/v2/notifications/email", body)

    def send_sms(
        self, *, phone_number: str, template_id: str, personalisation: dict, reference: str = ""
    ) -> dict:
        body = {
            "phone_number": phone_number,
            "template_id": template_id,
            "personalisation": personalisation,
        }
        if reference:
            body["reference"] = reference
        return self._request("POST", "/v2/notifications/sms", body)

    def notifications_with_reference(self, reference: str) -> list[dict]:
        query = urllib.parse.urlencode({"reference": reference})
        return self._request("GET", f"/v2/notifications?{query}").get("notifications", [])

    def delivered(self, reference: str) -> bool:
        """Whether Notify has taken a message under this reference (whatever happened next)."""
        return bool(self.notifications_with_reference(reference))


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
        self.client = NotifyClient()
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
                    self.client.send_email(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                        reference=reference,
                        one_click_unsubscribe_url=unsubscribe,
                    )
            except NotifyError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent

    def delivered(self, key: str) -> bool:
        return self.client.delivered(key)


# --- Text messages -----------------------------------------------------------------------------


class NotifySmsBackend:
    """Text messages through GOV.UK Notify."""

    def __init__(self):
        self.client = NotifyClient()
        self.template_id = settings.NOTIFY_SMS_TEMPLATE_ID
        if not self.template_id:
            raise ImproperlyConfigured("NOTIFY_SMS_TEMPLATE_ID is needed to send text messages.")

    def send(self, *, phone_number: str, body: str, reference: str) -> None:
        self.client.send_sms(
            phone_number=phone_number,
            template_id=self.template_id,
            personalisation={"body": body},
            reference=reference,
        )

    def delivered(self, key: str) -> bool:
        return self.client.delivered(key)


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
