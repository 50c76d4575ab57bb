"""A person's payment choice: the newest `PaymentChoice` row counts."""

from __future__ import annotations

from .models import PaymentChoice


def current_choice(cocreator) -> PaymentChoice | None:
    return PaymentChoice.objects.filter(cocreator=cocreator).order_by("-chosen_at", "-pk").first()


def current_choices(cocreator_ids) -> dict[int, PaymentChoice]:
    """Each person's newest choice, in one query."""
    choices: dict[int, PaymentChoice] = {}
    rows = PaymentChoice.objects.filter(cocreator_id__in=list(cocreator_ids)).order_by(
        "cocreator_id", "-chosen_at", "-pk"
    )
    for row in rows:
        choices.setdefault(row.cocreator_id, row)
    return choices
