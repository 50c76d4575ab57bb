"""Named personas and shared fixtures. Tests read as sentences about these people."""

import os
import socket
import threading

import pytest
from django.core.cache import cache
from django.test import Client

from community.models import Role
from tests.community.factories import PASSWORD, UserFactory  # noqa: F401 (PASSWORD: tests import it from here)

# Real-worker tests share Redis and a Celery queue, so they cannot share the machine with a copy
# of themselves: they run one after another on a single xdist worker (`--dist loadgroup`).
SERIAL_MARKERS = ("worker",)
# Browser tests can run on every worker at once: each xdist worker has its own test database, its
# own live server (pytest-django binds port 0, so the kernel picks a free one) and its own
# Chromium with a fresh temporary --user-data-dir (tests/browser/conftest.py). Each browser module
# is kept together on one worker, so its Chromium starts once, and the modules are shared out.
BROWSER_MARKER = "browser"


def pytest_configure(config):
    """Under xdist, give each worker its own Redis database, as pytest-django gives it its own
    test database: `cache.clear()` before each test would otherwise empty the other worker's."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    if worker.startswith("gw") and isinstance(location, str) and location.startswith("redis"):
        base, _, db = location.rpartition("/")
        if not db.isdigit():
            base, db = location.rstrip("/"), "0"
        number = int(db)
        settings.CACHES["default"]["LOCATION"] = f"{base}/{number + 1 + int(worker[2:])}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(item.get_closest_marker(name) for name in SERIAL_MARKERS):
            item.add_marker(pytest.mark.xdist_group("serial"))
        elif item.get_closest_marker(BROWSER_MARKER):
            item.add_marker(pytest.mark.xdist_group(f"browser:{item.module.__name__}"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Make sure the rows that data migrations load are there, even in a reused test database.

    Tests that commit (browser, worker) end with a flush, which empties those tables; a later run
    with --reuse-db would otherwise start without roles, localities or benchmarks.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    from community.reference import load_all
    from impact.reference import load_themes
    from reporting.plan.services import load_plan

    with django_db_blocker.unblock():
        for role in Role:
            Group.objects.get_or_create(name=role.label)
        load_all(apps.get_model)
        load_themes(apps.get_model)
        load_plan(apps.get_model)
        # Tests with serialized_rollback restore this snapshot, so take it again with the rows in.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _figure_versions_move_at_each_statement(request):
    """On PostgreSQL the figure triggers fire at commit, and a test's transaction never commits.

    Making them fire at the end of each statement instead (as they would at each commit of an
    ordinary request) lets a test see the data version move. See reporting migration 0005.
    """
    uses_db = "db" in request.fixturenames or request.node.get_closest_marker("django_db")
    if uses_db:
        from django.db import connection

        request.getfixturevalue("_django_db_helper")  # the database is set up before we look
        # Only a test wrapped in a transaction; a transactional test commits as requests do.
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                # bump_calendar: the calendar feeds' versions (activities migration 0003).
                cursor.execute("SET CONSTRAINTS bump_figures, bump_calendar IMMEDIATE")
    yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; each test starts with none used.
    cache.clear()
    yield
    cache.clear()


def _person(email, role, name):
    return UserFactory(email=email, role=role, full_name=name)


@pytest.fixture
def staff_member(db):
    return _person("staff.member@example.org", Role.STAFF, "Sam Staff")


@pytest.fixture
def staff_member_with_mfa(staff_member):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff_member, generate_totp_secret())
    return staff_member


@pytest.fixture
def cocreator(db):
    return _person("cocreator@example.org", Role.COCREATOR, "Casey Cocreator")


@pytest.fixture
def other_cocreator(db):
    return _person("other.cocreator@example.org", Role.COCREATOR, "Olu Other")


@pytest.fixture
def steering_member(db):
    return _person("steering.member@example.org", Role.STEERING, "Sol Steering")


@pytest.fixture
def partner_member(db):
    """Someone at a system partner, or a service team's contact: the partner section only."""
    return _person("partner.member@example.org", Role.PARTNER, "Pat Partner")


@pytest.fixture
def anonymous():
    return Client()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_member_with_mfa):
    return client_for(staff_member_with_mfa)


@pytest.fixture
def cocreator_client(cocreator):
    return client_for(cocreator)


@pytest.fixture
def steering_client(steering_member):
    return client_for(steering_member)


# --- Servers that fail the way a frozen or stopped Redis does (loopback only, our own) ---


@pytest.fixture
def frozen_server():
    """A server on 127.0.0.1 that accepts connections and never answers, like a hung Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except TimeoutError:
                continue
            except OSError:
                break

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens, like a stopped Redis."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"redis://127.0.0.1:{port}/0"
