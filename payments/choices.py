"""A person's payment choice: the newest `PaymentChoice` row counts. Every reading of it is here,
so "newest" means the same everywhere: one person, many people, or inside a query."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from .models import PaymentChoice

# Newest first: the first row of a person's choices is the one that counts.
NEWEST_FIRST = ("-chosen_at", "-pk")


def current_choice(cocreator) -> PaymentChoice | None:
    """A person's choice now, or None when they have not chosen."""
    return PaymentChoice.objects.filter(cocreator=cocreator).order_by(*NEWEST_FIRST).first()


def current_choices(cocreator_ids) -> dict[int, PaymentChoice]:
    """Each person's newest choice, in one query."""
    choices: dict[int, PaymentChoice] = {}
    rows = PaymentChoice.objects.filter(cocreator_id__in=list(cocreator_ids)).order_by(
        "cocreator_id", *NEWEST_FIRST
    )
    for row in rows:
        choices.setdefault(row.cocreator_id, row)
    return choices


def current_method(cocreator_ref: str = "cocreator") -> Subquery:
    """The method of the person's choice now, for a query (`.annotate(...)`): the person is the
    outer row's `cocreator_ref`."""
    return Subquery(
        PaymentChoice.objects.filter(cocreator=OuterRef(cocreator_ref))
        .order_by(*NEWEST_FIRST)
        .values("method")[:1]
    )
