"""The benefits and tax notice a person reads before they choose how to be paid.

Its words are a template include (`templates/payments/claims/notice.html`), shown on the
person's own choice page and on the staff page for recording a choice on their behalf (staff
read it to them or give it to them). Each `PaymentChoice` row keeps the version the person saw.

When to change NOTICE_VERSION: whenever the notice's meaning changes (what may count as income,
which benefits are named, where to get advice, what the choices are), set it to the year and
month of the change, "YYYY-MM". People whose choice was made under an older version are asked to
read the new notice and choose again (their old choice still counts until they do). A spelling
fix or a change of layout that changes no meaning keeps the version.
"""

NOTICE_VERSION = "2026-12"
NOTICE_TEMPLATE = "payments/claims/notice.html"


def notice_is_current(choice) -> bool:
    """Whether a choice was made having read the notice as it is now."""
    return choice is not None and choice.notice_version == NOTICE_VERSION
