"""Thin Celery tasks for the reporting app: the newsletter's schedule and build, the digests."""

from celery import shared_task
from django.db import DatabaseError

from .groups.tasks import build_group_message, group_messages_resume  # noqa: F401 (registers)
from .newsletters import digests, services
from .packs import services as pack_services
from .packs.models import GovernancePack
from .reports import figures, rollups


@shared_task(name="reporting.send_due_newsletters")
def send_due_newsletters() -> int:
    """Every minute: send the newsletters whose time has come; mark finished sends as sent."""
    return services.newsletters_send_due()


@shared_task(
    name="reporting.build_newsletter",
    # The database away: try again later; each batch that committed stays made.
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=6,
)
def build_newsletter(*, issue_id: int) -> int:
    """Just after Send: make a message for each person, a batch at a time, for delivery."""
    return services.newsletter_build(issue_id=issue_id)


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


@shared_task(name="reporting.refresh_rollups")
def refresh_rollups() -> int:
    """Just after a change to the rows the report is counted from, and every minute: count the
    months it touched again (`reports.rollups`). Returns how many months it counted."""
    return rollups.rollups_refresh()


@shared_task(name="reporting.make_pack_pdf")
def make_pack_pdf(*, pack_id: int) -> int:
    """Just after a pack is published: make its PDF once and keep it; returns its size in bytes."""
    return len(pack_services.pack_pdf_bytes(pack=GovernancePack.objects.get(pk=pack_id)))
