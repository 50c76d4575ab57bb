"""gunicorn's settings, read from this folder by `gunicorn` (the Dockerfile, docker-compose and the
load test in `make bench` all start it here).

Threads let a worker hold a visitor's open keep-alive connection while serving others, so a slow
or idle browser cannot take a whole worker; the keep-alive is longer than a person takes to read
a page. Measured in the load test (bench/latest.md, 2 CPUs): with 5 processes of 2 threads, 50
people browsing got a median of 53 ms and a 99th percentile of 367 ms, against 259 ms and 1,728 ms
with 5 single-threaded processes, whose workers each sat waiting on an idle connection.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 2))
keepalive = 10
timeout = 30
