"""Thin Celery tasks for the reporting app: the newsletter's schedule and the digests."""

from celery import shared_task

from .newsletters import digests, services
from .packs import services as pack_services
from .packs.models import GovernancePack
from .reports import figures


@shared_task(name="reporting.send_due_newsletters")
def send_due_newsletters() -> int:
    """Every minute: send the newsletters whose time has come; mark finished sends as sent."""
    return services.newsletters_send_due()


@shared_task(name="reporting.send_digests")
def send_digests() -> int:
    """Daily: queue a batch task for every thousand people whose digest is due."""
    return digests.digests_enqueue()


@shared_task(name="reporting.send_digest_batch")
def send_digest_batch(*, cocreator_ids: list[int]) -> int:
    """Build and send the digests for one batch of people (each is checked again: due, new)."""
    return digests.digest_send_batch(cocreator_ids=cocreator_ids)


@shared_task(name="reporting.warm_reports")
def warm_reports() -> int:
    """Every few minutes: work out the reports people open most, if the data has changed.

    Figures are cached under the data version (cocreation/lib/cached.py), so after a change the
    first steering member to open a report would wait for it; this does that work in the
    background instead: the steering group's report and the exact one staff see (with the
    steering figures beside it) for each period. Returns how many periods it looked at.
    """
    return len(figures.reports_warm())


@shared_task(name="reporting.make_pack_pdf")
def make_pack_pdf(*, pack_id: int) -> int:
    """Just after a pack is published: make its PDF once and keep it; returns its size in bytes."""
    return len(pack_services.pack_pdf_bytes(pack=GovernancePack.objects.get(pk=pack_id)))
