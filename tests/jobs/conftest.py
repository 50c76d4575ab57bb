import contextlib
import socket
import threading

import pytest

from cocreation.jobs import services


@contextlib.contextmanager
def broker_at(url: str):
    """Point the Celery app at another broker for the length of a block, publishing for real."""
    from cocreation.celery import app

    saved = (
        app.conf.broker_url,
        app.conf.task_always_eager,
        dict(app.conf.broker_transport_options or {}),
    )
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.conf.broker_transport_options = {
        "socket_timeout": 1,
        "socket_connect_timeout": 1,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
    app._after_fork()  # drop pooled connections to the old broker
    services._backoff_until = 0.0
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager, options = saved
        app.conf.broker_transport_options = options
        app._after_fork()
        services._backoff_until = 0.0


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
