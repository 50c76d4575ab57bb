"""This package's URLs in `make bench`: `ENTRIES` (reporting.benchmarks.registry.Bench rows, with
functions finding real ids) and `SKIP` (URL name: the reason it is not timed)."""

from reporting.benchmarks.registry import Bench  # noqa: F401

ENTRIES: tuple = ()
SKIP: dict[str, str] = {}
