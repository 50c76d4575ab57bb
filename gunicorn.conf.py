"""gunicorn's settings, read from this folder by `gunicorn` (the Dockerfile, docker-compose and the
load test in `make bench` all start it here).

One process per core, each with two threads. A process's threads take turns holding Python's
lock (the GIL) and overlap their waits on the database; more processes than cores only make the
processes share the cores, and each keep-alive connection stays with the process that accepted
it, so one visitor waits behind a busy process while another's is free. Measured on the 2-core
bench machine with 50 co-creators clicking as fast as the server answers (2026-12-07, wrk, 40 s
each): 5 processes of 2 threads gave 104 to 109 requests a second with a 99th percentile of 1,093
to 2,071 ms; 2 of 2 gave 114 a second and 732 ms (121 and 590 ms from a second load tool; 133 and
487 ms in the full `make bench` that followed); 3 of 3 gave a median of 76 ms but a 99th
percentile of 1,391 ms. Sync workers (no threads) did no better: 4 to 6 of them gave 101 to 118 a
second and 1,184 to 1,727 ms.

Threads also let a worker hold a visitor's open keep-alive connection while serving others, so a
slow or idle browser cannot take a whole worker; the keep-alive is longer than a person takes to
read a page. WEB_CONCURRENCY and WEB_THREADS change the shape.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 2))
keepalive = 10
timeout = 30


def post_worker_init(worker):
    """Load the URLs (and with them the views and forms), then set everything the worker holds
    aside from garbage collection, so a collection during a request looks only at what requests
    made."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loading them is the point
    gc.collect()
    gc.freeze()
