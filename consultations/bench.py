"""Consultations' URLs in `make bench`: each feature package's entries (with functions finding
real ids) and reasons to skip, in its own `bench.py`; registered with reporting's benchmark
registry from ConsultationsConfig.ready() (reporting reads no higher app)."""

from .discussion import bench as discussion
from .outcomes import bench as outcomes
from .reach import bench as reach
from .staff import bench as staff
from .taking_part import bench as taking_part

PACKAGES = (staff, taking_part, discussion, outcomes, reach)


def entries() -> tuple:
    return tuple(bench for package in PACKAGES for bench in package.ENTRIES)


def skips() -> dict[str, str]:
    merged: dict[str, str] = {}
    for package in PACKAGES:
        merged.update(package.SKIP)
    return merged
