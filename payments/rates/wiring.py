"""What rates registers with the other apps, called from PaymentsConfig.ready()."""

from activities.opportunity_facts import opportunity_facts_register

from .selectors import payment_facts


def wire() -> None:
    # An activity's portal and calendar pages say, before booking, whether it is paid, at what
    # rate and which expenses are covered (activities reads no higher app). What leaving does to
    # a rate's `created_by` (UNLINK) is in payments/erasure.py.
    opportunity_facts_register(key="payments", facts=payment_facts)
