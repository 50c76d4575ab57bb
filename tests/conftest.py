"""Named personas and shared fixtures. Tests read as sentences about these people."""

import fcntl
import os
import socket
import tempfile
import threading
from pathlib import Path

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
# Chromium with a fresh temporary --user-data-dir, started once and reset for each test
# (tests/browser/conftest.py), so they are shared out one by one like any other test.


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


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_blocker):
    """Set up the test database, then make sure the rows that data migrations load are there, even
    in a reused test database.

    Tests that commit (browser, worker) end with a flush, which empties those tables; a later run
    with --reuse-db would otherwise start without roles, localities or benchmarks.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    from community.reference import load_all
    from impact.reference import load_themes
    from reporting.plan.services import load_plan

    # The database: pytest-django's own django_db_setup, or a copy of a migrated template (below).
    copies = _copies_template_db(request, django_db_blocker)
    request.getfixturevalue("_copy_of_template_db" if copies else "django_db_setup")
    # From here on `connection` is this worker's own database, whichever way it was made.
    with django_db_blocker.unblock():
        for role in Role:
            Group.objects.get_or_create(name=role.label)
        load_all(apps.get_model)
        load_themes(apps.get_model)
        load_plan(apps.get_model)
        # Tests with serialized_rollback restore this snapshot, so take it again with the rows in.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        _restore_in_bulk(connection)
        _flush_by_deleting(connection)


# --- One migration a run under xdist on PostgreSQL --------------------------------------------
#
# pytest-django gives each xdist worker its own test database, and each worker runs every migration
# (about 36 s of CPU; four at once on two cores took 70 to 88 s before the first test could run).
# On PostgreSQL the first worker to take a lock creates and migrates the test database
# (`test_<NAME>`) as pytest-django would without xdist, and each worker then uses its own copy of
# it (`test_<NAME>_gw0`, ..., the names pytest-django gives them) made by CREATE DATABASE ...
# TEMPLATE, which copies the files in well under a second: 32 to 36 s in all. SQLite, a run
# without xdist and --nomigrations keep pytest-django's way.


def _copies_template_db(request, django_db_blocker) -> bool:
    """Whether this xdist worker's database is to be a copy of the template. With --reuse-db, a
    worker's database kept from an earlier run is migrated in place instead, as before (which costs
    little when there is nothing new to apply), and only a missing one is copied."""
    from django.db import connection, connections

    if not (
        "PYTEST_XDIST_TESTRUNUID" in os.environ
        and connection.vendor == "postgresql"
        and list(connections) == ["default"]
        and request.getfixturevalue("django_db_use_migrations")
    ):
        return False
    if request.getfixturevalue("django_db_createdb") or not request.getfixturevalue(
        "django_db_keepdb"
    ):
        return True
    kept = f"{connection.creation._get_test_db_name()}_{os.environ['PYTEST_XDIST_WORKER']}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        return not connection.creation._database_exists(cursor, kept)


def _template_db_lock(run: str) -> Path:
    """A file shared by one run's workers: locked while the template is made, then holding its
    name."""
    return Path(tempfile.gettempdir()) / f"cocreation-test-template-{run}"


@pytest.fixture(scope="session")
def _copy_of_template_db(request, django_db_blocker, django_db_keepdb, django_db_createdb):
    """This worker's copy of the template, which the first worker here creates and migrates with
    the options pytest-django would use; dropped at the end unless --reuse-db keeps it."""
    from django.db import connection

    verbosity = request.config.option.verbose
    worker = os.environ["PYTEST_XDIST_WORKER"]
    original_name = connection.settings_dict["NAME"]
    lock_path = _template_db_lock(os.environ["PYTEST_XDIST_TESTRUNUID"])
    with django_db_blocker.unblock():
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file closes
            lock.seek(0)
            template = lock.read()
            if not template:
                template = connection.creation.create_test_db(
                    verbosity=verbosity,
                    autoclobber=True,
                    serialize=False,  # django_db_setup takes the snapshot on each copy
                    keepdb=django_db_keepdb and not django_db_createdb,
                )
                connection.close()  # a template is copied only while no one is connected to it
                lock.write(template)
        connection.settings_dict["NAME"] = template  # (create_test_db leaves it so too)
        # Always a fresh copy (keepdb=False: an old one is dropped), so new migrations reach it.
        connection.creation.clone_test_db(suffix=worker, verbosity=verbosity)
        # This worker's database from now on: NAME switched (settings.DATABASES' own dict is
        # the connection's), connection closed so that the next query opens one to the copy.
        connection.creation.setup_worker_connection(worker)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            connection.creation.destroy_test_db(original_name, verbosity)


_RUN = pytest.StashKey[str]()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """On the xdist controller: remember the run's id, by which the workers name the lock."""
    node.config.stash[_RUN] = node.workerinput["testrunuid"]


def pytest_sessionfinish(session):
    """On the xdist controller, once every worker has finished (and dropped its copy): drop the
    template, unless --reuse-db keeps it."""
    run = session.config.stash.get(_RUN, None)
    lock_path = run and _template_db_lock(run)
    if not lock_path or not lock_path.exists():
        return
    template = lock_path.read_text()
    lock_path.unlink()
    if template and not session.config.getvalue("reuse_db"):
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        original_name = connection.settings_dict["NAME"]
        connection.settings_dict["NAME"] = template
        with session.config.stash[blocking_manager_key].unblock():
            connection.creation.destroy_test_db(original_name, session.config.option.verbose)


# --- Faster resets for the tests that commit (browser and worker tests) -----------------------
#
# Each such test ends with a flush of every table and the next one starts by restoring the rows
# the migrations loaded (about 1,100: permissions, benchmarks, plan, reference lists). Django
# restores them one INSERT at a time after parsing the JSON again (1.2 s a test on this 2-core
# machine) and flushes with one TRUNCATE of every table (0.6 s, a new file per table). Here the
# snapshot is parsed once and restored with one INSERT per table, and on PostgreSQL the flush
# deletes the rows instead; the rows and tables are the same, so no test sees a difference.


def _restore_in_bulk(connection) -> None:
    from collections import defaultdict

    from django.core import serializers
    from django.db import transaction

    snapshot = connection._test_serialized_contents
    rows: dict = defaultdict(list)
    for obj in serializers.deserialize("json", snapshot, using=connection.alias):
        instance = obj.object
        rows[type(instance)].append(instance)
        for name, pks in (obj.m2m_data or {}).items():
            field = type(instance)._meta.get_field(name)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            rows[through] += [through(**{source: instance.pk, target: pk}) for pk in pks]
    if any(model._meta.parents for model in rows):
        return  # a model stored across two tables: keep Django's way, one row at a time
    original = connection.creation.deserialize_db_from_string

    def restore(data):
        if data is not snapshot:
            return original(data)
        with transaction.atomic(using=connection.alias):
            for model, instances in rows.items():
                # A row already there is the snapshot's own (the first test finds the rows the
                # migrations left), so it is kept, as Django's restore would update it in place.
                model._base_manager.using(connection.alias).bulk_create(
                    instances, ignore_conflicts=True
                )
            connection.check_constraints(table_names=[m._meta.db_table for m in rows])

    connection.creation.deserialize_db_from_string = restore


def _flush_by_deleting(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return  # only a superuser may switch the triggers off: keep TRUNCATE
    original = connection.ops.sql_flush

    def sql_flush(style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return original(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # Replica mode switches the triggers off for this transaction: the foreign keys' checks
        # (every table empties, so none would fail) and the figure triggers (which would write
        # data versions into a table being emptied).
        return ["SET LOCAL session_replication_role = replica"] + [
            f"DELETE FROM {connection.ops.quote_name(table)}"  # noqa: S608 (Django's table names)
            for table in tables
        ]

    connection.ops.sql_flush = sql_flush


def seed_demo_output() -> str:
    """Load the demo community (`manage.py seed_demo`) and return what it printed."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """The demo community, loaded once for a test module inside a transaction that is undone at
    the module's end. Each test runs in a savepoint within it (its own `db` transaction), so it
    starts from the freshly loaded demo whatever the tests before it changed."""
    from django.db import transaction

    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.delenv("DEMO_PASSWORD", raising=False)
        with transaction.atomic():
            output = seed_demo_output()
            yield output
            transaction.set_rollback(True)


@pytest.fixture
def seeded(_demo_for_module, db) -> str:
    """The demo community (loaded once a module), and what seed_demo printed when it loaded."""
    return _demo_for_module


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
