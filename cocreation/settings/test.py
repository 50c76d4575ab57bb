"""The test suite: fast hashing, email kept in memory, tasks run in-process unless a test says otherwise."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Text messages are kept in community.notify.sms_outbox; Notify is never called by tests.
SMS_BACKEND = "locmem"
NOTIFY_API_KEY = ""
STAFF_MFA_REQUIRED = True
CELERY_TASK_ALWAYS_EAGER = True
# The test database is SQLite in memory, one connection shared by the test and the browser tests'
# live server; taking the write lock at the start of every transaction (the embedded default's
# IMMEDIATE mode, for the web and the worker sharing a file) would make overlapping requests fail.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"].pop("transaction_mode", None)  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True
# Tests must not depend on a manifest from collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
