"""Strict reading of configuration from environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "on", "yes", "1"}
_FALSE = {"false", "off", "no", "0"}


def env_bool(name: str, *, default: bool) -> bool:
    """Read a boolean variable, refusing anything that is not clearly true or false."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (also accepted: on/off, yes/no, 1/0); it is {raw!r}."
    )


def env_required(name: str, *, why: str) -> str:
    """Read a variable that has no safe default, failing start-up with a plain message."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set. {why}")
    return value
