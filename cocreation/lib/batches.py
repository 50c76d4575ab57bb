"""Long lists in batches, so each IN (...) list stays well inside every database's limit."""

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """The items in order, `size` at a time (the last batch may be shorter)."""
    if size < 1:
        raise ValueError("A batch holds at least one item.")
    for start in range(0, len(items), size):
        yield items[start : start + size]
