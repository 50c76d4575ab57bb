"""A recording email backend for tests that run real worker processes.

`RecordingFileBackend` appends one line per message to `EMAIL_FILE_PATH` (the message key, the
address and the subject, as JSON), flushes and fsyncs before it returns, so a line on disk means
"the provider took it" even if the worker is killed a moment later. It can say whether it took a
key (`delivered`), which is what lets delivery reconcile a message a dead worker left SENDING.

`UnconfirmedRecordingFileBackend` records the same way but, like plain SMTP, cannot say whether
it took a message, so tests can measure the duplicates that SMTP allows after a worker dies.

`RECORDING_EMAIL_DELAY_SECONDS` (a setting, 0 unless a test sets it) waits after each message is
recorded and before returning: the window in which a worker killed mid-send has sent a message
but not yet marked it sent.
"""

import fcntl
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend


class RecordingFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        path = file_path or getattr(settings, "EMAIL_FILE_PATH", None)
        if not path:
            raise ImproperlyConfigured("RecordingFileBackend needs EMAIL_FILE_PATH.")
        self.path = Path(path)

    def send_messages(self, email_messages) -> int:
        delay = float(getattr(settings, "RECORDING_EMAIL_DELAY_SECONDS", 0) or 0)
        for message in email_messages:
            line = json.dumps(
                {
                    "key": (message.extra_headers or {}).get("X-Message-Key", ""),
                    "to": message.to,
                    "subject": message.subject,
                    "headers": sorted(message.extra_headers or {}),
                    "pid": os.getpid(),  # which worker process sent it
                }
            )
            with open(self.path, "a", encoding="utf-8") as out:
                fcntl.flock(out, fcntl.LOCK_EX)  # several worker processes share the file
                out.write(line + "\n")
                out.flush()
                os.fsync(out.fileno())
            if delay:
                time.sleep(delay)
        return len(email_messages)

    def delivered(self, key: str) -> bool:
        return key in recorded_keys(self.path)


class UnconfirmedRecordingFileBackend(RecordingFileBackend):
    """Records like `RecordingFileBackend`, but cannot say what it took (like SMTP)."""

    delivered = None  # delivery then sends again what a dead worker may have sent


def recorded_lines(path) -> list[dict]:
    """Every message the backend recorded at `path`, oldest first."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def recorded_keys(path) -> set[str]:
    return {line["key"] for line in recorded_lines(path)}
