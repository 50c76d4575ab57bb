"""Changing a saved row: only the fields that differ are written, and the caller is told which."""

from collections.abc import Callable, Iterable

from django.db import models


def fields_apply(
    obj: models.Model, fields: dict, *, check: Callable[[], None] | None = None
) -> set[str]:
    """Set the fields whose value differs, validate and save; return the names that changed.

    `check` runs before Django's own validation, for rules that span fields.
    """
    changed = {name for name, value in fields.items() if getattr(obj, name) != value}
    for name in changed:
        setattr(obj, name, fields[name])
    if changed:
        if check is not None:
            check()
        obj.full_clean()
        obj.save()
    return changed


def related_set(manager, wanted: Iterable[models.Model]) -> bool:
    """Make a many-to-many relation hold exactly `wanted`; return whether it changed."""
    wanted = list(wanted)
    if {row.pk for row in wanted} == set(manager.values_list("pk", flat=True)):
        return False
    manager.set(wanted)
    return True
