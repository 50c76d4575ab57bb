"""Production: every secret from the environment, HTTPS only, strict headers.

Start-up fails with a plain message when something needed is missing.
"""

from cocreation.lib.env import env_bool, env_required

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env_required(
    "SECRET_KEY",
    why="Production needs its own long random secret key, for example from "
    "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`.",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. List the site's host names, separated by commas."
    )

STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=True)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
