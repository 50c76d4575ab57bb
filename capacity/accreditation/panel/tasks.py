"""The panel's beat task: thin, the work is `services.renewals_notify`."""

from celery import shared_task

from .services import renewals_notify


@shared_task(name="capacity.send_accreditation_renewals")
def send_accreditation_renewals() -> int:
    """Tell services' contacts their accreditation is due for renewal (once per award and
    contact)."""
    return renewals_notify()
