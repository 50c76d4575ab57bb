import contextlib

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
