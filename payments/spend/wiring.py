"""What spend registers with the other apps, called from PaymentsConfig.ready().

Nothing yet: staff reach the spend page from the payments pages' own links (the header menu's
"Payments"), and the steering report reads its totals through `selectors.paid_totals`.
"""


def wire() -> None:
    pass
