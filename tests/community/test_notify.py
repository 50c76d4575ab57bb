"""GOV.UK Notify's own client, as our backends use it, against a fake Notify on 127.0.0.1.

The fake answers as Notify does and checks each request's Authorization header: a JSON Web Token
(HS256) naming the service and signed with the key's secret.
"""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from notifications_python_client.errors import HTTPError

from community.messaging import queueing, sending
from community.models import Message, MessageChannel, MessageStatus
from community.notify import (
    NotifyEmailBackend,
    get_sms_backend,
    notify_client,
    notify_delivered,
    parse_api_key,
)
from tests.community.delivery_support import (  # noqa: F401
    NOTE,
    delivery_templates,
    priya,
    send,
    texter,
)

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify(token: str, secret: str = SECRET) -> dict:
    """Check a token as Notify does; return its claims."""
    header, payload, signature = token.split(".")
    expected = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(expected, _unb64(signature)), "signature does not verify"
    assert json.loads(_unb64(header)) == {"typ": "JWT", "alg": "HS256"}
    return json.loads(_unb64(payload))


class FakeNotify(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), NotifyHandler)
        self.requests: list[dict] = []
        self.answers: list[int] = []  # status codes to answer with, in turn; then 201
        self.sent_references: set[str] = set()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class NotifyHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self, body):
        server: FakeNotify = self.server
        auth = self.headers.get("Authorization", "")
        server.requests.append(
            {"method": self.command, "path": self.path, "auth": auth, "body": body}
        )
        return server

    def _authorised(self) -> bool:
        """As Notify: a Bearer token for our service, signed with its secret, issued just now."""
        auth = self.headers.get("Authorization", "")
        try:
            claims = verify(auth.removeprefix("Bearer "))
        except (AssertionError, ValueError):
            claims = {}
        if not auth.startswith("Bearer ") or claims.get("iss") != SERVICE_ID:
            return False
        return abs(claims.get("iat", 0) - time.time()) < 30

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        server = self._record(body)
        if not self._authorised():
            errors = [{"error": "AuthError", "message": "Invalid token"}]
            return self._answer(403, {"status_code": 403, "errors": errors})
        status = server.answers.pop(0) if server.answers else 201
        if status != 201:
            errors = [{"error": "BadRequestError", "message": f"Status {status}"}]
            return self._answer(status, {"status_code": status, "errors": errors})
        server.sent_references.add(body.get("reference", ""))
        return self._answer(201, {"id": "bfb50d92-100d-4b8b-b559-14fa3b091cda", **body})

    def do_GET(self):
        server = self._record(None)
        if not self._authorised():
            errors = [{"error": "AuthError", "message": "Invalid token"}]
            return self._answer(403, {"status_code": 403, "errors": errors})
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        reference = query.get("reference", [""])[0]
        found = [{"reference": reference}] if reference in server.sent_references else []
        return self._answer(200, {"notifications": found, "links": {}})


@pytest.fixture
def notify(settings):
    server = FakeNotify()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = server.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    yield server
    server.shutdown()
    server.server_close()


def test_an_api_key_holds_the_service_id_and_secret():
    assert parse_api_key(API_KEY) == (SERVICE_ID, SECRET)
    with pytest.raises(ImproperlyConfigured, match="does not look like"):
        parse_api_key("not-a-key")


def test_a_key_with_the_wrong_secret_is_refused_as_notify_would(notify, settings):
    settings.NOTIFY_API_KEY = f"test_key-{SERVICE_ID}-{'0' * 8}-0000-0000-0000-{'0' * 12}"
    with pytest.raises(HTTPError) as raised:
        notify_client().send_sms_notification(
            phone_number="07700 900123", template_id=SMS_TEMPLATE, personalisation={"body": "x"}
        )
    assert raised.value.status_code == 403
    assert sending.is_temporary(raised.value) is False


def test_an_email_is_posted_with_its_template_personalisation_and_reference(notify):
    notify_client().send_email_notification(
        email_address="priya@example.org",
        template_id=EMAIL_TEMPLATE,
        personalisation={"subject": "Hello", "body": "Text"},
        reference="k:1",
        one_click_unsubscribe_url="https://example.org/unsubscribe/t/",
    )
    (request,) = notify.requests
    assert (request["method"], request["path"]) == ("POST", "/v2/notifications/email")
    assert request["auth"].startswith("Bearer ")
    claims = verify(request["auth"].removeprefix("Bearer "))
    assert claims["iss"] == SERVICE_ID
    assert abs(claims["iat"] - time.time()) < 30
    assert request["body"] == {
        "email_address": "priya@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {"subject": "Hello", "body": "Text"},
        "reference": "k:1",
        "one_click_unsubscribe_url": "https://example.org/unsubscribe/t/",
    }


def test_a_text_message_is_posted_with_its_body_and_reference(notify):
    notify_client().send_sms_notification(
        phone_number="07700 900123",
        template_id=SMS_TEMPLATE,
        personalisation={"body": "Hello"},
        reference="k:2",
    )
    (request,) = notify.requests
    assert request["path"] == "/v2/notifications/sms"
    assert request["body"] == {
        "phone_number": "07700 900123",
        "template_id": SMS_TEMPLATE,
        "personalisation": {"body": "Hello"},
        "reference": "k:2",
    }


@pytest.mark.parametrize(
    ("status", "temporary"), [(400, False), (403, False), (429, True), (500, True), (503, True)]
)
def test_refusals_are_permanent_and_overload_is_temporary(notify, status, temporary):
    notify.answers = [status]
    with pytest.raises(HTTPError) as raised:
        notify_client().send_sms_notification(
            phone_number="07700 900123", template_id=SMS_TEMPLATE, personalisation={"body": "x"}
        )
    assert raised.value.status_code == status
    assert sending.is_temporary(raised.value) is temporary


def test_a_notify_that_cannot_be_reached_is_a_temporary_failure(settings):
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(HTTPError) as raised:
        notify_delivered(notify_client(), "k:3")
    assert sending.is_temporary(raised.value)


def test_notify_says_whether_it_took_a_reference(notify):
    client = notify_client()
    assert notify_delivered(client, "k:4") is False
    client.send_sms_notification(
        phone_number="07700 900123",
        template_id=SMS_TEMPLATE,
        personalisation={"body": "x"},
        reference="k:4",
    )
    assert notify_delivered(client, "k:4") is True
    assert notify.requests[-1]["path"] == "/v2/notifications?reference=k%3A4"


def test_the_email_backend_sends_the_subject_and_text_body(notify):
    email = EmailMessage(
        subject="Spring update",
        body="Hello Priya",
        to=["priya@example.org"],
        headers={
            "X-Message-Key": "k:5",
            "List-Unsubscribe": "<https://example.org/unsubscribe/abc/>",
        },
    )
    assert NotifyEmailBackend().send_messages([email]) == 1
    body = notify.requests[0]["body"]
    assert body["personalisation"] == {"subject": "Spring update", "body": "Hello Priya"}
    assert body["reference"] == "k:5"
    assert body["one_click_unsubscribe_url"] == "https://example.org/unsubscribe/abc/"


def test_delivery_through_notify_email(notify, settings, priya, delivery_templates):
    settings.EMAIL_BACKEND = "community.notify.NotifyEmailBackend"
    message = send(
        cocreator_id=priya.pk, kind="reminder", key="r:1", template=NOTE, context={"title": "Hi"}
    )
    assert message.status == MessageStatus.SENT
    body = notify.requests[0]["body"]
    assert body["email_address"] == "priya@example.org"
    assert body["reference"] == "r:1"
    assert body["personalisation"]["subject"] == "Hi for Priya Shah"


def test_delivery_through_notify_text_messages(notify, settings, texter, delivery_templates):
    settings.SMS_BACKEND = "notify"
    message = send(
        cocreator_id=texter.pk, kind="reminder", key="r:2", template=NOTE, context={"title": "Hi"}
    )
    assert (message.channel, message.status) == (MessageChannel.SMS, MessageStatus.SENT)
    assert notify.requests[0]["body"]["personalisation"] == {"body": "Hi: hello Tom Texter."}


def test_a_refused_message_fails_at_once_and_an_overloaded_notify_is_tried_again(
    notify, settings, priya, delivery_templates
):
    settings.EMAIL_BACKEND = "community.notify.NotifyEmailBackend"
    notify.answers = [400]
    failed = send(cocreator_id=priya.pk, kind="reminder", key="r:3", template=NOTE)
    assert (failed.status, failed.attempts) == (MessageStatus.FAILED, 1)
    assert "400" in failed.last_error
    notify.answers = [500]
    queued = queueing.message_queue(
        cocreator_id=priya.pk, kind="reminder", key="r:4", template=NOTE
    )
    outcome = sending.message_deliver(queued.pk)
    waiting = Message.objects.get(pk=queued.pk)
    assert (waiting.status, outcome.retry_in) == (MessageStatus.PENDING, 30)
    assert sending.message_deliver(waiting.pk).status == MessageStatus.SENT


def test_a_message_notify_took_before_the_worker_died_is_not_sent_again(
    notify, settings, priya, delivery_templates
):
    from datetime import timedelta

    from django.utils import timezone

    settings.EMAIL_BACKEND = "community.notify.NotifyEmailBackend"
    message = send(cocreator_id=priya.pk, kind="reminder", key="r:5", template=NOTE)
    # As if the worker had died after Notify took it but before the row was marked sent.
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert sending.message_deliver(message.pk).status == MessageStatus.SENT
    posts = [r for r in notify.requests if r["method"] == "POST"]
    assert len(posts) == 1


def test_sms_backend_names(settings):
    settings.SMS_BACKEND = "none"
    assert get_sms_backend() is None
    settings.SMS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured):
        get_sms_backend()


def _sms_backend_from_settings(notify_api_key: str) -> str:
    """SMS_BACKEND as the real settings work it out from the environment, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "EMAIL_URL"))}
    env["NOTIFY_API_KEY"] = notify_api_key
    done = subprocess.run(
        [sys.executable, "-c", "from cocreation.settings import base; print(base.SMS_BACKEND)"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_without_a_notify_key_text_messages_are_not_set_up(settings, texter, delivery_templates):
    settings.SMS_BACKEND = _sms_backend_from_settings("")
    message = send(
        cocreator_id=texter.pk, kind="reminder", key="r:6", template=NOTE, context={"title": "Hi"}
    )
    assert (message.channel, message.status) == (MessageChannel.SMS, MessageStatus.SKIPPED)
    assert message.reason == "Text messages are not set up."


def test_with_a_notify_key_text_messages_go_through_notify():
    assert _sms_backend_from_settings(API_KEY) == "notify"
