"""The benchmarks' memory figures are each process's own."""

import subprocess
import sys

from django.conf import settings

from reporting.benchmarks.memory import peak_mb


def test_a_process_started_by_a_big_one_reports_its_own_peak_memory():
    ballast = bytearray(200 * 1024 * 1024)
    for i in range(0, len(ballast), 4096):  # every page written, so it is resident
        ballast[i] = 1
    assert peak_mb() >= 200
    child = subprocess.run(
        [sys.executable, "-c", "from reporting.benchmarks.memory import peak_mb; print(peak_mb())"],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    # A bare Python is well under 100 MB; with the starting process's peak it would be over 200.
    assert float(child.stdout) < 100
    del ballast
