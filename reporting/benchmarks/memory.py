"""A process's peak resident memory, for the benchmarks' memory figures."""

import os
import resource
from pathlib import Path


def peak_mb(pid: int | None = None) -> float | None:
    """The process's peak resident memory (VmHWM) in MB, from /proc; this process's by default.

    Not `ru_maxrss`: on Linux a process started by another keeps the starting process's peak as
    its own (the high-water mark is carried across exec), so a benchmark run from `make bench`
    would report the page timings' memory, not its own. Where /proc is missing (not Linux),
    `ru_maxrss` for this process, and None for another.
    """
    try:
        for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    if pid is None or pid == os.getpid():
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return None
