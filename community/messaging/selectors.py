"""Reading messages: how far a broadcast has got, and the failed and retrying lists for staff."""

from django.db import models

from ..models import Message, MessageStatus


def broadcast_progress(broadcast) -> dict:
    """How far a broadcast has got, in one query."""
    counts = Message.objects.filter(broadcast=broadcast).aggregate(
        total=models.Count("pk"),
        sent=models.Count("pk", filter=models.Q(status=MessageStatus.SENT)),
        failed=models.Count("pk", filter=models.Q(status=MessageStatus.FAILED)),
        skipped=models.Count("pk", filter=models.Q(status=MessageStatus.SKIPPED)),
    )
    waiting = counts["total"] - counts["sent"] - counts["failed"] - counts["skipped"]
    return {**counts, "waiting": waiting, "finished": waiting == 0}


# --- For staff ---------------------------------------------------------------------------------


def messages_failed() -> models.QuerySet:
    """Messages that will not be sent without someone acting: permanent failures, or given up."""
    return (
        Message.objects.filter(status=MessageStatus.FAILED)
        .select_related("cocreator", "user")
        .order_by("-created_at", "-pk")
    )


def messages_retrying() -> models.QuerySet:
    """Messages that failed for a while and are waiting to be tried again."""
    return (
        Message.objects.filter(status=MessageStatus.PENDING, attempts__gt=0)
        .select_related("cocreator", "user")
        .order_by("-created_at", "-pk")
    )
