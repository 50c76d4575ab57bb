"""Publishing a locked governance pack (reads of packs are in `selectors`).

A pack is the period's report exactly as `reporting.reports.figures.report_for` gave it when staff
published it, with their narrative and a signature line. Pages, CSV and PDF of a pack are made
from `pack.content` only, so later changes to the data never reach them.
"""

import json
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from cocreation.jobs.services import task_publish
from cocreation.lib.dates import date_text
from cocreation.lib.periods import Period
from community.models import Role
from reporting.reports import exports, figures, summary

from .models import GovernancePack, PackAlreadyPublished

CONTENT_VERSION = 1


FIGURES_CHANGED = (
    "The figures changed while you were checking them. Check them again, then publish."
)


class PackRefused(PackAlreadyPublished):
    """Publishing was refused; the message says why in plain English."""


class FiguresChanged(PackRefused):
    """The report about to be frozen is not the one staff were shown and checked."""


def report_fingerprint(report: dict) -> str:
    """A fingerprint of a report's figures, to tell whether the report shown is the one frozen.

    The moment the report was worked out ("computed_at") is left out: it changes whenever the
    report is worked out again, even when no figure does.
    """
    return GovernancePack.digest_of(
        json.loads(json.dumps({k: v for k, v in report.items() if k != "computed_at"}))
    )


def publish_refusal(period: Period, *, today: date | None = None) -> str:
    """Why the period's pack cannot be published now, in plain English; "" when it can."""
    today = today or timezone.localdate()
    if period.end > today:
        return (
            f"{period.label} has not ended yet. You can publish its pack from "
            f"{date_text(period.end)}."
        )
    if GovernancePack.objects.filter(period_slug=period.slug).exists():
        return _already_published(period)
    return ""


def _already_published(period: Period) -> str:
    return (
        f"A governance pack for {period.label} has already been published. "
        "A published pack cannot be replaced."
    )


def signature_line(*, name: str, role: str, at) -> str:
    """The line that signs a pack: who published it, in what role, and when (UK time)."""
    local = timezone.localtime(at)
    return f"Published by {name}, {role}, on {date_text(local)} at {local:%H:%M}"


def pack_publish(
    *,
    period: Period,
    narrative: str,
    user,
    today: date | None = None,
    expected_digest: str | None = None,
) -> GovernancePack:
    """Freeze the period's report, the narrative and a signature into a new governance pack.

    Refuses (PackRefused, nothing written) if the period has not ended or already has a pack;
    and (FiguresChanged) if `expected_digest`, the `report_fingerprint` of the report staff were
    shown, is given and the report about to be frozen has a different one.
    """
    refusal = publish_refusal(period, today=today)
    if refusal:
        raise PackRefused(refusal)
    report = figures.report_for(period)
    if expected_digest is not None and report_fingerprint(report) != expected_digest:
        raise FiguresChanged(FIGURES_CHANGED)
    now = timezone.now()
    name = user.get_full_name()
    role = Role.STAFF.label
    content = {
        "version": CONTENT_VERSION,
        "report": report,
        "narrative": narrative,
        "signature": signature_line(name=name, role=role, at=now),
        "published_at": now.isoformat(),
        "published_by_name": name,
        "published_by_role": role,
        # The summary's "You said, we did" and plan actions needing attention, as they were.
        "attention": summary.attention_for(today or timezone.localdate(now), period),
    }
    # What is stored is what the digest is worked out from: JSON round-trip it first, so a
    # tuple or other JSON-equivalent value cannot make the stored copy differ from the signed one.
    content = json.loads(json.dumps(content))
    try:
        with transaction.atomic():
            pack = GovernancePack.objects.create(
                period_slug=period.slug,
                period_label=period.label,
                narrative=narrative,
                content=content,
                digest=GovernancePack.digest_of(content),
                published_at=now,
                published_by=user,
                published_by_name=name,
            )
            # Made once, by the worker; if the broker is down the first request for it makes it.
            transaction.on_commit(
                lambda: task_publish(
                    task_name="reporting.make_pack_pdf", kwargs={"pack_id": pack.pk}
                )
            )
            return pack
    except IntegrityError:
        # Two people publishing the same period at once: the unique slug lets one through.
        raise PackRefused(_already_published(period)) from None


def pack_pdf_name(pack: GovernancePack) -> str:
    """Where a pack's PDF is kept: named by its fingerprint, so a copy can only be of this pack."""
    return f"governance-packs/{pack.pk}-{pack.digest[:16]}.pdf"


def pack_pdf_bytes(*, pack: GovernancePack) -> bytes:
    """The pack's PDF. A pack never changes, so it is made once (by the worker just after
    publishing, or by the first request for it) and served from storage after that."""
    name = pack_pdf_name(pack)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        pass
    data = exports.pack_pdf(pack)
    if not default_storage.exists(name):  # two first requests at once: keep one copy
        default_storage.save(name, ContentFile(data))
    return data
