"""A Redis server of a run's own, on a free loopback port: for the real-worker tests and the
newsletter benchmark, which must never use the shared Redis (6379)."""

import contextlib
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, *, seconds: float, every: float = 0.05, process=None) -> bool:
    """Call `check` until it is true or `seconds` have gone by (sooner if `process` has ended)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        if process is not None and process.poll() is not None:
            return check()
        time.sleep(every)
    return check()


@contextlib.contextmanager
def own_redis_server(folder: Path):
    """Start redis-server (nothing kept on disk) on a free loopback port, with its log in
    `folder`; yield its URL; stop it at the end. RuntimeError if it does not answer in 10 s."""
    import redis

    port = free_port()
    log = open(folder / "redis.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(  # noqa: S603 - redis-server with our own arguments
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5)

        def pong() -> bool:
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        if not wait_for(pong, seconds=10, process=server):
            raise RuntimeError(f"redis-server did not start: {(folder / 'redis.log').read_text()}")
        client.close()
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
