"""Claims' rows in a person's story (community/story.py): each claim with its status and amounts
(its expenses counted in), each payment choice, and (staff only) their payroll number being
recorded. Registered from the claims package's wire()."""

from __future__ import annotations

from django.urls import reverse

from community.story import StoryRow, story_limited, story_source_register

from ..choices import NEWEST_FIRST
from ..models import Claim, Payee, PaymentChoice, PaymentMethod
from ..money import claim_totals, money_text

# The person's own words for their choice.
_CHOICE_PORTAL = {
    PaymentMethod.PAYROLL: "You chose to be paid",
    PaymentMethod.VOUCHER: "You chose a shopping voucher instead of payment",
    PaymentMethod.DONATION: "You chose a donation to a charity instead of payment",
    PaymentMethod.DECLINED: "You chose no payment",
}


def claim_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Claims, newest change first, with their status, payment and expenses. Two queries."""
    claims = (
        Claim.objects.filter(cocreator=cocreator)
        .select_related("activity")
        .prefetch_related("expenses")
        .order_by("-updated_at", "-pk")
    )
    rows = []
    for claim in story_limited(claims, limit):
        totals = claim_totals(claim)
        count = len(claim.expenses.all())
        detail = (
            f"{claim.get_status_display()}. Payment {money_text(totals['payment'])}, "
            f"{count} expense{'' if count == 1 else 's'} {money_text(totals['expenses'])}, "
            f"total {money_text(totals['total'])}"
        )
        if for_staff:
            if claim.assisted:
                detail += ". Made or submitted by staff for them"
            url = reverse("payments:person-payments", args=[cocreator.pk])
        else:
            url = reverse("payments:my-claim", args=[claim.pk])
        rows.append(
            StoryRow(
                when=claim.updated_at,
                kind="Claim",
                title=f"Claim for {claim.activity.title}",
                detail=detail,
                url=url,
            )
        )
    return rows


def choice_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Each payment choice, newest first, with the notice version read. One query."""
    choices = PaymentChoice.objects.filter(cocreator=cocreator).order_by(*NEWEST_FIRST)
    rows = []
    for choice in story_limited(choices, limit):
        if for_staff:
            title = f"Payment choice: {choice.get_method_display()}"
            detail = f"Read the benefits and tax notice of {choice.notice_version}"
            if choice.assisted:
                detail += ". Recorded by staff for them"
            url = reverse("payments:person-payments", args=[cocreator.pk])
        else:
            title = _CHOICE_PORTAL.get(choice.method, choice.get_method_display())
            detail = ""
            url = reverse("payments:my-payments")
        if choice.charity:
            detail = (
                f"{detail}. Charity: {choice.charity}" if detail else f"Charity: {choice.charity}"
            )
        rows.append(
            StoryRow(
                when=choice.chosen_at, kind="Payment choice", title=title, detail=detail, url=url
            )
        )
    return rows


def payee_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """When their payroll number was last recorded (staff only; never the number). One query."""
    if not for_staff:
        return []
    payee = (
        Payee.objects.filter(cocreator=cocreator).only("updated_at", "payroll_reference").first()
    )
    if payee is None or limit == 0:
        return []
    recorded = "recorded" if payee.payroll_reference else "emptied"
    return [
        StoryRow(
            when=payee.updated_at,
            kind="Payment choice",
            title=f"Payroll or supplier number {recorded}",
            url=reverse("payments:person-payments", args=[cocreator.pk]),
            staff_only=True,
        )
    ]


def story_sources_register() -> None:
    """Claims' sources for a person's story."""
    story_source_register(
        key="payments-claims", models=["payments.Claim", "payments.Expense"], rows_for=claim_rows
    )
    story_source_register(
        key="payments-choices", models=["payments.PaymentChoice"], rows_for=choice_rows
    )
    story_source_register(key="payments-payee", models=["payments.Payee"], rows_for=payee_rows)
