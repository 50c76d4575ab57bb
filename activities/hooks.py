"""What other apps do when attendance is recorded, without activities reading them.

A higher app (payments: draft claims for a paid session) registers a function from its
`AppConfig.ready()`; `attendance_record_session` calls each in its own transaction with the
activity and the ids of the people whose lines were recorded, so the work commits or rolls back
with the register itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_ATTENDANCE_RECORDED: dict[str, Callable] = {}


def attendance_recorded_register(*, key: str, handler: Callable) -> None:
    """Call `handler(activity=..., cocreator_ids=...)` after every register is recorded."""
    _ATTENDANCE_RECORDED[key] = handler


def attendance_recorded(*, activity, cocreator_ids: Iterable[int]) -> None:
    ids = sorted(set(cocreator_ids))
    if not ids:
        return
    for handler in _ATTENDANCE_RECORDED.values():
        handler(activity=activity, cocreator_ids=ids)
