"""`make run` (scripts/run.sh): links follow PORT, and one Ctrl+C stops everything it started.

The quick tests run the script itself with stand-ins for the server and the worker (small shell
scripts in a copy of the layout it expects), so they take a second. The slow one starts the real
server and worker on a free port on 127.0.0.1, with a temporary SQLite database and the embedded
filesystem broker (REDIS_URL unset, as on a newcomer's first run), and stops them with one
SIGINT to the script's process group, which is what Ctrl+C in a terminal sends.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPT = ROOT / "scripts" / "run.sh"
HAS_PROC = Path("/proc/self/stat").exists()

# A stand-in for `.venv/bin/python` (the server) or `.venv/bin/celery` (the worker): it writes
# down its environment, then, like the real ones, keeps a child (the reloader's server, the
# worker's pool) and waits.
STAND_IN = """#!/usr/bin/env bash
env > "$RUN_TEST_OUT/$(basename "$0").env"
sleep 300 &
wait
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_processes(session: int) -> list[tuple[int, str, str]]:
    """(pid, state, name) of every process in this session that has not exited (no zombies)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # it ended while we looked
        name = text[text.index("(") + 1 : text.rindex(")")]
        state, _ppid, _pgrp, sid = text[text.rindex(")") + 2 :].split()[:4]
        if int(sid) == session and state != "Z":
            found.append((int(stat.parent.name), state, name))
    return found


def _wait_until_gone(process: subprocess.Popen, seconds: float) -> list:
    deadline = time.monotonic() + seconds
    left = _session_processes(process.pid)
    while time.monotonic() < deadline and (process.poll() is None or left):
        time.sleep(0.1)
        left = _session_processes(process.pid)
    return left


def _kill_session(process: subprocess.Popen) -> None:
    """Clean up after a failed test: every process this test started, and nothing else."""
    for pid, _state, _name in _session_processes(process.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=10)


def _environment(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SITE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PORT"}
    }
    env.update(extra)
    return env


@pytest.fixture
def stand_ins(tmp_path):
    """A copy of the script in a folder laid out as it expects, with stand-ins in .venv/bin."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, project / "scripts" / "run.sh")
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "celery"):
        (bin_dir / name).write_text(STAND_IN)
        (bin_dir / name).chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    return project, out


def _start(project: Path, out: Path, **env) -> subprocess.Popen:
    with (out / "run.log").open("w") as output:
        return subprocess.Popen(
            ["bash", str(project / "scripts" / "run.sh")],
            env=_environment(RUN_TEST_OUT=str(out), **env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own session and process group, as under a terminal
        )


def _started_environments(out: Path, process: subprocess.Popen) -> dict[str, dict]:
    deadline = time.monotonic() + 10
    files = {name: out / f"{name}.env" for name in ("python", "celery")}
    while time.monotonic() < deadline and not all(f.exists() for f in files.values()):
        time.sleep(0.05)
    time.sleep(0.2)  # let them finish writing
    return {
        name: dict(line.split("=", 1) for line in f.read_text().splitlines() if "=" in line)
        for name, f in files.items()
    }


needs_proc = pytest.mark.skipif(not HAS_PROC, reason="needs /proc to see the processes (Linux)")


@needs_proc
def test_links_follow_port_when_site_url_is_not_set(stand_ins):
    project, out = stand_ins
    process = _start(project, out, PORT="8801")
    try:
        started = _started_environments(out, process)
        assert started["python"]["SITE_URL"] == "http://127.0.0.1:8801"  # the server
        assert started["celery"]["SITE_URL"] == "http://127.0.0.1:8801"  # the worker
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        assert _wait_until_gone(process, 15) == []


@needs_proc
def test_a_site_url_that_is_set_is_kept(stand_ins):
    project, out = stand_ins
    process = _start(project, out, PORT="8801", SITE_URL="https://cocreation.example.org")
    try:
        started = _started_environments(out, process)
        assert started["python"]["SITE_URL"] == "https://cocreation.example.org"
        assert started["celery"]["SITE_URL"] == "https://cocreation.example.org"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        assert _wait_until_gone(process, 15) == []


@needs_proc
@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_one_signal_to_the_group_stops_the_server_the_worker_and_their_children(
    stand_ins, signal_name
):
    project, out = stand_ins
    process = _start(project, out, PORT=str(_free_port()))
    try:
        _started_environments(out, process)
        names = [name for _pid, _state, name in _session_processes(process.pid)]
        assert names.count("sleep") >= 2  # each stand-in's child
        sent = time.monotonic()
        os.killpg(process.pid, getattr(signal, signal_name))
        left = _wait_until_gone(process, 15)
        took = time.monotonic() - sent
    except BaseException:
        _kill_session(process)
        raise
    assert left == [], f"Still running after one {signal_name}: {left}"
    assert took < 5, f"Stopping took {took:.1f} s"
    assert process.returncode != 0  # stopped by a signal, as a shell should report


@needs_proc
def test_when_the_worker_stops_by_itself_the_server_is_stopped_too(stand_ins):
    project, out = stand_ins
    (project / ".venv" / "bin" / "celery").write_text("#!/usr/bin/env bash\nexit 3\n")
    process = _start(project, out, PORT=str(_free_port()))
    try:
        left = _wait_until_gone(process, 15)
    except BaseException:
        _kill_session(process)
        raise
    assert left == []
    assert process.returncode == 1
    assert "stopped by itself" in (out / "run.log").read_text()


# --- The real server and worker ----------------------------------------------------------------


def _missing_for_the_real_run() -> list[str]:
    missing = []
    if not HAS_PROC:
        missing.append("/proc (Linux)")
    for tool in ("python", "celery"):
        if not (ROOT / ".venv" / "bin" / tool).exists():
            missing.append(f".venv/bin/{tool} (run `make run` or `make test` once)")
    return missing


def _environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


@pytest.mark.worker  # a real server and worker: one at a time, on one xdist worker
@pytest.mark.skipif(
    bool(_missing_for_the_real_run()), reason="; ".join(_missing_for_the_real_run())
)
def test_make_run_serves_and_one_ctrl_c_stops_the_server_and_the_worker(tmp_path):
    began = time.monotonic()
    port = _free_port()
    env = _environment(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_DIR=str(tmp_path / "broker"),
    )
    migrated = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    started = time.monotonic()
    print(f"migrating a new SQLite database took {started - began:.1f} s")

    output = tmp_path / "run.log"  # a file, not a pipe nobody reads while it runs
    with output.open("w") as out:
        process = subprocess.Popen(
            ["bash", str(SCRIPT)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    log = tmp_path / "broker" / "worker.log"
    try:
        deadline = time.monotonic() + 90
        answered = ready = False
        while time.monotonic() < deadline and not (answered and ready):
            assert process.poll() is None, output.read_text()
            if not answered:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        answered = True
                except OSError:
                    pass
            ready = ready or (log.exists() and "ready." in log.read_text())
            time.sleep(0.3)
        assert answered, "The server did not answer"
        assert ready, "The worker did not start: " + (log.read_text() if log.exists() else "")

        # Both processes were given SITE_URL on PORT (their environment, as the kernel keeps it).
        running = _session_processes(process.pid)
        site_urls = {
            name: _environ_of(pid).get("SITE_URL")
            for pid, _state, name in running
            if name in {"python", "celery"} or name.startswith("python")
        }
        assert set(site_urls.values()) == {f"http://127.0.0.1:{port}"}, site_urls

        sent = time.monotonic()
        print(f"make run served and its worker was ready {sent - started:.1f} s after it started")
        os.killpg(process.pid, signal.SIGINT)  # what one Ctrl+C in the terminal sends
        left = _wait_until_gone(process, 15)
        took = time.monotonic() - sent
    except BaseException:
        _kill_session(process)
        raise
    assert left == [], f"Still running 15 s after one Ctrl+C: {left}"
    assert "Stopping the server and the worker" in output.read_text()
    print(f"make run stopped {took:.1f} s after one Ctrl+C")
