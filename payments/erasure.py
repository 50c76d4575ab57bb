"""What leaving does to payments rows (community/erasure.py), registered from ready().

Finance must keep what it paid: claims, their expenses and the export lines stay, with their
amounts, dates, kinds and states, linked only to the anonymous co-creator row; their free text
(a charity's name, a reason a claim was returned, what an expense was for) is emptied, and a
receipt's file is deleted from storage once the leaving commits. What is about the person and
nothing else goes: their payment choices (with the notice they saw), their payroll number and
any reference letter. Every "who did it" link to a login is emptied; the row is the team's.
"""

from __future__ import annotations

from django.db import transaction

from community.erasure import DELETE, KEEP, UNLINK, Erasure, erasure_policy_register

_TEAM = "Who recorded, approved or paid it: the row is the team's; the link to the leaver goes."
_FINANCE = (
    "Finance keeps what it paid: amounts, dates and states, linked to no one; the free text goes."
)


def receipts_delete_for_leaver(rows, leaver) -> None:
    """Delete each kept expense's receipt file (after the leaving commits, so a leaving that is
    rolled back loses nothing) and forget its name, type and size."""
    for expense in rows.exclude(receipt="").only("pk", "receipt"):
        storage, name = expense.receipt.storage, expense.receipt.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    rows.update(receipt="", receipt_name="", receipt_content_type="", receipt_size=None)


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="payments.Claim",
        links={
            "cocreator": Erasure(KEEP, _FINANCE),
            "submitted_by": Erasure(UNLINK, _TEAM),
            "returned_by": Erasure(UNLINK, _TEAM),
            "approved_by": Erasure(UNLINK, _TEAM),
            "second_approved_by": Erasure(UNLINK, _TEAM),
            "paid_by": Erasure(UNLINK, _TEAM),
        },
    )
    erasure_policy_register(
        label="payments.Expense",
        links={
            "claim": Erasure(
                KEEP,
                "Finance keeps the amount, kind and miles; what it was for goes, and the receipt "
                "file is deleted from storage.",
                custom=receipts_delete_for_leaver,
            ),
            "added_by": Erasure(UNLINK, _TEAM),
        },
    )
    erasure_policy_register(
        label="payments.PaymentExportLine",
        links={"claim": Erasure(KEEP, "Finance's record of what one export paid; no text in it.")},
    )
    erasure_policy_register(
        label="payments.PaymentChoice",
        links={
            "cocreator": Erasure(DELETE, "Their own choice about being paid, and the notice seen."),
            "chosen_by": Erasure(UNLINK, _TEAM),
        },
    )
    erasure_policy_register(
        label="payments.Payee",
        links={
            "cocreator": Erasure(DELETE, "Their payroll or supplier number: about them only."),
            "updated_by": Erasure(UNLINK, _TEAM),
        },
    )
    erasure_policy_register(
        label="payments.ReferenceLetter",
        links={
            "cocreator": Erasure(DELETE, "A letter about them cannot stand without them."),
            "written_by": Erasure(UNLINK, _TEAM),
        },
    )
    for label, names in (
        ("payments.PaymentRate", ("created_by",)),
        ("payments.PaymentExport", ("created_by", "paid_by")),
        ("payments.ProjectBudget", ("updated_by",)),
    ):
        erasure_policy_register(label=label, links={name: Erasure(UNLINK, _TEAM) for name in names})
