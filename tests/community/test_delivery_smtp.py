"""A real SMTP conversation: a server that refuses twice, then accepts, gets each message once."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import socketserver
import threading

import pytest

from community.messaging import queueing, sending
from community.models import Message, MessageStatus
from tests.community.delivery_support import (  # noqa: F401
    NOTE,
    delivery_templates,
    make_person,
    priya,
)
from tests.community.test_delivery import start

pytestmark = pytest.mark.usefixtures("delivery_templates")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, *, refuse_first: int, code: int = 451):
        super().__init__(("127.0.0.1", 0), Handler)
        self.refusals_left = refuse_first
        self.code = code
        self.received: list[bytes] = []
        self.data_commands = 0
        self.lock = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    """Just enough SMTP: greet, EHLO, MAIL, RCPT, DATA (refused the first N times), RSET, QUIT."""

    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        server: Server = self.server
        self.reply("220 test.example ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test.example")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                with server.lock:
                    server.data_commands += 1
                    refuse = server.refusals_left > 0
                    server.refusals_left -= refuse
                if refuse:
                    self.reply(f"{server.code} Please try again later")
                    continue
                self.reply("354 Go ahead")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                with server.lock:
                    server.received.append(body)
                self.reply("250 Accepted")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


@pytest.fixture
def smtp_server(settings):
    servers = []

    def make(**kwargs):
        server = Server(**kwargs)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        return server

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


def _keys(server: Server) -> list[str]:
    keys = []
    for body in server.received:
        for line in body.decode().splitlines():
            if line.startswith("X-Message-Key: "):
                keys.append(line.removeprefix("X-Message-Key: "))
    return keys


def test_a_server_that_refuses_twice_then_accepts_gets_the_message_once(
    smtp_server, priya, django_capture_on_commit_callbacks
):
    server = smtp_server(refuse_first=2)
    with django_capture_on_commit_callbacks(execute=True):
        start([priya])  # the batch and its retries run eagerly, in this process
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 3)
    assert server.data_commands == 3
    assert _keys(server) == [message.key]


def test_every_message_of_a_batch_arrives_once_when_the_server_refuses_twice(
    smtp_server, priya, django_capture_on_commit_callbacks
):
    server = smtp_server(refuse_first=2)
    people = [priya, *(make_person(f"Person{i} Test") for i in range(4))]
    with django_capture_on_commit_callbacks(execute=True):
        start(people)
    messages = Message.objects.order_by("pk")
    assert {m.status for m in messages} == {MessageStatus.SENT}
    assert sorted(_keys(server)) == sorted(m.key for m in messages)
    assert sum(m.attempts for m in messages) == 5 + 2


def test_a_single_message_is_sent_once_after_refusals(smtp_server, priya):
    server = smtp_server(refuse_first=1)
    message = queueing.message_queue(
        cocreator_id=priya.pk, kind="reminder", key="r:1", template=NOTE
    )
    assert sending.message_deliver(message.pk).retry_in == 30
    assert Message.objects.get().status == MessageStatus.PENDING
    assert sending.message_deliver(message.pk).status == MessageStatus.SENT
    assert sending.message_deliver(message.pk).status == MessageStatus.SENT
    assert _keys(server) == ["r:1"]


def test_a_permanent_refusal_fails_the_message_at_once(
    smtp_server, priya, django_capture_on_commit_callbacks
):
    server = smtp_server(refuse_first=10, code=554)
    with django_capture_on_commit_callbacks(execute=True):
        start([priya])
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "554" in message.last_error
    assert server.received == []
