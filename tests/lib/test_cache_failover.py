"""Signing in, the portal and sign-in's rate limits keep working while Redis is frozen or stopped.

The cache is pointed at a server of the test's own on 127.0.0.1: one that accepts connections
and never answers (a Redis paused with SIGSTOP), or a port where nothing listens (a stopped
Redis). Never the shared Redis.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache, caches
from django.urls import reverse

from cocreation.jobs.models import CacheFallbackEntry
from cocreation.lib import cache as failover
from tests.conftest import PASSWORD

SOCKET_TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def _fresh_failover_state():
    failover.reset_failover_state()
    yield
    failover.reset_failover_state()


@pytest.fixture(params=["frozen", "stopped"])
def broken_redis(request, settings):
    """The cache on a Redis that is frozen or stopped, with a short socket timeout."""
    url = request.getfixturevalue("frozen_server" if request.param == "frozen" else "closed_port")
    settings.CACHES = {
        "default": {
            "BACKEND": "cocreation.lib.cache.FailoverRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_timeout": SOCKET_TIMEOUT,
                "socket_connect_timeout": SOCKET_TIMEOUT,
                "retry_after": 30,
            },
        }
    }
    return request.param


class Stopwatch:
    """The longest single request, and the time all of them took."""

    def __init__(self, client):
        self.client, self.slowest, self.total = client, 0.0, 0.0

    def __getattr__(self, method):
        call = getattr(self.client, method)

        def timed(*args, **kwargs):
            started = time.monotonic()
            response = call(*args, **kwargs)
            took = time.monotonic() - started
            self.slowest, self.total = max(self.slowest, took), self.total + took
            assert response.status_code < 500, f"{args[0]} answered {response.status_code}"
            return response

        return timed


def test_a_cocreator_signs_in_uses_the_portal_and_signs_out_while_redis_is_broken(
    broken_redis, anonymous, cocreator
):
    client = Stopwatch(anonymous)
    response = client.post(
        reverse("account_login"), {"login": cocreator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert client.get(reverse("account_login")).status_code in (200, 302)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in anonymous.session
    # Only the first call to the cache waits for Redis; after it, the database answers at once.
    assert client.slowest < SOCKET_TIMEOUT + 1.0
    assert client.total < SOCKET_TIMEOUT + 2.0


def test_a_sign_in_code_is_sent_while_redis_is_broken(broken_redis, anonymous, cocreator):
    client = Stopwatch(anonymous)
    response = client.post(reverse("account_request_login_code"), {"email": cocreator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert client.total < SOCKET_TIMEOUT + 1.0


def test_staff_sign_in_with_two_factor_while_redis_is_broken(broken_redis, anonymous, staff_member):
    secret = generate_totp_secret()
    TOTP.activate(staff_member, secret)
    client = Stopwatch(anonymous)
    client.post(reverse("account_login"), {"login": staff_member.email, "password": PASSWORD})
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert response.url == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert client.total < SOCKET_TIMEOUT + 2.0


def test_wrong_passwords_are_still_limited_while_redis_is_broken(
    broken_redis, anonymous, cocreator
):
    for _ in range(5):
        page = anonymous.post(
            reverse("account_login"), {"login": cocreator.email, "password": "wrong-password"}
        )
        assert page.status_code == 200
    page = anonymous.post(
        reverse("account_login"), {"login": cocreator.email, "password": "wrong-password"}
    )
    assert "Too many failed login attempts" in page.content.decode()
    # The count is kept in the database, which every web process shares.
    assert CacheFallbackEntry.objects.filter(cache_key__contains="login_failed").exists()


def test_redis_is_tried_again_after_the_wait(settings, closed_port, db):
    settings.CACHES = {
        "default": {
            "BACKEND": "cocreation.lib.cache.FailoverRedisCache",
            "LOCATION": closed_port,
            "OPTIONS": {"socket_connect_timeout": SOCKET_TIMEOUT, "retry_after": 0.2},
        }
    }
    cache.set("a", 1)
    assert cache.get("a") == 1  # from the database
    backend = caches["default"]
    assert not backend.redis_usable()
    time.sleep(0.25)
    assert backend.redis_usable()


@pytest.mark.parametrize(
    ("persona", "paths"),
    [
        ("cocreator_client", ["/portal/", "/portal/opportunities/", "/portal/activities/"]),
        ("steering_client", ["/reports/", "/reports/periods/", "/reports/plan/"]),
        ("staff_client", ["/staff/", "/staff/community/", "/staff/community/gap/", "/reports/"]),
    ],
)
def test_each_home_and_the_cached_figures_work_while_redis_is_broken(
    broken_redis, request, persona, paths
):
    client = Stopwatch(request.getfixturevalue(persona))
    for path in paths:
        assert client.get(path, follow=True).status_code == 200, path
    assert client.total < SOCKET_TIMEOUT + 3.0
